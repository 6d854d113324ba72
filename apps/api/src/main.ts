import { closePrisma, createPrisma, databaseOptionsFrom } from "@reprise/db";
import { createLogger, logFormatFor } from "@reprise/logger";
import { closeRunQueues, createRedis, createRunQueues } from "@reprise/queue";
import { createApp } from "./app.js";
import { readApiEnv } from "./env.js";
import { OutboxAcks } from "./features/submissions/outbox-acks.js";

const env = readApiEnv();
const logger = createLogger({
  service: "api",
  level: env.LOG_LEVEL,
  format: logFormatFor(env.NODE_ENV),
});

const prisma = createPrisma(databaseOptionsFrom(env));
const redis = createRedis(env.REDIS_URL, "producer");
const onRedisError = (error: Error) => {
  logger.warn("redis connection error", { error: error.message });
};
redis.on("error", onRedisError);
const queues = createRunQueues(redis, env.QUEUE_PREFIX, onRedisError);

const outboxAcks = new OutboxAcks(prisma, logger);
const app = createApp({ prisma, redis, queues, outboxAcks, logger, env });
const server = app.listen(env.PORT, env.HOST, () => {
  logger.info("api listening", { url: `http://${env.HOST}:${env.PORT}` });
});

/** Stops taking requests, lets the running ones finish, then closes connections. */
async function shutdown(signal: string) {
  logger.info("api stopping", { signal });
  // Keep-alive connections with no request in flight would hold close() open for minutes.
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  // The requests still running acknowledge their enqueues; flush once they are done.
  await closed;
  await outboxAcks.flush();
  await closeRunQueues(queues);
  redis.disconnect();
  await closePrisma(prisma);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
