import { type DeliveryPayload, deliveryPayload, deliveryQueueName } from "@reprise/queue";
import { DelayedError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { type DeliverDeps, deliverEvent } from "../features/webhooks/deliver.js";
import { promoteNext, type ScheduleDeps } from "../features/webhooks/schedule.js";
import type { WorkerMetrics } from "../metrics.js";

export interface DeliveryWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** How long a delivery's lock lasts without renewal before BullMQ calls it stalled (ms). */
  lockDurationMs: number;
  metrics: Pick<WorkerMetrics, "deliveries">;
}

/**
 * The BullMQ worker of the delivery queue: an adapter from queue jobs to `deliverEvent`. A
 * retry or a wait for an earlier event moves the queue job to delayed without using one of
 * BullMQ's attempts: the retry schedule is counted in Postgres, per event.
 */
export function createDeliveryWorker(
  deps: DeliverDeps & ScheduleDeps,
  options: DeliveryWorkerOptions,
): Worker<DeliveryPayload> {
  const worker = new Worker<DeliveryPayload>(
    deliveryQueueName,
    async (job, token) => {
      const { eventId } = deliveryPayload.parse(job.data);
      const step = await deliverEvent(deps, eventId);
      options.metrics.deliveries.inc({
        outcome: step.kind === "settled" ? step.settlement : step.reason,
      });
      switch (step.kind) {
        case "settled":
          if (step.next) await promoteNext(deps, step.next);
          return step.settlement;
        case "later":
          await job.moveToDelayed(Date.now() + step.delayMs, token);
          throw new DelayedError();
        default:
          return step satisfies never;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      // Deliveries are idempotent per event (a settled event is never sent again) and each
      // attempt is counted before it is made, so a stalled delivery may safely run again.
      maxStalledCount: 5,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.lockDurationMs,
    },
  );
  worker.on("error", (error) =>
    deps.logger.warn("delivery worker error", { error: error.message }),
  );
  return worker;
}
