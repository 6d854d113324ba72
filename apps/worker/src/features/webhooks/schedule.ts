import {
  type EventToQueue,
  findQuietEvents,
  findStrandedEvents,
  findUnqueuedEvents,
  markEventsQueued,
  type PrismaClient,
} from "@reprise/db";
import type { Logger } from "@reprise/logger";
import { type DeliveryQueue, deliveryJobId, enqueueDelivery } from "@reprise/queue";

// Events are recorded by the job transitions, in the same statement; queueing them is a second
// step that a crash or a Redis outage can miss. An event's `enqueued_at` stays null until the
// queue has it, and the delivery relay queues whatever stays unqueued (the outbox pattern);
// the reconciler re-queues owed events Redis has lost.

const BATCH = 200;

/** The transition's own worker queues right away; give it this long before the relay does. */
const WORKER_HEAD_START_MS = 2_000;

export interface ScheduleDeps {
  prisma: PrismaClient;
  queue: DeliveryQueue;
  logger: Logger;
}

/**
 * Queues the events a job owes that are not queued yet, right after the transition that
 * recorded them. Never throws: what it could not queue, the relay queues later.
 */
export async function scheduleWebhooks(deps: ScheduleDeps, jobId: string): Promise<void> {
  try {
    await queueEvents(deps, await findUnqueuedEvents(deps.prisma, jobId));
  } catch (error) {
    deps.logger.warn("webhook scheduling failed", { jobId, error: String(error) });
  }
}

async function queueEvents(deps: ScheduleDeps, events: EventToQueue[]): Promise<void> {
  for (const event of events) await enqueueDelivery(deps.queue, event);
  await markEventsQueued(
    deps.prisma,
    events.map((event) => event.id),
  );
}

/** Queues the events nobody queued (their worker died, or Redis refused them). */
export async function relayWebhookEvents(deps: ScheduleDeps): Promise<number> {
  const stranded = await findStrandedEvents(
    deps.prisma,
    new Date(Date.now() - WORKER_HEAD_START_MS),
    BATCH,
  );
  await queueEvents(deps, stranded);
  if (stranded.length > 0) deps.logger.info("webhook events relayed", { events: stranded.length });
  return stranded.length;
}

/**
 * Checks the owed events not looked at for `quietMs` against Redis: one whose queue job is gone
 * (Redis restarted empty) or ended without settling it (BullMQ gave up on a processor that kept
 * throwing) is queued again. Each check counts as a sighting, so a long backlog is walked
 * through page by page rather than re-read.
 */
export async function reconcileWebhookEvents(deps: ScheduleDeps, quietMs: number): Promise<void> {
  const quiet = await findQuietEvents(deps.prisma, new Date(Date.now() - quietMs), BATCH);
  for (const event of quiet) {
    const id = deliveryJobId(event);
    const state = await deps.queue.getJobState(id);
    if (state === "completed" || state === "failed") {
      // A job locked by a run cannot be removed: it is alive after all, which is fine.
      await deps.queue.remove(id).catch(() => 0);
    }
    if (state === "unknown" || state === "completed" || state === "failed") {
      await enqueueDelivery(deps.queue, event);
      deps.logger.info("lost webhook event re-queued", { jobId: event.jobId, key: event.key });
    }
  }
  await markEventsQueued(
    deps.prisma,
    quiet.map((event) => event.id),
  );
}

/** Starts the delivery of a job's next event at once, instead of at the end of its wait. */
export async function promoteNext(deps: ScheduleDeps, next: EventToQueue): Promise<void> {
  const job = await deps.queue.getJob(deliveryJobId(next));
  // Only a waiting (delayed) job can be promoted; one queued or running needs nothing.
  await job?.promote().catch(() => {});
}
