import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type PrismaClient,
  releaseIdempotencyKey,
  requestFingerprint,
} from "@reprise/db";
import { fail } from "../../http/api-error.js";
import type { Accepted } from "../submissions/submit-job.js";

/** API.md: 1–255 printable characters. */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

export interface IdempotentRequest {
  teamId: string;
  /** The raw `Idempotency-Key` header, if any. */
  key: string | undefined;
  method: string;
  path: string;
  body: unknown;
}

/** A submission's answer: its job, with the status it has now when replayed. */
interface SubmissionAnswer {
  jobId: string;
  status: string;
}

export interface IdempotentAnswer<Body> {
  status: number;
  body: Body;
  replayed: boolean;
}

/** A key this request now holds, or the first request's answer to replay. */
type KeyClaim =
  | { kind: "claimed"; teamId: string; key: string; requestHash: string }
  | { kind: "replay"; jobId: string | null; status: number; body: unknown };

/**
 * Claims the request's Idempotency-Key, or fails with 409 when a different request holds it
 * or the first one is still running. Null when the request carries no key.
 */
async function claimKey(
  prisma: PrismaClient,
  request: IdempotentRequest,
): Promise<KeyClaim | null> {
  if (request.key === undefined) return null;
  if (!KEY_PATTERN.test(request.key)) {
    fail("validation_error", {
      details: { "Idempotency-Key": ["must be 1 to 255 printable characters"] },
    });
  }

  const { teamId, key } = request;
  const requestHash = requestFingerprint(request.method, request.path, request.body);
  const claim = await claimIdempotencyKey(prisma, teamId, key, requestHash);
  switch (claim.kind) {
    case "claimed":
      return { kind: "claimed", teamId, key, requestHash };
    case "replay":
      return {
        kind: "replay",
        jobId: claim.jobId,
        status: claim.responseStatus,
        body: claim.responseBody,
      };
    case "reused":
      return fail("idempotency_key_reused");
    case "in_progress":
      return fail("idempotency_in_progress", { headers: { "Retry-After": "1" } });
    default:
      return claim satisfies never;
  }
}

/** Runs `run` under a claimed key; any failure gives the key back, so it can be retried. */
async function holding<T>(
  prisma: PrismaClient,
  claim: KeyClaim & { kind: "claimed" },
  run: () => Promise<T>,
) {
  try {
    return await run();
  } catch (error) {
    await releaseIdempotencyKey(prisma, claim.teamId, claim.key, claim.requestHash);
    throw error;
  }
}

/**
 * Runs a submission at most once per (team, Idempotency-Key). A repeat of a request that
 * created a job replays its answer with the job's current status; a different request under
 * the same key, or a repeat while the first is running, is 409. A request that creates no job
 * (any 4xx or 5xx) gives the key back, so it can be retried once the cause is fixed. The key's
 * completion is written with the job, in the same statement.
 */
export async function idempotentSubmission(
  prisma: PrismaClient,
  request: IdempotentRequest,
  run: (key: string | null) => Promise<Accepted>,
): Promise<IdempotentAnswer<SubmissionAnswer>> {
  const claim = await claimKey(prisma, request);
  if (claim === null) return { status: 202, body: await run(null), replayed: false };
  if (claim.kind === "replay") {
    // A submission's key is completed with the job it created, so it always names one.
    return { status: 202, body: await replayBody(prisma, claim.jobId as string), replayed: true };
  }
  return { status: 202, body: await holding(prisma, claim, () => run(claim.key)), replayed: false };
}

/**
 * Runs any other POST at most once per (team, Idempotency-Key), as API.md asks of every POST:
 * a repeat replays the first answer as it was. The answer is stored once the action is done,
 * so a process that dies in between leaves a claim that is taken over, and the action done
 * again, after a minute.
 */
export async function idempotentAction<Body>(
  prisma: PrismaClient,
  request: IdempotentRequest,
  status: number,
  run: () => Promise<Body>,
): Promise<IdempotentAnswer<Body>> {
  const claim = await claimKey(prisma, request);
  if (claim === null) return { status, body: await run(), replayed: false };
  if (claim.kind === "replay") {
    return { status: claim.status, body: claim.body as Body, replayed: true };
  }
  const body = await holding(prisma, claim, run);
  await completeIdempotencyKey(prisma, claim, { status, body });
  return { status, body, replayed: false };
}

async function replayBody(prisma: PrismaClient, jobId: string): Promise<SubmissionAnswer> {
  const job = await prisma.job.findUniqueOrThrow({
    where: { id: jobId },
    select: { status: true },
  });
  return { jobId, status: job.status };
}
