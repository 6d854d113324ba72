import {
  claimIdempotencyKey,
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

export interface IdempotentAnswer {
  body: { jobId: string; status: string };
  replayed: boolean;
}

/**
 * Runs a submission at most once per (team, Idempotency-Key). A repeat of a request that
 * created a job replays its answer with the job's current status; a different request under
 * the same key, or a repeat while the first is running, is 409. A request that creates no job
 * (any 4xx or 5xx) gives the key back, so it can be retried once the cause is fixed.
 */
export async function idempotent(
  prisma: PrismaClient,
  request: IdempotentRequest,
  run: (key: string | null) => Promise<Accepted>,
): Promise<IdempotentAnswer> {
  if (request.key === undefined) return { body: await run(null), replayed: false };
  if (!KEY_PATTERN.test(request.key)) {
    fail("validation_error", {
      details: { "Idempotency-Key": ["must be 1 to 255 printable characters"] },
    });
  }

  const { teamId, key } = request;
  const fingerprint = requestFingerprint(request.method, request.path, request.body);
  const claim = await claimIdempotencyKey(prisma, teamId, key, fingerprint);
  switch (claim.kind) {
    case "claimed":
      break;
    case "replay":
      return { body: await replayBody(prisma, claim.jobId), replayed: true };
    case "reused":
      return fail("idempotency_key_reused");
    case "in_progress":
      return fail("idempotency_in_progress", { headers: { "Retry-After": "1" } });
    default:
      return claim satisfies never;
  }

  try {
    return { body: await run(key), replayed: false };
  } catch (error) {
    await releaseIdempotencyKey(prisma, teamId, key, fingerprint);
    throw error;
  }
}

async function replayBody(prisma: PrismaClient, jobId: string) {
  const job = await prisma.job.findUniqueOrThrow({
    where: { id: jobId },
    select: { status: true },
  });
  return { jobId, status: job.status };
}
