import { createHash } from "node:crypto";
import { type PrismaClient, runStatement } from "./client.js";

/** How long a key is remembered: API.md's 24 hours. */
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * A claim older than this whose request never finished belongs to a request that died (its
 * process crashed). For a submission taking it over is safe: a job and the key's completion
 * commit together, so an unfinished claim never has a job behind it. The other POSTs complete
 * their key after they acted, so one that died in between is done again.
 */
const ABANDONED_CLAIM_MS = 60_000;

export type Claim =
  | { kind: "claimed" }
  /** `jobId` names the job a submission created; the other POSTs have none. */
  | { kind: "replay"; jobId: string | null; responseStatus: number; responseBody: unknown }
  | { kind: "in_progress" }
  | { kind: "reused" };

interface KeyRow {
  request_hash: string;
  state: "IN_PROGRESS" | "COMPLETED";
  job_id: string | null;
  response_status: number | null;
  response_body: unknown;
}

/** The fingerprint of a request: method, path and the body's canonical JSON. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`)
    .digest("hex");
}

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const fields = Object.keys(value)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      );
    return `{${fields.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Claims `key` for this request, atomically through the primary key: exactly one of any
 * number of concurrent requests gets "claimed". The others learn what happened to the first:
 * finished (replay it), still running, or a different request under the same key. An expired
 * key, or a claim abandoned by a crashed request, is taken over.
 */
export async function claimIdempotencyKey(
  prisma: PrismaClient,
  teamId: string,
  key: string,
  requestHash: string,
): Promise<Claim> {
  // A key released between our two statements is claimed again; twice is plenty.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const claim = await tryClaim(prisma, teamId, key, requestHash);
    if (claim) return claim;
  }
  return { kind: "in_progress" };
}

async function tryClaim(
  prisma: PrismaClient,
  teamId: string,
  key: string,
  requestHash: string,
): Promise<Claim | null> {
  const expiresAt = new Date(Date.now() + KEY_LIFETIME_MS);
  const abandonedBefore = new Date(Date.now() - ABANDONED_CLAIM_MS);
  const claimed = await runStatement(prisma, CLAIM, [
    teamId,
    key,
    requestHash,
    expiresAt,
    abandonedBefore,
  ]);
  if (claimed.rowCount === 1) return { kind: "claimed" };

  const { rows } = await runStatement<KeyRow>(
    prisma,
    `SELECT request_hash, state, job_id, response_status, response_body
     FROM idempotency_keys WHERE team_id = $1::uuid AND key = $2`,
    [teamId, key],
  );
  const row = rows[0];
  // Released between the two statements: the first request failed; this one may try again.
  if (!row) return null;
  if (row.request_hash !== requestHash) return { kind: "reused" };
  if (row.state === "IN_PROGRESS") return { kind: "in_progress" };
  return {
    kind: "replay",
    jobId: row.job_id,
    responseStatus: row.response_status ?? 202,
    responseBody: row.response_body,
  };
}

const CLAIM = `
  INSERT INTO idempotency_keys (team_id, key, request_hash, state, expires_at)
  VALUES ($1::uuid, $2, $3, 'IN_PROGRESS', $4)
  ON CONFLICT (team_id, key) DO UPDATE
  SET request_hash = EXCLUDED.request_hash, state = 'IN_PROGRESS', job_id = NULL,
      response_status = NULL, response_body = NULL, created_at = now(),
      expires_at = EXCLUDED.expires_at
  WHERE idempotency_keys.expires_at < now()
     OR (idempotency_keys.state = 'IN_PROGRESS' AND idempotency_keys.created_at < $5)`;

/**
 * Records the answer of a POST that is not a submission under its claimed key, so a repeat
 * replays it. Submissions complete theirs in the statement that records the job.
 */
export async function completeIdempotencyKey(
  prisma: PrismaClient,
  claimed: { teamId: string; key: string; requestHash: string },
  answer: { status: number; body: unknown },
): Promise<void> {
  await runStatement(
    prisma,
    `UPDATE idempotency_keys
     SET state = 'COMPLETED', response_status = $4, response_body = $5::jsonb
     WHERE team_id = $1::uuid AND key = $2 AND request_hash = $3 AND state = 'IN_PROGRESS'`,
    [claimed.teamId, claimed.key, claimed.requestHash, answer.status, JSON.stringify(answer.body)],
  );
}

/**
 * Gives the key back after a request that created no job (validation error, refusal, 5xx),
 * so the same key can be retried. Only an unfinished claim of this same request is removed.
 */
export async function releaseIdempotencyKey(
  prisma: PrismaClient,
  teamId: string,
  key: string,
  requestHash: string,
): Promise<void> {
  await prisma.$executeRaw`
    DELETE FROM idempotency_keys
    WHERE team_id = ${teamId}::uuid AND key = ${key} AND request_hash = ${requestHash}
      AND state = 'IN_PROGRESS'`;
}
