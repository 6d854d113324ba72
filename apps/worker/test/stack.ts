import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { createApp, OutboxAcks, readApiEnv } from "@reprise/api";
import { chargeAndRecord, type PrismaClient } from "@reprise/db";
import { createLogger } from "@reprise/logger";
import { closeRunQueues, createRedis, createRunQueues } from "@reprise/queue";
import { createSimulator, type Simulator, type SimulatorOptions } from "@reprise/simulator";
import {
  createTestQueuePrefix,
  createTestSchema,
  type SeededCaller,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
} from "@reprise/testing";
import type { Express } from "express";
import request from "supertest";
import { createUpstreams } from "../src/upstream/index.js";
import { type RunningWorker, startWorker, type WorkerSettings } from "../src/worker.js";

/** Everything of Reprise in one test process: simulator, API app and a worker. */
export interface Stack {
  api: Express;
  prisma: PrismaClient;
  simulator: Simulator;
  simulatorUrl: string;
  redisUrl: string;
  schema: string;
  queuePrefix: string;
  /** Starts one more in-process worker replica. */
  startWorker(settings?: Partial<WorkerSettings>): RunningWorker;
  close(): Promise<void>;
}

/** Worker settings scaled down for tests: fast polls, fast recovery, short deadlines. */
export function testWorkerSettings(prefix: string): WorkerSettings {
  return {
    prefix,
    concurrency: 10,
    sunoTasksPer10s: 1_000,
    pollIntervalMs: 20,
    retryBaseMs: 50,
    lockDurationMs: 2_000,
    recoveryIntervalMs: 200,
    reconcileAfterMs: 1_000,
    deadlines: { processingMs: 60_000, queuedMs: 60_000 },
    webhooks: {
      concurrency: 10,
      timeoutMs: 2_000,
      retryDelaysMs: [50, 100, 200],
      secretGraceMs: 24 * 3_600_000,
      orderWaitMs: 200,
      // Test receivers listen on 127.0.0.1; the SSRF tests turn this off.
      allowLoopback: true,
    },
  };
}

export async function startStack(
  label: string,
  options: {
    simulator?: SimulatorOptions;
    /** Settings of the in-process worker; false starts none (a test spawns its own). */
    worker?: Partial<WorkerSettings> | false;
    /** A Redis of the test's own, e.g. one it will shut down. */
    redisUrl?: string;
    /** Variables of the API's environment, over the stack's own. */
    apiEnv?: Record<string, string>;
  } = {},
): Promise<Stack> {
  const schema = await createTestSchema(label);
  const queuePrefix = createTestQueuePrefix(label);
  const logger = createLogger({ service: "test", level: process.env.TEST_LOG_LEVEL ?? "error" });

  const simulator = createSimulator({ stepLatencyMs: 0, ...options.simulator });
  const simServer = simulator.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => simServer.once("listening", resolve));
  const simulatorUrl = `http://127.0.0.1:${(simServer.address() as AddressInfo).port}`;

  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const producer = createRedis(redisUrl, "producer");
  producer.on("error", () => {});
  const queues = createRunQueues(producer, queuePrefix.prefix);
  const env = readApiEnv({
    QUEUE_PREFIX: queuePrefix.prefix,
    RATE_LIMIT_PER_MINUTE: "0",
    // Test webhook receivers listen on 127.0.0.1.
    WEBHOOK_ALLOW_LOOPBACK: "true",
    ...options.apiEnv,
  });
  const outboxAcks = new OutboxAcks(schema.prisma, logger);
  const api = createApp({
    prisma: schema.prisma,
    redis: producer,
    queues,
    outboxAcks,
    logger,
    env,
  });

  const workerRedis = createRedis(redisUrl, "worker");
  workerRedis.on("error", () => {});
  const upstreams = createUpstreams({
    midjourney: { baseUrl: simulatorUrl },
    suno: { baseUrl: simulatorUrl, callbackUrl: "https://callbacks.reprise.test/suno" },
    requestTimeoutMs: 5_000,
  });
  const workers: RunningWorker[] = [];
  const start = (settings: Partial<WorkerSettings> = {}) => {
    const worker = startWorker({
      prisma: schema.prisma,
      redis: workerRedis,
      upstreams,
      logger,
      settings: { ...testWorkerSettings(queuePrefix.prefix), ...settings },
    });
    workers.push(worker);
    return worker;
  };
  if (options.worker !== false) start(options.worker ?? {});

  return {
    api,
    prisma: schema.prisma,
    simulator,
    simulatorUrl,
    redisUrl,
    schema: schema.schema,
    queuePrefix: queuePrefix.prefix,
    startWorker: start,
    async close() {
      await Promise.all(workers.map((worker) => worker.close(0)));
      await outboxAcks.flush();
      await closeRunQueues(queues);
      producer.disconnect();
      workerRedis.disconnect();
      simulator.close();
      await new Promise((resolve) => simServer.close(resolve));
      await schema.drop();
      if (redisUrl === TEST_REDIS_URL) await queuePrefix.clean();
    },
  };
}

/** A POST through the API as `caller`. */
export function submit(stack: Stack, caller: SeededCaller, path: string, body: object) {
  return request(stack.api).post(path).set("X-API-Key", caller.key).send(body);
}

/** Polls `GET /v2/jobs/:id` until the job is COMPLETED or FAILED, and returns it. */
export async function waitForJob(stack: Stack, caller: SeededCaller, jobId: string, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const response = await request(stack.api).get(`/v2/jobs/${jobId}`).set("X-API-Key", caller.key);
    const { status } = response.body;
    if (status === "COMPLETED" || status === "FAILED") return response.body;
    if (Date.now() > until) throw new Error(`job ${jobId} still ${status} after ${ms} ms`);
    await sleep(25);
  }
}

/** The environment of a worker process that joins this stack. */
export function workerProcessEnv(stack: Stack): Record<string, string> {
  return {
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: stack.schema,
    REDIS_URL: stack.redisUrl,
    QUEUE_PREFIX: stack.queuePrefix,
    MIDJOURNEY_PROXY_URL: stack.simulatorUrl,
    SUNO_API_URL: stack.simulatorUrl,
    POLL_INTERVAL_MS: "50",
    RETRY_BASE_MS: "50",
    LOCK_DURATION_MS: "2000",
    RECOVERY_INTERVAL_MS: "200",
    RECONCILE_AFTER_MS: "1000",
    SHUTDOWN_GRACE_MS: "2000",
  };
}

/**
 * Charges and records a Midjourney generation straight in the database, bypassing the API
 * and its enqueue: the state the API leaves when it dies right after its commit, or a job
 * whose webhook URL passed a submission check that would now refuse it.
 */
export async function recordGeneration(
  stack: Stack,
  caller: SeededCaller,
  prompt: string,
  webhook: { url: string; events: string[] } | null = null,
): Promise<string> {
  const id = randomUUID();
  await chargeAndRecord(stack.prisma, [
    {
      job: {
        id,
        userId: caller.userId,
        teamId: caller.teamId,
        apiKeyId: caller.apiKeyId,
        model: "midjourney",
        action: "generate",
        parentJobId: null,
        input: { prompt, model: "midjourney" },
        creditCost: 16,
        webhookUrl: webhook?.url ?? null,
        webhookEvents: webhook?.events ?? [],
        mask: null,
      },
      idempotency: null,
    },
  ]);
  return id;
}
