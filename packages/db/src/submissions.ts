import type { PrismaClient } from "./client.js";
import type { Prisma } from "./generated/prisma/client.js";

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
  const webhookStatus = job.webhookUrl ? "pending" : null;
  const idempotencyBody = idempotency ? JSON.stringify(idempotency.responseBody) : null;
  const [row] = await prisma.$queryRaw<RecordedRow[]>`
    WITH charged AS (
      UPDATE teams
      SET credits = credits - ${job.creditCost}, active_jobs = active_jobs + 1
      WHERE id = ${job.teamId}::uuid
        AND credits >= ${job.creditCost}
        AND active_jobs < max_concurrent_jobs
      RETURNING id
    ), job AS (
      INSERT INTO jobs (id, user_id, team_id, api_key_id, model, action, parent_job_id, input,
                        credit_cost, webhook_url, webhook_events, webhook_status)
      SELECT ${job.id}::uuid, ${job.userId}::uuid, id, ${job.apiKeyId}::uuid, ${job.model},
             ${job.action}, ${job.parentJobId}::uuid, ${JSON.stringify(job.input)}::jsonb, ${job.creditCost},
             ${job.webhookUrl}, ${[...job.webhookEvents]}::text[],
             ${webhookStatus}::"WebhookStatus"
      FROM charged
      RETURNING id, team_id, created_at
    ), ledger AS (
      INSERT INTO credit_ledger (id, team_id, job_id, kind, amount)
      SELECT gen_random_uuid(), team_id, id, 'CHARGE', ${-job.creditCost} FROM job
    ), outbox AS (
      INSERT INTO outbox (job_id) SELECT id FROM job
    ), mask AS (
      INSERT INTO job_masks (job_id, mask)
      SELECT id, ${job.mask}::bytea FROM job WHERE ${job.mask}::bytea IS NOT NULL
    ), idempotency AS (
      UPDATE idempotency_keys
      SET state = 'COMPLETED', job_id = job.id, response_status = 202,
          response_body = ${idempotencyBody}::jsonb
      FROM job
      WHERE idempotency_keys.team_id = job.team_id
        AND idempotency_keys.key = ${idempotency?.key ?? null}
    )
    SELECT (SELECT created_at FROM job) AS created_at`;

  if (row?.created_at) return { kind: "recorded", createdAt: row.created_at };
  return explainRefusal(prisma, job);
}

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
