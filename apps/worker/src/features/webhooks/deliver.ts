import {
  beginDeliveryAttempt,
  type EventSettlement,
  type EventToQueue,
  finishDeliveryAttempt,
  type PrismaClient,
} from "@reprise/db";
import type { Logger } from "@reprise/logger";
import { webhookBody } from "./payload.js";
import type { Exchange, SendWebhook } from "./send.js";
import { signatureHeaders } from "./signing.js";

export interface DeliveryPolicy {
  /** The delay before each retry, in order; once they are used up the event is given up. */
  retryDelaysMs: readonly number[];
  /** How long after a rotation deliveries are also signed with the previous secret (ms). */
  secretGraceMs: number;
  /** How long an event waits for an earlier one of its job before looking again (ms). */
  orderWaitMs: number;
}

export interface DeliverDeps {
  prisma: PrismaClient;
  send: SendWebhook;
  logger: Logger;
  policy: DeliveryPolicy;
}

/** A `Retry-After` is honoured up to this long; beyond it, a receiver could park an event. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** What the queue adapter does next with an event's queue job. */
export type DeliveryStep =
  | { kind: "settled"; settlement: EventSettlement | "already"; next: EventToQueue | null }
  /** Put off: the attempt failed and is retried, or an earlier event is still owed. */
  | { kind: "later"; reason: "retrying" | "waiting"; delayMs: number };

/**
 * Makes one attempt at an owed event, unless an earlier event of its job is still owed (a
 * job's events reach the receiver in order) or it is already settled. Any 2xx delivers;
 * anything else (3xx, which is never followed, 410 and every other status, timeouts, TLS,
 * connection and SSRF refusals) is retried on the policy's schedule, as API.md has it, or
 * later when the receiver asks for it with `Retry-After`, and given up once the schedule is
 * used up.
 */
export async function deliverEvent(deps: DeliverDeps, eventId: string): Promise<DeliveryStep> {
  const start = await beginDeliveryAttempt(deps.prisma, eventId);
  switch (start.kind) {
    case "settled":
      return { kind: "settled", settlement: "already", next: null };
    case "waiting":
      return { kind: "later", reason: "waiting", delayMs: deps.policy.orderWaitMs };
    case "begun":
      break;
    default:
      return start satisfies never;
  }

  const { attempt } = start;
  const body = webhookBody(attempt);
  const headers = signatureHeaders(attempt, body, new Date(), deps.policy.secretGraceMs);
  const answer = await deps.send(attempt.job.webhookUrl, body, headers);

  const verdict = judge(answer, attempt.roundAttempt, deps.policy);
  const next = await finishDeliveryAttempt(
    deps.prisma,
    attempt.deliveryId,
    { statusCode: answer.statusCode, error: verdict.error, durationMs: answer.durationMs },
    verdict.settlement,
  );
  deps.logger.info("webhook attempt", {
    jobId: attempt.job.id,
    event: attempt.event,
    attempt: attempt.attempt,
    statusCode: answer.statusCode,
    error: verdict.error,
    outcome: verdict.settlement,
  });

  if (verdict.settlement === "retrying") {
    return { kind: "later", reason: "retrying", delayMs: verdict.delayMs };
  }
  return { kind: "settled", settlement: verdict.settlement, next };
}

interface Verdict {
  settlement: EventSettlement;
  /** What went wrong, for the deliveries list; null when delivered. */
  error: string | null;
  delayMs: number;
}

function judge(answer: Exchange, roundAttempt: number, policy: DeliveryPolicy): Verdict {
  const { statusCode } = answer;
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
    return { settlement: "delivered", error: null, delayMs: 0 };
  }
  const error = answer.error ?? describeStatus(statusCode ?? 0);

  const scheduled = policy.retryDelaysMs[roundAttempt - 1];
  if (scheduled === undefined) return { settlement: "failed", error, delayMs: 0 };
  const asked = Math.min(answer.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
  return { settlement: "retrying", error, delayMs: Math.max(scheduled, asked) };
}

function describeStatus(statusCode: number): string {
  if (statusCode >= 300 && statusCode < 400) {
    return `the receiver answered ${statusCode}: redirects are not followed`;
  }
  return `the receiver answered ${statusCode}`;
}
