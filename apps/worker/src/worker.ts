import { setMaxListeners } from "node:events";
import { type ModelId, modelIds } from "@reprise/core";
import { type PrismaClient, purgeExpiredIdempotencyKeys } from "@reprise/db";
import type { Logger } from "@reprise/logger";
import {
  closeRunQueues,
  createDeliveryQueue,
  createRunQueues,
  type DeliveryQueue,
  type RunQueues,
} from "@reprise/queue";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Registry } from "prom-client";
import { relayOutbox } from "./features/outbox-relay.js";
import { type ReconcileCursor, reconcile } from "./features/reconcile.js";
import { failOverdueJobs } from "./features/watchdog.js";
import type { DeliveryPolicy } from "./features/webhooks/deliver.js";
import {
  reconcileWebhookEvents,
  relayWebhookEvents,
  type ScheduleDeps,
  scheduleWebhooks,
} from "./features/webhooks/schedule.js";
import { createWebhookSender, type SenderOptions } from "./features/webhooks/send.js";
import { createWorkerMetrics } from "./metrics.js";
import { createDeliveryWorker } from "./queues/delivery-worker.js";
import { createRunWorker } from "./queues/run-worker.js";
import type { UpstreamAdapter } from "./upstream/adapter.js";

export interface WorkerSettings {
  prefix: string;
  concurrency: number;
  sunoTasksPer10s: number;
  pollIntervalMs: number;
  retryBaseMs: number;
  lockDurationMs: number;
  recoveryIntervalMs: number;
  reconcileAfterMs: number;
  deadlines: { processingMs: number; queuedMs: number };
  webhooks: WebhookSettings;
}

/** How webhooks are delivered: see docs/webhooks.md. */
export interface WebhookSettings extends DeliveryPolicy, SenderOptions {
  /** Deliveries in flight at once in this process. */
  concurrency: number;
}

export interface WorkerDeps {
  prisma: PrismaClient;
  /** A connection with `maxRetriesPerRequest: null`, as BullMQ workers need. */
  redis: Redis;
  upstreams: Record<ModelId, UpstreamAdapter>;
  logger: Logger;
  settings: WorkerSettings;
}

export interface RunningWorker {
  queues: RunQueues;
  deliveries: DeliveryQueue;
  /** What this worker did, and the queues as Redis has them, for `GET /metrics`. */
  metrics: Registry;
  /**
   * Stops taking jobs and waits up to `graceMs` for the running ones; those still running
   * then hand their jobs back to the queue, where another replica resumes them.
   */
  close(graceMs: number): Promise<void>;
}

/**
 * Starts one run worker per model, the webhook delivery worker, and the recovery loop: the
 * outbox relays (of jobs and of webhook events), the reconcilers and the watchdog.
 */
export function startWorker(deps: WorkerDeps): RunningWorker {
  const { prisma, logger, settings } = deps;
  const shutdown = new AbortController();
  // Every running job waits on this signal between polls: many listeners are expected.
  setMaxListeners(Number.POSITIVE_INFINITY, shutdown.signal);
  const deliveries = createDeliveryQueue(deps.redis, settings.prefix, (error) => {
    logger.warn("delivery queue error", { error: error.message });
  });
  const queues = createRunQueues(deps.redis, settings.prefix, (error) => {
    logger.warn("run queue error", { error: error.message });
  });
  const metrics = createWorkerMetrics([...Object.values(queues), deliveries]);
  const scheduleDeps: ScheduleDeps = { prisma, queue: deliveries, logger };
  const runDeps = {
    prisma,
    upstreams: deps.upstreams,
    logger,
    pollIntervalMs: settings.pollIntervalMs,
    shutdown: shutdown.signal,
    scheduleWebhooks: (jobId: string) => scheduleWebhooks(scheduleDeps, jobId),
  };

  const workers: Worker[] = modelIds.map((model) =>
    createRunWorker(runDeps, {
      model,
      connection: deps.redis,
      prefix: settings.prefix,
      concurrency: settings.concurrency,
      retryBaseMs: settings.retryBaseMs,
      lockDurationMs: settings.lockDurationMs,
      metrics,
      ...(model === "suno" && { limiter: { max: settings.sunoTasksPer10s, duration: 10_000 } }),
    }),
  );
  workers.push(
    createDeliveryWorker(
      {
        ...scheduleDeps,
        send: createWebhookSender(settings.webhooks),
        policy: settings.webhooks,
      },
      {
        connection: deps.redis,
        prefix: settings.prefix,
        concurrency: settings.webhooks.concurrency,
        lockDurationMs: settings.lockDurationMs,
        metrics,
      },
    ),
  );
  const recovery = startRecovery(deps, queues, scheduleDeps);

  return {
    queues,
    deliveries,
    metrics: metrics.registry,
    async close(graceMs) {
      recovery.stop();
      // A delivery in flight is bounded by its timeout; one cut short is retried elsewhere.
      const closing = Promise.all(workers.map((worker) => worker.close()));
      const timer = setTimeout(() => shutdown.abort(), graceMs);
      await closing;
      clearTimeout(timer);
      await recovery.done();
      await closeRunQueues(queues);
      await deliveries.close();
    },
  };
}

/** The recovery loop: one pass at a time, every `recoveryIntervalMs`, on every replica. */
function startRecovery(deps: WorkerDeps, queues: RunQueues, scheduleDeps: ScheduleDeps) {
  const { prisma, logger, settings } = deps;
  const schedule = (jobId: string) => scheduleWebhooks(scheduleDeps, jobId);
  let cursor: ReconcileCursor | null = null;
  let running: Promise<void> = Promise.resolve();

  const pass = async () => {
    await relayOutbox(prisma, queues, logger);
    cursor = await reconcile(prisma, queues, logger, settings.reconcileAfterMs, cursor, schedule);
    await failOverdueJobs(prisma, logger, settings.deadlines, schedule);
    await relayWebhookEvents(scheduleDeps);
    await reconcileWebhookEvents(scheduleDeps, settings.reconcileAfterMs);
    await purgeExpiredIdempotencyKeys(prisma, 1_000);
  };
  const timer = setInterval(() => {
    running = running.then(pass).catch((error) => {
      logger.warn("recovery pass failed", {
        error: error instanceof Error ? error.message : error,
      });
    });
  }, settings.recoveryIntervalMs);

  return {
    stop: () => clearInterval(timer),
    done: () => running,
  };
}
