import { createPrisma } from "@reprise/db";
import { createLogger } from "@reprise/logger";
import { closeRunQueues, createRedis, createRunQueues } from "@reprise/queue";
import { createApp } from "./app.js";
import { readApiEnv } from "./env.js";

const env = readApiEnv();
const logger = createLogger({
  service: "api",
  level: env.LOG_LEVEL,
  format: env.NODE_ENV === "production" ? "json" : "pretty",
});

const prisma = createPrisma({ url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA });
const redis = createRedis(env.REDIS_URL, "producer");
redis.on("error", (error) => logger.warn("redis connection error", { error: error.message }));
const queues = createRunQueues(redis, env.QUEUE_PREFIX);

const app = createApp({ prisma, redis, queues, logger, env });
const server = app.listen(env.PORT, env.HOST, () => {
  logger.info("api listening", { url: `http://${env.HOST}:${env.PORT}` });
});

/** Stops taking requests, lets the running ones finish, then closes connections. */
async function shutdown(signal: string) {
  logger.info("api stopping", { signal });
  server.close();
  await closeRunQueues(queues);
  redis.disconnect();
  await prisma.$disconnect();
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
