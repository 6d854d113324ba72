import type { Job } from "@reprise/db";

/** The columns a job's public view needs. */
export const publicJobColumns = {
  id: true,
  userId: true,
  teamId: true,
  status: true,
  model: true,
  action: true,
  parentJobId: true,
  progress: true,
  result: true,
  error: true,
  creditCost: true,
  refundedAt: true,
  webhookStatus: true,
  createdAt: true,
  startedAt: true,
  completedAt: true,
  input: true,
} as const;

export type PublicJobRow = Pick<Job, keyof typeof publicJobColumns>;

/**
 * A job as `GET /v2/jobs/:id` shows it. `creditCost` is what the job costs now: its charge,
 * or 0 once refunded.
 */
export function serializeJob(job: PublicJobRow) {
  return {
    id: job.id,
    status: job.status,
    model: job.model,
    action: job.action,
    parentJobId: job.parentJobId,
    progress: job.progress,
    result: job.result,
    error: job.error,
    creditCost: job.refundedAt ? 0 : job.creditCost,
    webhookStatus: job.webhookStatus,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    completedAt: job.completedAt?.toISOString() ?? null,
    input: job.input,
  };
}
