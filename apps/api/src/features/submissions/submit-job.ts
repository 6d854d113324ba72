import { randomUUID } from "node:crypto";
import {
  checkParentEligibility,
  type Endpoint,
  generations,
  subscribedWebhookEvents,
} from "@reprise/core";
import type { IdempotencyCompletion, Prisma } from "@reprise/db";
import type { Logger } from "@reprise/logger";
import { fail } from "../../http/api-error.js";
import type { Principal } from "../auth/authenticate.js";
import type { ParentJobLoader, RunEnqueuer, SubmissionRecorder } from "./batches.js";
import type { OutboxAcks } from "./outbox-acks.js";
import { parseSubmission, type Submission } from "./parse-request.js";
import { checkWebhookTarget } from "./webhook-target.js";

export interface SubmissionDeps {
  parentJobs: ParentJobLoader;
  recorder: SubmissionRecorder;
  enqueuer: RunEnqueuer;
  outboxAcks: OutboxAcks;
  logger: Logger;
  allowLoopbackWebhooks: boolean;
  enqueueTimeoutMs: number;
}

/** What a submission answers: always `202 {jobId, status}`. */
export interface Accepted {
  jobId: string;
  status: "QUEUED";
}

/** What the follow-up will cost, once its parent has been checked. */
async function costOf(deps: SubmissionDeps, principal: Principal, submission: Submission) {
  if (submission.kind === "generate") return generations[submission.model].cost;

  const parent = await deps.parentJobs.load(submission.body.parentJobId);
  const verdict = checkParentEligibility(principal, parent, submission.body);
  if (!verdict.ok) {
    const { code, message, details } = verdict.outcome;
    fail(code, { message, ...(details && { details }) });
  }
  return verdict.cost;
}

/** The request as it is echoed in `input`: everything but the mask, which is never stored. */
function splitMask(submission: Submission): {
  input: Record<string, unknown>;
  mask: Buffer | null;
} {
  const { mask, ...input } = submission.body as { mask?: string };
  if (mask === undefined) return { input, mask: null };
  // The schema left the bare base64: no data-URL prefix, no line breaks.
  return { input, mask: Buffer.from(mask, "base64") };
}

/** Puts the job on its queue; on failure or timeout the outbox relay will do it instead. */
async function enqueueOrLeaveToOutbox(deps: SubmissionDeps, submission: Submission, jobId: string) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("enqueue timed out")), deps.enqueueTimeoutMs);
  });
  try {
    await Promise.race([deps.enqueuer.load({ model: submission.model, jobId }), timeout]);
    deps.outboxAcks.acknowledge(jobId);
  } catch (error) {
    deps.logger.warn("enqueue deferred to outbox", { jobId, error });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Accepts one submission: validates it, checks the webhook target and the parent, then
 * charges and records the job in one statement, and only then enqueues it. Every refusal
 * happens before the charge, so a 4xx never moves a credit.
 */
export async function submitJob(
  deps: SubmissionDeps,
  principal: Principal,
  endpoint: Endpoint,
  body: unknown,
  idempotencyKey: string | null,
): Promise<Accepted> {
  const submission = parseSubmission(endpoint, body);
  const { webhookUrl } = submission.body;
  if (webhookUrl !== undefined) {
    await checkWebhookTarget(webhookUrl, { allowLoopback: deps.allowLoopbackWebhooks });
  }
  const creditCost = await costOf(deps, principal, submission);

  const jobId = randomUUID();
  const accepted: Accepted = { jobId, status: "QUEUED" };
  const { input, mask } = splitMask(submission);
  const idempotency: IdempotencyCompletion | null = idempotencyKey
    ? { key: idempotencyKey, responseBody: { ...accepted } }
    : null;

  const recorded = await deps.recorder.load({
    job: {
      id: jobId,
      userId: principal.userId,
      teamId: principal.teamId,
      apiKeyId: principal.apiKeyId,
      model: submission.model,
      action: submission.kind === "generate" ? "generate" : submission.body.action,
      parentJobId: submission.kind === "action" ? submission.body.parentJobId : null,
      input: input as Prisma.InputJsonObject,
      creditCost,
      webhookUrl: webhookUrl ?? null,
      webhookEvents: subscribedWebhookEvents(submission.body),
      mask,
    },
    idempotency,
  });

  switch (recorded.kind) {
    case "recorded":
      break;
    case "insufficient_credits":
      return fail("insufficient_credits", {
        extra: { creditsRequired: creditCost, creditsAvailable: recorded.available },
      });
    case "concurrency_limited":
      return fail("concurrency_limited", {
        message: `The team already runs its limit of ${recorded.limit} jobs at once`,
        headers: { "Retry-After": "5" },
      });
    default:
      return recorded satisfies never;
  }

  deps.logger.info("job accepted", { jobId, model: submission.model, creditCost });
  await enqueueOrLeaveToOutbox(deps, submission, jobId);
  return accepted;
}
