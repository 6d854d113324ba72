import { type PrismaClient, runQuery, runStatement } from "./client.js";
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

/** A job to charge for and record, with the Idempotency-Key its answer completes. */
export interface NewSubmission {
  job: NewJob;
  idempotency: IdempotencyCompletion | null;
}

export type RecordOutcome =
  | { kind: "recorded" }
  | { kind: "insufficient_credits"; available: number }
  | { kind: "concurrency_limited"; limit: number };

interface RecordedRow {
  submission_id: string;
  recorded_at: Date | null;
  balance: number | null;
  concurrency_limit: number | null;
}

/**
 * Charges the teams and records the jobs of several submissions in ONE statement and commit,
 * each in turn as if alone (see migration 5, `record_submissions`): a conditional decrement of
 * the balance (never below zero, and only while the team has fewer than its limit of active
 * jobs), then the job row, its ledger charge, its outbox row, its mask and the completion of
 * its Idempotency-Key, each only if the charge happened. The outcomes come back in order. The
 * team rows stay locked until the commit, so no race can overdraw a balance.
 */
export async function chargeAndRecord(
  prisma: PrismaClient,
  submissions: readonly NewSubmission[],
): Promise<RecordOutcome[]> {
  const batch = submissions.map(({ job, idempotency }) => ({
    ...job,
    mask: job.mask?.toString("base64") ?? null,
    idempotencyKey: idempotency?.key ?? null,
    responseBody: idempotency?.responseBody ?? null,
  }));
  const { rows } = await runStatement<RecordedRow>(prisma, RECORD_SUBMISSIONS, [
    JSON.stringify(batch),
  ]);
  const byId = new Map(rows.map((row) => [row.submission_id, row]));
  return submissions.map(({ job }) => outcomeOf(job, byId.get(job.id)));
}

const RECORD_SUBMISSIONS = `
  SELECT submission_id, recorded_at, balance, concurrency_limit
  FROM record_submissions($1::jsonb)`;

/** Recorded, or why not: a balance below the cost, else the team's concurrency limit. */
function outcomeOf(job: NewJob, row: RecordedRow | undefined): RecordOutcome {
  if (row?.recorded_at) return { kind: "recorded" };
  const available = row?.balance ?? 0;
  if (available < job.creditCost) return { kind: "insufficient_credits", available };
  return { kind: "concurrency_limited", limit: row?.concurrency_limit ?? 0 };
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

/** What the follow-up rules need to know about each of these jobs, for those that exist. */
export async function findParentJobs(
  prisma: PrismaClient,
  jobIds: readonly string[],
): Promise<ParentJobRow[]> {
  const { rows } = await runQuery<ParentJobRow>(prisma, PARENT_JOBS, [jobIds]);
  return rows;
}

const PARENT_JOBS = `
  SELECT id, user_id AS "userId", team_id AS "teamId", model, action, status,
         supports_actions AS "supportsActions", result
  FROM jobs WHERE id = ANY($1::uuid[])`;

/**
 * Drops the outbox rows of jobs now known to be in the queue, in one statement for a batch.
 * A row left behind is harmless: the relay enqueues its job again, which BullMQ ignores.
 */
export async function acknowledgeEnqueued(prisma: PrismaClient, jobIds: string[]) {
  await runQuery(prisma, "DELETE FROM outbox WHERE job_id = ANY($1::uuid[])", [jobIds]);
}
