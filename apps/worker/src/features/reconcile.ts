import type { ModelId } from "@reprise/core";
import { failJob, type PrismaClient } from "@reprise/db";
import type { Logger } from "@reprise/logger";
import { enqueueRun, type RunQueues } from "@reprise/queue";

const BATCH = 200;

interface Candidate {
  id: string;
  model: string;
  updated_at: Date;
}

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
): Promise<ReconcileCursor | null> {
  const quietSince = new Date(Date.now() - quietMs);
  const from = after ?? { updatedAt: new Date(0), id: "00000000-0000-0000-0000-000000000000" };
  const candidates = await prisma.$queryRaw<Candidate[]>`
    SELECT id, model, updated_at FROM jobs
    WHERE status IN ('QUEUED', 'PROCESSING') AND updated_at < ${quietSince}
      AND (updated_at, id) > (${from.updatedAt}, ${from.id}::uuid)
    ORDER BY updated_at, id
    LIMIT ${BATCH}`;

  for (const job of candidates) {
    const queue = queues[job.model as ModelId];
    const state = await queue.getJobState(job.id);
    if (state === "unknown") {
      await enqueueRun(queues, job.model as ModelId, job.id);
      logger.info("lost job re-enqueued", { jobId: job.id });
    } else if (state === "failed") {
      const reason = (await queue.getJob(job.id))?.failedReason ?? "the queue gave up on it";
      await failJob(prisma, job.id, `The job could not be run: ${reason}`);
      logger.warn("job failed by the queue", { jobId: job.id, reason });
    }
  }

  const last = candidates.at(-1);
  return candidates.length === BATCH && last ? { updatedAt: last.updated_at, id: last.id } : null;
}
