import { type PrismaClient, poolOf } from "./client.js";
import type { JobStatus, Prisma } from "./generated/prisma/client.js";

export interface NewJob {
  id: string;
  userId: string;
  teamId: string;
  apiKeyId: string;
  model: string;
  action: string;
  parentJobId: string | null;
  /** The request as accepted, minus the mask. */
  input: Prisma.InputJsonValue;
  creditCost: number;
  webhookUrl: string | null;
  webhookEvents: readonly string[];
  /** Inpaint only: kept beside the job until the worker has sent it upstream. */
  mask: Buffer | null;
}

/** When set, the submission's Idempotency-Key is completed in the same statement. */
export interface IdempotencyCompletion {
  key: string;
  responseBody: Prisma.InputJsonValue;
}

export type RecordOutcome =
  | { kind: "recorded"; createdAt: Date }
  | { kind: "insufficient_credits"; available: number }
  | { kind: "concurrency_limited"; limit: number };

interface RecordedRow {
  created_at: Date | null;
}

/**
 * Charges the team and records the job in ONE statement: a conditional decrement of the
 * balance (never below zero, and only while the team has fewer than its limit of active
 * jobs), then the job row, its ledger charge, its outbox row, its mask and the completion of
 * its Idempotency-Key, each inserted only if the charge happened. Row locking on the team
 * makes concurrent submissions queue up on the balance, so no race can overdraw it.
 */
export async function chargeAndRecord(
  prisma: PrismaClient,
  job: NewJob,
  idempotency: IdempotencyCompletion | null,
): Promise<RecordOutcome> {
  const { rows } = await poolOf(prisma).query<RecordedRow>(CHARGE_AND_RECORD, [
    job.creditCost,
    job.teamId,
    job.id,
    job.userId,
    job.apiKeyId,
    job.model,
    job.action,
    job.parentJobId,
    JSON.stringify(job.input),
    job.webhookUrl,
    [...job.webhookEvents],
    job.webhookUrl ? "pending" : null,
    job.mask,
    idempotency ? JSON.stringify(idempotency.responseBody) : null,
    idempotency?.key ?? null,
  ]);

  const createdAt = rows[0]?.created_at;
  if (createdAt) return { kind: "recorded", createdAt };
  return explainRefusal(prisma, job);
}

const CHARGE_AND_RECORD = `
  WITH charged AS (
    UPDATE teams
    SET credits = credits - $1, active_jobs = active_jobs + 1
    WHERE id = $2::uuid AND credits >= $1 AND active_jobs < max_concurrent_jobs
    RETURNING id
  ), job AS (
    INSERT INTO jobs (id, user_id, team_id, api_key_id, model, action, parent_job_id, input,
                      credit_cost, webhook_url, webhook_events, webhook_status)
    SELECT $3::uuid, $4::uuid, id, $5::uuid, $6, $7, $8::uuid, $9::jsonb, $1, $10, $11::text[],
           $12::"WebhookStatus"
    FROM charged
    RETURNING id, team_id, created_at
  ), ledger AS (
    INSERT INTO credit_ledger (id, team_id, job_id, kind, amount)
    SELECT gen_random_uuid(), team_id, id, 'CHARGE', -$1::int FROM job
  ), outbox AS (
    INSERT INTO outbox (job_id) SELECT id FROM job
  ), mask AS (
    INSERT INTO job_masks (job_id, mask)
    SELECT id, $13::bytea FROM job WHERE $13::bytea IS NOT NULL
  ), idempotency AS (
    UPDATE idempotency_keys
    SET state = 'COMPLETED', job_id = job.id, response_status = 202, response_body = $14::jsonb
    FROM job
    WHERE idempotency_keys.team_id = job.team_id AND idempotency_keys.key = $15
  )
  SELECT (SELECT created_at FROM job) AS created_at`;

/** The charge did not happen: say whether credits or the concurrency limit stopped it. */
async function explainRefusal(prisma: PrismaClient, job: NewJob): Promise<RecordOutcome> {
  const team = await prisma.team.findUniqueOrThrow({
    where: { id: job.teamId },
    select: { credits: true, activeJobs: true, maxConcurrentJobs: true },
  });
  if (team.credits < job.creditCost) {
    return { kind: "insufficient_credits", available: team.credits };
  }
  return { kind: "concurrency_limited", limit: team.maxConcurrentJobs };
}

export interface ParentJobRow {
  id: string;
  userId: string;
  teamId: string;
  model: string;
  action: string;
  status: JobStatus;
  supportsActions: boolean;
  result: unknown;
}

/** What the follow-up rules need to know about a parent job, or null when there is none. */
export async function findParentJob(
  prisma: PrismaClient,
  jobId: string,
): Promise<ParentJobRow | null> {
  const { rows } = await poolOf(prisma).query<ParentJobRow>(
    `SELECT id, user_id AS "userId", team_id AS "teamId", model, action, status,
            supports_actions AS "supportsActions", result
     FROM jobs WHERE id = $1::uuid`,
    [jobId],
  );
  return rows[0] ?? null;
}

/**
 * Drops the outbox rows of jobs now known to be in the queue, in one statement for a batch.
 * A row left behind is harmless: the relay enqueues its job again, which BullMQ ignores.
 */
export async function acknowledgeEnqueued(prisma: PrismaClient, jobIds: string[]) {
  await poolOf(prisma).query("DELETE FROM outbox WHERE job_id = ANY($1::uuid[])", [jobIds]);
}
