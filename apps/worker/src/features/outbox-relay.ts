import type { ModelId } from "@reprise/core";
import type { PrismaClient } from "@reprise/db";
import type { Logger } from "@reprise/logger";
import { enqueueRun, type RunQueues } from "@reprise/queue";

/** The API enqueues right after its commit; give it this long before the relay steps in. */
const API_HEAD_START_MS = 2_000;
const BATCH = 500;

/**
 * Enqueues the jobs that were recorded but not known to be queued (Redis was down, or the API
 * died between its commit and its enqueue), then drops their outbox rows. Safe on every
 * replica at once: the BullMQ job id is the job id, so a second enqueue changes nothing.
 */
export async function relayOutbox(
  prisma: PrismaClient,
  queues: RunQueues,
  logger: Logger,
): Promise<number> {
  const entries = await prisma.outboxEntry.findMany({
    where: { createdAt: { lt: new Date(Date.now() - API_HEAD_START_MS) } },
    include: { job: { select: { model: true } } },
    orderBy: { createdAt: "asc" },
    take: BATCH,
  });

  let relayed = 0;
  for (const entry of entries) {
    try {
      await enqueueRun(queues, entry.job.model as ModelId, entry.jobId);
      await prisma.outboxEntry.delete({ where: { jobId: entry.jobId } }).catch(() => {});
      relayed += 1;
    } catch (error) {
      await prisma.outboxEntry.updateMany({
        where: { jobId: entry.jobId },
        data: { attempts: { increment: 1 }, lastError: String(error).slice(0, 500) },
      });
      logger.warn("outbox relay failed", { jobId: entry.jobId, error });
      break;
    }
  }
  if (relayed > 0) logger.info("outbox relayed", { jobs: relayed });
  return relayed;
}
