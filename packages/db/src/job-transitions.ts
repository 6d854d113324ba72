import { canTransition, type JobStatus, jobStatuses } from "@reprise/core";
import type { PrismaClient } from "./client.js";
import { Prisma } from "./generated/prisma/client.js";

// Every change of a job's status is one guarded UPDATE whose WHERE names the statuses the core
// state machine allows the move from. A job run twice, a stalled BullMQ job coming back or the
// watchdog racing a worker can therefore never move a job backwards or finish it twice.

/** The statuses from which the state machine allows a move to `to`, as a SQL list. */
function sourcesOf(to: JobStatus): Prisma.Sql {
  const sources = jobStatuses.filter((from) => canTransition(from, to));
  return Prisma.join(sources.map((status) => Prisma.sql`${status}::"JobStatus"`));
}

export interface RunningJob {
  id: string;
  status: "QUEUED" | "PROCESSING";
  upstreamTaskId: string | null;
  attempts: number;
}

/**
 * Begins a run of an unfinished job and counts the attempt. The job is in the queue now, so
 * its outbox row goes. The status does not change here: a job becomes PROCESSING only once
 * the upstream has accepted its task (see `markSubmitted`), so a job waiting out a rate limit
 * or a retry is still QUEUED. Null when the job is already finished: there is nothing to run.
 */
export async function beginRun(prisma: PrismaClient, jobId: string): Promise<RunningJob | null> {
  const rows = await prisma.$queryRaw<RunningJob[]>`
    WITH begun AS (
      -- A QUEUED job's updated_at says when it was last looked at (the reconciler waits for a
      -- quiet job); a PROCESSING job's says when its progress last moved (the watchdog's
      -- clock), which a new run must not reset.
      UPDATE jobs
      SET attempts = attempts + 1,
          updated_at = CASE WHEN status = 'QUEUED' THEN now() ELSE updated_at END
      WHERE id = ${jobId}::uuid AND status IN ('QUEUED', 'PROCESSING')
      RETURNING id, status, upstream_task_id AS "upstreamTaskId", attempts
    ), relayed AS (
      DELETE FROM outbox WHERE job_id IN (SELECT id FROM begun)
    )
    SELECT * FROM begun`;
  return rows[0] ?? null;
}

/**
 * Claims the right to submit the job upstream. Only one run holds it at a time; a claim
 * older than `staleAfterMs` belongs to a worker that died mid-submission and is taken over.
 */
export async function claimSubmission(
  prisma: PrismaClient,
  jobId: string,
  staleAfterMs: number,
): Promise<boolean> {
  const staleBefore = new Date(Date.now() - staleAfterMs);
  const claimed = await prisma.$executeRaw`
    UPDATE jobs SET submit_claimed_at = now()
    WHERE id = ${jobId}::uuid AND status = 'QUEUED' AND upstream_task_id IS NULL
      AND (submit_claimed_at IS NULL OR submit_claimed_at < ${staleBefore})`;
  return claimed === 1;
}

/** Gives the claim back after a submission that failed, so the next attempt can submit. */
export async function releaseSubmission(prisma: PrismaClient, jobId: string): Promise<void> {
  await prisma.$executeRaw`
    UPDATE jobs SET submit_claimed_at = NULL
    WHERE id = ${jobId}::uuid AND upstream_task_id IS NULL`;
}

/**
 * Records that the upstream accepted the job's task: saves its id before any polling (so a
 * retry resumes it instead of submitting again) and moves the job QUEUED → PROCESSING. False
 * when the job was failed meanwhile (the watchdog): the task is then left to the upstream.
 */
export async function markSubmitted(
  prisma: PrismaClient,
  jobId: string,
  taskId: string,
): Promise<boolean> {
  const updated = await prisma.$executeRaw`
    UPDATE jobs
    SET upstream_task_id = ${taskId}, status = 'PROCESSING', started_at = now(),
        updated_at = now()
    WHERE id = ${jobId}::uuid AND status IN (${sourcesOf("PROCESSING")})
      AND upstream_task_id IS NULL`;
  return updated === 1;
}

/**
 * Raises the job's progress (it never goes down) and returns it, or null when the job is no
 * longer PROCESSING, which tells the worker to stop. `updated_at` moves only when progress
 * does, so a task stuck at one percentage still reaches the watchdog's deadline.
 */
export async function recordProgress(
  prisma: PrismaClient,
  jobId: string,
  progress: number,
): Promise<{ progress: number; changed: boolean } | null> {
  const rows = await prisma.$queryRaw<{ progress: number; before: number }[]>`
    UPDATE jobs AS j
    SET progress = GREATEST(j.progress, ${progress}),
        updated_at = CASE WHEN ${progress} > j.progress THEN now() ELSE j.updated_at END
    FROM (SELECT id, progress FROM jobs WHERE id = ${jobId}::uuid) AS old
    WHERE j.id = old.id AND j.status = 'PROCESSING'
    RETURNING j.progress, old.progress AS before`;
  const row = rows[0];
  return row ? { progress: row.progress, changed: row.progress !== row.before } : null;
}

/**
 * Finishes a PROCESSING job with its result and the upstream references later follow-ups
 * need, frees its place in the team's concurrency limit and drops its mask. False when the
 * job was already finished by someone else.
 */
export async function completeJob(
  prisma: PrismaClient,
  jobId: string,
  result: Prisma.InputJsonValue,
  upstream: Prisma.InputJsonValue,
): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ completed: bigint }[]>`
    WITH done AS (
      UPDATE jobs
      SET status = 'COMPLETED', progress = 100, result = ${JSON.stringify(result)}::jsonb,
          upstream = ${JSON.stringify(upstream)}::jsonb, completed_at = now(), updated_at = now()
      WHERE id = ${jobId}::uuid AND status IN (${sourcesOf("COMPLETED")})
      RETURNING id, team_id
    ), team AS (
      UPDATE teams SET active_jobs = active_jobs - 1 FROM done WHERE teams.id = done.team_id
    ), mask AS (
      DELETE FROM job_masks WHERE job_id IN (SELECT id FROM done)
    )
    SELECT count(*) AS completed FROM done`;
  return Number(row?.completed ?? 0) === 1;
}

export interface FailOutcome {
  failed: boolean;
  refunded: boolean;
}

/**
 * Fails a job that is not finished yet and refunds its charge, in one statement: the guarded
 * status change, the REFUND ledger row (unique per job, so a second refund cannot exist), the
 * balance and the concurrency count, and the removal of its mask and outbox row. Whoever
 * calls it — the worker, BullMQ's final failure, the watchdog — and however often, the job is
 * failed once and refunded once.
 */
export async function failJob(
  prisma: PrismaClient,
  jobId: string,
  error: string,
): Promise<FailOutcome> {
  const [row] = await prisma.$queryRaw<{ failed: bigint; refunded: bigint }[]>`
    WITH failed AS (
      UPDATE jobs
      SET status = 'FAILED', error = ${error}, completed_at = now(), updated_at = now(),
          refunded_at = now()
      WHERE id = ${jobId}::uuid AND status IN (${sourcesOf("FAILED")})
      RETURNING id, team_id, credit_cost
    ), refund AS (
      INSERT INTO credit_ledger (id, team_id, job_id, kind, amount)
      SELECT gen_random_uuid(), team_id, id, 'REFUND', credit_cost FROM failed
      ON CONFLICT (job_id, kind) DO NOTHING
      RETURNING amount
    ), team AS (
      UPDATE teams
      SET credits = teams.credits + COALESCE((SELECT sum(amount) FROM refund), 0),
          active_jobs = teams.active_jobs - 1
      FROM failed WHERE teams.id = failed.team_id
    ), mask AS (
      DELETE FROM job_masks WHERE job_id IN (SELECT id FROM failed)
    ), outbox AS (
      DELETE FROM outbox WHERE job_id IN (SELECT id FROM failed)
    )
    SELECT (SELECT count(*) FROM failed) AS failed, (SELECT count(*) FROM refund) AS refunded`;
  return { failed: Number(row?.failed ?? 0) === 1, refunded: Number(row?.refunded ?? 0) === 1 };
}
