import type { PrismaClient } from "@reprise/db";
import type { Logger } from "@reprise/logger";
import type { DeliveryQueue } from "@reprise/queue";
import { type RequestHandler, Router } from "express";
import { principalOf } from "../features/auth/authenticate.js";
import { readDeliveries, retryLastDelivery } from "../features/webhooks/deliveries.js";
import { rotateTeamWebhookSecret, showWebhookSecret } from "../features/webhooks/webhook-secret.js";

export interface WebhookRouteDeps {
  prisma: PrismaClient;
  deliveries: DeliveryQueue;
  logger: Logger;
  guards: RequestHandler[];
  /** How long the previous secret still signs after a rotation (ms). */
  secretGraceMs: number;
}

/** The team's signing secret, and the deliveries of a job's webhooks. */
export function webhookRoutes(deps: WebhookRouteDeps): Router {
  const { prisma, guards, secretGraceMs } = deps;
  const router = Router();

  router.get("/v2/webhooks/secret", ...guards, async (_req, res) => {
    res.json(await showWebhookSecret(prisma, principalOf(res), secretGraceMs));
  });

  router.post("/v2/webhooks/secret/rotate", ...guards, async (_req, res) => {
    res.json(await rotateTeamWebhookSecret(prisma, principalOf(res), secretGraceMs));
  });

  router.get("/v2/jobs/:id/deliveries", ...guards, async (req, res) => {
    res.json(await readDeliveries(prisma, principalOf(res), String(req.params.id)));
  });

  router.post("/v2/jobs/:id/deliveries/retry", ...guards, async (req, res) => {
    res.status(202).json(await retryLastDelivery(deps, principalOf(res), String(req.params.id)));
  });

  return router;
}
