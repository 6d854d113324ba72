import type { ModelId } from "@reprise/core";
import { failJob, findQuietJobs, type PrismaClient } from "@reprise/db";
import type { Logger } from "@reprise/logger";
import { enqueueRun, type RunQueues } from "@reprise/queue";

const BATCH = 200;

/** Where the last scan stopped, so a long backlog is walked through rather than re-read. */
export interface ReconcileCursor {
  updatedAt: Date;
  id: string;
}

/**
 * Puts back into BullMQ the unfinished jobs that Redis no longer has (Redis restarted empty,
 * or lost keys), and fails the ones BullMQ itself gave up on without telling us (a job that
 * stalled too often is failed inside Redis, with no event this process sees).
 *
 * Only jobs that have not moved for `quietMs` are looked at, in pages; returns where to go on
 * from next time, or null after the last page.
 */
export async function reconcile(
  prisma: PrismaClient,
  queues: RunQueues,
  logger: Logger,
  quietMs: number,
  after: ReconcileCursor | null,
  scheduleWebhooks: (jobId: string) => Promise<void>,
): Promise<ReconcileCursor | null> {
  const quietSince = new Date(Date.now() - quietMs);
  const candidates = await findQuietJobs(prisma, quietSince, after, BATCH);

  for (const job of candidates) {
    const queue = queues[job.model as ModelId];
    const state = await queue.getJobState(job.id);
    if (state === "unknown") {
      await enqueueRun(queues, job.model as ModelId, job.id);
      logger.info("lost job re-enqueued", { jobId: job.id });
    } else if (state === "failed") {
      const reason = (await queue.getJob(job.id))?.failedReason ?? "the queue gave up on it";
      const outcome = await failJob(prisma, job.id, `The job could not be run: ${reason}`);
      logger.warn("job failed by the queue", { jobId: job.id, reason });
      if (outcome.notified) await scheduleWebhooks(job.id);
    }
  }

  const last = candidates.at(-1);
  return candidates.length === BATCH && last ? { updatedAt: last.updatedAt, id: last.id } : null;
}
