import { readFileSync } from "node:fs";
import { closePrisma, createPrisma, databaseOptionsFrom } from "@reprise/db";
import { createLogger, logFormatFor } from "@reprise/logger";
import { createRedis, findEvictionRisk } from "@reprise/queue";
import { readWorkerEnv } from "./env.js";
import { serveMetrics } from "./metrics.js";
import { createUpstreams } from "./upstream/index.js";
import { startWorker } from "./worker.js";

const env = readWorkerEnv();
const logger = createLogger({
  service: "worker",
  level: env.LOG_LEVEL,
  format: logFormatFor(env.NODE_ENV),
});

const prisma = createPrisma(databaseOptionsFrom(env));
const redis = createRedis(env.REDIS_URL, "worker");
redis.on("error", (error) => logger.warn("redis connection error", { error: error.message }));

const policy = await findEvictionRisk(redis).catch(() => null);
if (policy) {
  logger.error("redis may evict queue keys", {
    maxmemoryPolicy: policy,
    fix: "set maxmemory-policy noeviction, or jobs can be lost from the queue",
  });
}

const upstreams = createUpstreams({
  midjourney: { baseUrl: env.MIDJOURNEY_PROXY_URL, secret: env.MIDJOURNEY_PROXY_SECRET },
  suno: { baseUrl: env.SUNO_API_URL, apiKey: env.SUNO_API_KEY, callbackUrl: env.SUNO_CALLBACK_URL },
  requestTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
});

const worker = startWorker({
  prisma,
  redis,
  upstreams,
  logger,
  settings: {
    prefix: env.QUEUE_PREFIX,
    concurrency: env.WORKER_CONCURRENCY,
    sunoTasksPer10s: env.SUNO_TASKS_PER_10S,
    pollIntervalMs: env.POLL_INTERVAL_MS,
    retryBaseMs: env.RETRY_BASE_MS,
    lockDurationMs: env.LOCK_DURATION_MS,
    recoveryIntervalMs: env.RECOVERY_INTERVAL_MS,
    reconcileAfterMs: env.RECONCILE_AFTER_MS,
    deadlines: { processingMs: env.JOB_DEADLINE_MS, queuedMs: env.QUEUED_DEADLINE_MS },
    webhooks: {
      concurrency: env.WEBHOOK_CONCURRENCY,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      retryDelaysMs: env.WEBHOOK_RETRY_DELAYS_MS,
      secretGraceMs: env.WEBHOOK_SECRET_GRACE_HOURS * 3_600_000,
      orderWaitMs: env.WEBHOOK_ORDER_WAIT_MS,
      allowLoopback: env.WEBHOOK_ALLOW_LOOPBACK,
      extraCa: env.WEBHOOK_EXTRA_CA_FILE && readFileSync(env.WEBHOOK_EXTRA_CA_FILE, "utf8"),
    },
  },
});
if (env.WEBHOOK_ALLOW_LOOPBACK) {
  logger.warn("webhooks may reach loopback", { fix: "unset WEBHOOK_ALLOW_LOOPBACK in production" });
}
const metricsServer =
  env.METRICS_PORT === undefined
    ? undefined
    : serveMetrics(worker.metrics, env.METRICS_PORT, env.METRICS_HOST);
logger.info("worker started", {
  concurrency: env.WORKER_CONCURRENCY,
  pid: process.pid,
  metricsPort: env.METRICS_PORT ?? null,
});

async function shutdown(signal: string) {
  logger.info("worker stopping", { signal, graceMs: env.SHUTDOWN_GRACE_MS });
  metricsServer?.close();
  await worker.close(env.SHUTDOWN_GRACE_MS);
  redis.disconnect();
  await closePrisma(prisma);
  logger.info("worker stopped");
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
