import { failJob, findOverdueJobs, type PrismaClient } from "@reprise/db";
import type { Logger } from "@reprise/logger";

export interface Deadlines {
  /** A PROCESSING job whose progress has not moved for this long has timed out. */
  processingMs: number;
  /** A QUEUED job never started for this long has timed out. */
  queuedMs: number;
}

const BATCH = 200;

/**
 * Fails and refunds the jobs past their deadline. It races the workers freely: `failJob` is a
 * guarded transition with a unique refund row, so a job a worker finishes at the same moment
 * is either completed or failed-and-refunded, never both, and refunded at most once.
 */
export async function failOverdueJobs(
  prisma: PrismaClient,
  logger: Logger,
  deadlines: Deadlines,
  scheduleWebhooks: (jobId: string) => Promise<void>,
): Promise<number> {
  const now = Date.now();
  const overdue = await findOverdueJobs(
    prisma,
    new Date(now - deadlines.processingMs),
    new Date(now - deadlines.queuedMs),
    BATCH,
  );

  let failed = 0;
  for (const job of overdue) {
    const outcome = await failJob(prisma, job.id, "The job timed out: it made no progress in time");
    if (outcome.failed) {
      failed += 1;
      logger.warn("job timed out", { jobId: job.id, was: job.status });
      if (outcome.notified) await scheduleWebhooks(job.id);
    }
  }
  return failed;
}
