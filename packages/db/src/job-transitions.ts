import { canTransition, type JobStatus, jobStatuses } from "@reprise/core";
import { type PrismaClient, runStatement } from "./client.js";
import type { Prisma } from "./generated/prisma/client.js";

// Every change of a job's status is one guarded UPDATE whose WHERE names the statuses the core
// state machine allows the move from. A job run twice, a stalled BullMQ job coming back or the
// watchdog racing a worker can therefore never move a job backwards or finish it twice.
// These run on every job, so they run on the pg pool as prepared statements (see `runStatement`).

/**
 * The WHERE guard "the job's status is one of these", written so the job is found by its id
 * alone. As `status IN (…)` a prepared statement, planned while the jobs table was small,
 * could settle on the status index, which it then kept: with 5,000 jobs QUEUED, every job
 * start read all 5,000 entries (see test/plans-as-tables-grow). Compared as text the status
 * cannot use that index. Only the fixed names of jobStatuses are spliced in, never input.
 */
function statusIsOneOf(statuses: readonly JobStatus[]): string {
  return `status::text IN (${statuses.map((status) => `'${status}'`).join(", ")})`;
}

/** The guard of a move to `to`: the statuses the state machine allows it from. */
function canMoveTo(to: JobStatus): string {
  return statusIsOneOf(jobStatuses.filter((from) => canTransition(from, to)));
}

/** A job as a run needs it: its own fields, its parent's and its mask. */
export interface JobToRun {
  id: string;
  status: "QUEUED" | "PROCESSING";
  model: string;
  action: string;
  input: Record<string, unknown>;
  upstreamTaskId: string | null;
  attempts: number;
  /** True when this run holds the claim to submit the job upstream (see `beginRun`). */
  claimed: boolean;
  mask: Buffer | null;
  parent: {
    id: string;
    action: string;
    input: Record<string, unknown>;
    result: unknown;
    upstreamTaskId: string | null;
    upstream: unknown;
  } | null;
}

interface JobToRunRow extends Omit<JobToRun, "parent"> {
  parentId: string | null;
  parentAction: string;
  parentInput: Record<string, unknown>;
  parentResult: unknown;
  parentTaskId: string | null;
  parentUpstream: unknown;
}

const BEGIN_RUN = `
  WITH target AS (
    -- Locked while read, so of two runs beginning at once the second sees the first's claim.
    SELECT id,
           status = 'QUEUED' AND upstream_task_id IS NULL
             AND (submit_claimed_at IS NULL OR submit_claimed_at < $2) AS claimable
    FROM jobs WHERE id = $1::uuid AND ${statusIsOneOf(["QUEUED", "PROCESSING"])}
    FOR UPDATE
  ), begun AS (
    UPDATE jobs
    SET attempts = attempts + 1,
        -- A QUEUED job's updated_at says when it was last looked at (the reconciler waits
        -- for a quiet job); a PROCESSING job's says when its progress last moved (the
        -- watchdog's clock), which a new run must not reset.
        updated_at = CASE WHEN status = 'QUEUED' THEN now() ELSE updated_at END,
        submit_claimed_at = CASE WHEN target.claimable THEN now() ELSE submit_claimed_at END
    FROM target WHERE jobs.id = target.id
    RETURNING jobs.id, status, model, action, input, parent_job_id, upstream_task_id,
              attempts, target.claimable AS claimed
  ), relayed AS (
    DELETE FROM outbox WHERE job_id IN (SELECT id FROM begun)
  )
  SELECT b.id, b.status, b.model, b.action, b.input, b.attempts, b.claimed,
         b.upstream_task_id AS "upstreamTaskId", m.mask,
         p.id AS "parentId", p.action AS "parentAction", p.input AS "parentInput",
         p.result AS "parentResult", p.upstream_task_id AS "parentTaskId",
         p.upstream AS "parentUpstream"
  FROM begun b
  LEFT JOIN jobs p ON p.id = b.parent_job_id
  LEFT JOIN job_masks m ON m.job_id = b.id`;

/**
 * Begins a run of an unfinished job, in one statement: counts the attempt, drops its outbox
 * row (the job is in the queue now), claims the right to submit it upstream when it has no
 * task yet, and reads what the run needs, parent and mask included. Only one run holds the
 * claim at a time; one older than `staleClaimMs` belongs to a worker that died while
 * submitting and is taken over. The status does not change here: a job becomes PROCESSING
 * only once the upstream accepted its task (`markSubmitted`), so a job waiting out a rate
 * limit or a retry is still QUEUED. Null when the job is already finished.
 */
export async function beginRun(
  prisma: PrismaClient,
  jobId: string,
  staleClaimMs: number,
): Promise<JobToRun | null> {
  const staleBefore = new Date(Date.now() - staleClaimMs);
  const { rows } = await runStatement<JobToRunRow>(prisma, BEGIN_RUN, [jobId, staleBefore]);
  const row = rows[0];
  if (!row) return null;

  const {
    parentId,
    parentAction,
    parentInput,
    parentResult,
    parentTaskId,
    parentUpstream,
    ...job
  } = row;
  const parent = parentId
    ? {
        id: parentId,
        action: parentAction,
        input: parentInput,
        result: parentResult,
        upstreamTaskId: parentTaskId,
        upstream: parentUpstream,
      }
    : null;
  return { ...job, parent };
}

/** Gives the claim back after a submission that failed, so the next attempt can submit. */
export async function releaseSubmission(prisma: PrismaClient, jobId: string): Promise<void> {
  await runStatement(
    prisma,
    "UPDATE jobs SET submit_claimed_at = NULL WHERE id = $1::uuid AND upstream_task_id IS NULL",
    [jobId],
  );
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
  const { rowCount } = await runStatement(
    prisma,
    `UPDATE jobs
     SET upstream_task_id = $2, status = 'PROCESSING', started_at = now(), updated_at = now()
     WHERE id = $1::uuid AND ${canMoveTo("PROCESSING")} AND upstream_task_id IS NULL`,
    [jobId, taskId],
  );
  return rowCount === 1;
}

const RECORD_PROGRESS = `
  WITH old AS (
    -- Locked while read, so of two runs reporting at once the second sees what the first
    -- announced and the same progress is never announced twice.
    SELECT id, progress,
           webhook_url IS NOT NULL AND 'progress' = ANY(webhook_events)
             AND GREATEST(progress, $2) > COALESCE(notified_progress, 0)
             AND (notified_progress_at IS NULL
                  OR notified_progress_at <= now() - interval '1 second') AS notify
    FROM jobs WHERE id = $1::uuid AND ${statusIsOneOf(["PROCESSING"])}
    FOR UPDATE
  ), moved AS (
    UPDATE jobs AS j
    SET progress = GREATEST(j.progress, $2),
        updated_at = CASE WHEN $2 > j.progress THEN now() ELSE j.updated_at END,
        notified_progress = CASE WHEN old.notify THEN GREATEST(j.progress, $2)
                                 ELSE j.notified_progress END,
        notified_progress_at = CASE WHEN old.notify THEN now() ELSE j.notified_progress_at END
    FROM old WHERE j.id = old.id
    RETURNING j.id, j.progress, old.progress AS before, old.notify
  ), event AS (
    INSERT INTO webhook_events (id, job_id, key, event, progress)
    SELECT gen_random_uuid(), id, 'progress_' || progress, 'progress', progress
    FROM moved WHERE notify
    ON CONFLICT (job_id, key) DO NOTHING
    RETURNING id
  )
  SELECT progress, before, (SELECT count(*)::int FROM event) AS notified FROM moved`;

/**
 * Raises the job's progress (it never goes down) and returns it, or null when the job is no
 * longer PROCESSING, which tells the worker to stop. `updated_at` moves only when progress
 * does, so a task stuck at one percentage still reaches the watchdog's deadline.
 *
 * When the job subscribed to `progress`, the same statement records a `progress` webhook
 * event for a value above the last one announced, at most once per second per job;
 * `notified` says so, for the worker to schedule its delivery.
 */
export async function recordProgress(
  prisma: PrismaClient,
  jobId: string,
  progress: number,
): Promise<{ progress: number; changed: boolean; notified: boolean } | null> {
  const { rows } = await runStatement<{
    progress: number;
    before: number;
    notified: number;
  }>(prisma, RECORD_PROGRESS, [jobId, progress]);
  const row = rows[0];
  return row
    ? { progress: row.progress, changed: row.progress !== row.before, notified: row.notified > 0 }
    : null;
}

/**
 * The terminal webhook event of a finished job, as a CTE body reading `finished` (the row the
 * transition changed): recorded only when the job subscribed to it. The transition runs at most
 * once per job, and the key is unique per job besides, so a job run twice owes one.
 */
function terminalEventOf(event: "completed" | "failed"): string {
  return `
    INSERT INTO webhook_events (id, job_id, key, event)
    SELECT gen_random_uuid(), id, '${event}', '${event}' FROM finished
    WHERE webhook_url IS NOT NULL AND '${event}' = ANY(webhook_events)
    ON CONFLICT (job_id, key) DO NOTHING
    RETURNING id`;
}

/**
 * The job's webhookStatus once it finished: unchanged when its terminal event is subscribed
 * (the delivery settles it), else `delivered`, since nothing is owed any more.
 */
function settledStatusOf(event: "completed" | "failed"): string {
  return `CASE WHEN webhook_url IS NOT NULL AND NOT ('${event}' = ANY(webhook_events))
                 THEN 'delivered'::"WebhookStatus" ELSE webhook_status END`;
}

const COMPLETE = `
  WITH finished AS (
    UPDATE jobs
    SET status = 'COMPLETED', progress = 100, result = $2::jsonb, upstream = $3::jsonb,
        completed_at = now(), updated_at = now(), webhook_status = ${settledStatusOf("completed")}
    WHERE id = $1::uuid AND ${canMoveTo("COMPLETED")}
    RETURNING id, team_id, webhook_url, webhook_events
  ), team AS (
    UPDATE teams SET active_jobs = active_jobs - 1 FROM finished WHERE teams.id = finished.team_id
  ), mask AS (
    DELETE FROM job_masks WHERE job_id IN (SELECT id FROM finished)
  ), event AS (${terminalEventOf("completed")}
  )
  SELECT (SELECT count(*)::int FROM finished) AS completed,
         (SELECT count(*)::int FROM event) AS notified`;

export interface CompleteOutcome {
  completed: boolean;
  /** A `completed` webhook event was recorded: it is for the caller to queue. */
  notified: boolean;
}

/**
 * Finishes a PROCESSING job with its result and the upstream references later follow-ups
 * need, frees its place in the team's concurrency limit, drops its mask and records its
 * `completed` webhook event. Not `completed` when the job was already finished by someone else.
 */
export async function completeJob(
  prisma: PrismaClient,
  jobId: string,
  result: Prisma.InputJsonValue,
  upstream: Prisma.InputJsonValue,
): Promise<CompleteOutcome> {
  const { rows } = await runStatement<{ completed: number; notified: number }>(prisma, COMPLETE, [
    jobId,
    JSON.stringify(result),
    JSON.stringify(upstream),
  ]);
  return { completed: rows[0]?.completed === 1, notified: rows[0]?.notified === 1 };
}

export interface FailOutcome {
  failed: boolean;
  refunded: boolean;
  /** A `failed` webhook event was recorded: it is for the caller to queue. */
  notified: boolean;
}

const FAIL = `
  WITH finished AS (
    UPDATE jobs
    SET status = 'FAILED', error = $2, completed_at = now(), updated_at = now(),
        refunded_at = now(), webhook_status = ${settledStatusOf("failed")}
    WHERE id = $1::uuid AND ${canMoveTo("FAILED")}
    RETURNING id, team_id, credit_cost, webhook_url, webhook_events
  ), failed AS (
    SELECT id, team_id, credit_cost FROM finished
  ), event AS (${terminalEventOf("failed")}
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
  SELECT (SELECT count(*)::int FROM failed) AS failed,
         (SELECT count(*)::int FROM refund) AS refunded,
         (SELECT count(*)::int FROM event) AS notified`;

/**
 * Fails a job that is not finished yet and refunds its charge, in one statement: the guarded
 * status change, the REFUND ledger row (unique per job, so a second refund cannot exist), the
 * balance and the concurrency count, the removal of its mask and outbox row, and its `failed`
 * webhook event. Whoever calls it — the worker, BullMQ's final failure, the watchdog — and
 * however often, the job is failed once, refunded once and owes one `failed` event.
 */
export async function failJob(
  prisma: PrismaClient,
  jobId: string,
  error: string,
): Promise<FailOutcome> {
  const { rows } = await runStatement<{ failed: number; refunded: number; notified: number }>(
    prisma,
    FAIL,
    [jobId, error],
  );
  const row = rows[0];
  return {
    failed: row?.failed === 1,
    refunded: row?.refunded === 1,
    notified: row?.notified === 1,
  };
}
