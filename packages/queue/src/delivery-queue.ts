import { type JobsOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type DeliveryPayload, deliveryJobId, deliveryQueueName } from "./queues.js";

export type DeliveryQueue = Queue<DeliveryPayload>;

/**
 * How a delivery is queued. The retry schedule of a receiver's failures is the worker's (it
 * moves the queue job to delayed itself); BullMQ's own attempts only cover the processor
 * throwing, e.g. while Postgres is unreachable.
 */
export const deliveryJobOptions: JobsOptions = {
  attempts: 10,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 24 * 3_600 },
};

export function createDeliveryQueue(
  connection: Redis,
  prefix: string,
  onError: (error: Error) => void = () => {},
): DeliveryQueue {
  const queue = new Queue<DeliveryPayload>(deliveryQueueName, { connection, prefix });
  queue.on("error", onError);
  return queue;
}

/** Queues an owed event; a repeat while BullMQ still holds its round changes nothing. */
export async function enqueueDelivery(
  queue: DeliveryQueue,
  event: { id: string; jobId: string; key: string; round: number },
): Promise<void> {
  await queue.add(
    "deliver",
    { eventId: event.id },
    { ...deliveryJobOptions, jobId: deliveryJobId(event) },
  );
}
