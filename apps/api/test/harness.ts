import { closePrisma, createPrisma, type PrismaClient } from "@reprise/db";
import { createLogger } from "@reprise/logger";
import { closeRunQueues, createRedis, createRunQueues, type RunQueues } from "@reprise/queue";
import {
  createTestQueuePrefix,
  createTestSchema,
  type SeededCaller,
  TEST_REDIS_URL,
} from "@reprise/testing";
import type { Express } from "express";
import request from "supertest";
import { createApp } from "../src/app.js";
import { readApiEnv } from "../src/env.js";
import { OutboxAcks } from "../src/features/submissions/outbox-acks.js";

export interface TestApi {
  app: Express;
  prisma: PrismaClient;
  queues: RunQueues;
  /** Sends the outbox acknowledgements the app is still gathering. */
  flushOutboxAcks(): Promise<void>;
  /** Closes the app's connections, drops its schema and deletes its queue keys. */
  close(): Promise<void>;
}

/**
 * The real API app on its own Postgres schema and BullMQ prefix, with logging quiet and the
 * rate limit off unless `env` says otherwise.
 */
export async function startTestApi(label: string, env: Record<string, string> = {}) {
  const schema = await createTestSchema(label);
  const queuePrefix = createTestQueuePrefix(label);
  const redis = createRedis(env.REDIS_URL ?? TEST_REDIS_URL, "producer");
  redis.on("error", () => {});
  const queues = createRunQueues(redis, queuePrefix.prefix);
  const logger = createLogger({ service: "api", level: process.env.TEST_LOG_LEVEL ?? "error" });
  const apiEnv = readApiEnv({
    QUEUE_PREFIX: queuePrefix.prefix,
    RATE_LIMIT_PER_MINUTE: "0",
    ...env,
  });
  // A DATABASE_URL of the test's own (an unreachable one) replaces the schema's client.
  const prisma = env.DATABASE_URL ? createPrisma({ url: env.DATABASE_URL }) : schema.prisma;
  const outboxAcks = new OutboxAcks(prisma, logger);
  const app = createApp({ prisma, redis, queues, outboxAcks, logger, env: apiEnv });

  const api: TestApi = {
    app,
    prisma: schema.prisma,
    queues,
    flushOutboxAcks: () => outboxAcks.flush(),
    async close() {
      await outboxAcks.flush();
      await closeRunQueues(queues);
      redis.disconnect();
      if (prisma !== schema.prisma) await closePrisma(prisma);
      await schema.drop();
      await queuePrefix.clean();
    },
  };
  return api;
}

/** A POST as `caller`, with JSON body. */
export function post(api: TestApi, caller: SeededCaller, path: string, body: unknown) {
  return request(api.app)
    .post(path)
    .set("X-API-Key", caller.key)
    .send(body as object);
}

/** A GET as `caller`. */
export function get(api: TestApi, caller: SeededCaller, path: string) {
  return request(api.app).get(path).set("X-API-Key", caller.key);
}

/** Ledger rows of a team, for "no credit moved" assertions. */
export async function ledgerOf(prisma: PrismaClient, teamId: string) {
  return prisma.creditLedgerEntry.findMany({ where: { teamId }, orderBy: { createdAt: "asc" } });
}
