import type { ModelId } from "@reprise/core";
import {
  acknowledgeEnqueued,
  findOutboxBatch,
  noteOutboxFailure,
  type PrismaClient,
} from "@reprise/db";
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
  const entries = await findOutboxBatch(prisma, new Date(Date.now() - API_HEAD_START_MS), BATCH);

  const relayed: string[] = [];
  for (const entry of entries) {
    try {
      await enqueueRun(queues, entry.model as ModelId, entry.jobId);
      relayed.push(entry.jobId);
    } catch (error) {
      await noteOutboxFailure(prisma, entry.jobId, String(error));
      logger.warn("outbox relay failed", { jobId: entry.jobId, error });
      break;
    }
  }
  if (relayed.length === 0) return 0;

  await acknowledgeEnqueued(prisma, relayed);
  logger.info("outbox relayed", { jobs: relayed.length });
  return relayed.length;
}
