import type { PrismaClient } from "@reprise/db";
import type { Logger } from "@reprise/logger";
import { createDeliveryQueue, type RunQueues } from "@reprise/queue";
import express, { type Express } from "express";
import type { Redis } from "ioredis";
import type { ApiEnv } from "./env.js";
import { authenticate, keyHolderLoader } from "./features/auth/authenticate.js";
import { rateLimit } from "./features/rate-limit.js";
import {
  parentJobLoader,
  runEnqueuer,
  submissionRecorder,
} from "./features/submissions/batches.js";
import type { OutboxAcks } from "./features/submissions/outbox-acks.js";
import { errorHandler, notFoundHandler } from "./http/error-handler.js";
import { createApiMetrics } from "./http/metrics.js";
import { requestContext } from "./http/request-context.js";
import { accountRoutes } from "./routes/account.js";
import { bullBoardRoutes, operatorAuth } from "./routes/bull-board.js";
import { docsRoutes } from "./routes/docs.js";
import { jobRoutes } from "./routes/jobs.js";
import { metricsRoutes } from "./routes/metrics.js";
import { submissionRoutes } from "./routes/submissions.js";
import { upstreamCallbackRoutes } from "./routes/upstream-callbacks.js";
import { webhookRoutes } from "./routes/webhooks.js";

export interface AppDeps {
  prisma: PrismaClient;
  /** A producer connection (fails fast while Redis is down). */
  redis: Redis;
  queues: RunQueues;
  /** Batches the outbox clean-up of enqueued jobs; flush it at shutdown. */
  outboxAcks: OutboxAcks;
  logger: Logger;
  env: Pick<
    ApiEnv,
    | "RATE_LIMIT_PER_MINUTE"
    | "BODY_LIMIT_BYTES"
    | "ACTION_BODY_LIMIT_BYTES"
    | "WEBHOOK_ALLOW_LOOPBACK"
    | "WEBHOOK_SECRET_GRACE_HOURS"
    | "ENQUEUE_TIMEOUT_MS"
    | "QUEUE_PREFIX"
    | "BULL_BOARD_USER"
    | "BULL_BOARD_PASSWORD"
  >;
}

/** The HTTP API, with everything it talks to passed in, so tests build it on their own. */
export function createApp(deps: AppDeps): Express {
  const { prisma, env, logger } = deps;
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  const metrics = createApiMetrics();
  app.use(requestContext(logger, metrics));

  const guards = [
    authenticate(keyHolderLoader(prisma)),
    rateLimit(deps.redis, env.RATE_LIMIT_PER_MINUTE, env.QUEUE_PREFIX),
  ];

  // On the producer connection: a redelivery Redis refuses is left to the worker's relay.
  const deliveries = createDeliveryQueue(deps.redis, env.QUEUE_PREFIX);

  app.use(accountRoutes(prisma, guards));
  app.use(jobRoutes(prisma, guards));
  app.use(
    webhookRoutes({
      prisma,
      deliveries,
      logger,
      guards,
      secretGraceMs: env.WEBHOOK_SECRET_GRACE_HOURS * 3_600_000,
    }),
  );
  app.use(
    submissionRoutes({
      prisma,
      parentJobs: parentJobLoader(prisma),
      recorder: submissionRecorder(prisma),
      enqueuer: runEnqueuer(deps.queues),
      outboxAcks: deps.outboxAcks,
      logger,
      guards,
      allowLoopbackWebhooks: env.WEBHOOK_ALLOW_LOOPBACK,
      enqueueTimeoutMs: env.ENQUEUE_TIMEOUT_MS,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      actionBodyLimitBytes: env.ACTION_BODY_LIMIT_BYTES,
    }),
  );
  app.use(docsRoutes());
  app.use(upstreamCallbackRoutes());
  if (env.BULL_BOARD_PASSWORD) {
    const operatorOnly = operatorAuth(env.BULL_BOARD_USER, env.BULL_BOARD_PASSWORD);
    const queues = [...Object.values(deps.queues), deliveries];
    app.use(bullBoardRoutes(queues, operatorOnly));
    app.use(metricsRoutes(metrics.registry, operatorOnly));
  }

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
