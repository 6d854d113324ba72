import { type PrismaClient, runQuery } from "./client.js";

// The queries of the worker's recovery loops. They run on the pg pool like the job
// transitions, so a worker never starts Prisma's query engine (which alone costs it about
// 80 MB of memory) for the few statements it needs.

export interface OutboxBatchEntry {
  jobId: string;
  model: string;
}

/** The oldest outbox rows written before `before`, with their job's model. */
export async function findOutboxBatch(
  prisma: PrismaClient,
  before: Date,
  limit: number,
): Promise<OutboxBatchEntry[]> {
  const { rows } = await runQuery<OutboxBatchEntry>(
    prisma,
    `SELECT o.job_id AS "jobId", j.model
     FROM outbox o JOIN jobs j ON j.id = o.job_id
     WHERE o.created_at < $1 ORDER BY o.created_at LIMIT $2`,
    [before, limit],
  );
  return rows;
}

/** Counts a failed relay attempt on an outbox row, with the reason, for operators. */
export async function noteOutboxFailure(prisma: PrismaClient, jobId: string, reason: string) {
  await runQuery(
    prisma,
    "UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE job_id = $1::uuid",
    [jobId, reason.slice(0, 500)],
  );
}

export interface QuietJob {
  id: string;
  model: string;
  updatedAt: Date;
}

/**
 * Unfinished jobs that have not moved since `quietSince`, in (updatedAt, id) order after
 * `after`, so a caller can page through a long backlog.
 */
export async function findQuietJobs(
  prisma: PrismaClient,
  quietSince: Date,
  after: { updatedAt: Date; id: string } | null,
  limit: number,
): Promise<QuietJob[]> {
  const from = after ?? { updatedAt: new Date(0), id: "00000000-0000-0000-0000-000000000000" };
  const { rows } = await runQuery<QuietJob>(
    prisma,
    `SELECT id, model, updated_at AS "updatedAt" FROM jobs
     WHERE status IN ('QUEUED', 'PROCESSING') AND updated_at < $1
       AND (updated_at, id) > ($2, $3::uuid)
     ORDER BY updated_at, id LIMIT $4`,
    [quietSince, from.updatedAt, from.id, limit],
  );
  return rows;
}

/**
 * Jobs past their deadline: PROCESSING without progress since `processingSince`, or QUEUED
 * since before `queuedSince`.
 */
export async function findOverdueJobs(
  prisma: PrismaClient,
  processingSince: Date,
  queuedSince: Date,
  limit: number,
): Promise<{ id: string; status: string }[]> {
  const { rows } = await runQuery<{ id: string; status: string }>(
    prisma,
    `SELECT id, status FROM jobs
     WHERE (status = 'PROCESSING' AND updated_at < $1) OR (status = 'QUEUED' AND created_at < $2)
     LIMIT $3`,
    [processingSince, queuedSince, limit],
  );
  return rows;
}

/**
 * Deletes Idempotency-Keys past their 24 hours, a batch at a time. A claim only reuses an
 * expired key lazily, so without this the table would keep every key ever sent.
 */
export async function purgeExpiredIdempotencyKeys(
  prisma: PrismaClient,
  limit: number,
): Promise<number> {
  const { rowCount } = await runQuery(
    prisma,
    `DELETE FROM idempotency_keys WHERE ctid IN (
       SELECT ctid FROM idempotency_keys WHERE expires_at < now() LIMIT $1)`,
    [limit],
  );
  return rowCount ?? 0;
}
