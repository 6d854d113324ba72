import type { PrismaClient } from "@reprise/db";
import type { Logger } from "@reprise/logger";
import type { DeliveryQueue } from "@reprise/queue";
import express, { type Request, type RequestHandler, type Response, Router } from "express";
import { z } from "zod";
import { principalOf } from "../features/auth/authenticate.js";
import { idempotentAction } from "../features/idempotency/idempotent.js";
import { readDeliveries, retryLastDelivery } from "../features/webhooks/deliveries.js";
import { rotateTeamWebhookSecret, showWebhookSecret } from "../features/webhooks/webhook-secret.js";
import { parseOrFail } from "../http/parse-or-fail.js";

export interface WebhookRouteDeps {
  prisma: PrismaClient;
  deliveries: DeliveryQueue;
  logger: Logger;
  guards: RequestHandler[];
  /** How long the previous secret still signs after a rotation (ms). */
  secretGraceMs: number;
}

/** The two POSTs here take no fields: an empty body, `{}` or none at all. */
const noFields = z.strictObject({}).optional();

/**
 * Answers a POST that takes no fields with `run`'s result, at most once per Idempotency-Key:
 * a retried rotation must not rotate twice, which would end the grace of the secret that
 * receivers still hold.
 */
async function answerOnce<Body>(
  prisma: PrismaClient,
  req: Request,
  res: Response,
  { path, status }: { path: string; status: number },
  run: () => Promise<Body>,
) {
  const body = parseOrFail(noFields, req.body);
  const principal = principalOf(res);
  const key = req.header("idempotency-key");
  const request = { teamId: principal.teamId, key, method: req.method, path, body: body ?? {} };
  const answer = await idempotentAction(prisma, request, status, run);
  if (answer.replayed) res.set("Idempotent-Replayed", "true");
  res.status(answer.status).json(answer.body);
}

/** The team's signing secret, and the deliveries of a job's webhooks. */
export function webhookRoutes(deps: WebhookRouteDeps): Router {
  const { prisma, guards, secretGraceMs } = deps;
  const router = Router();
  // Only `{}` is a valid body; anything larger is refused before it is read.
  const emptyBody = express.json({ limit: "1kb" });

  router.get("/v2/webhooks/secret", ...guards, async (_req, res) => {
    res.json(await showWebhookSecret(prisma, principalOf(res), secretGraceMs));
  });

  router.post("/v2/webhooks/secret/rotate", ...guards, emptyBody, async (req, res) => {
    const path = "/v2/webhooks/secret/rotate";
    await answerOnce(prisma, req, res, { path, status: 200 }, () =>
      rotateTeamWebhookSecret(prisma, principalOf(res), secretGraceMs),
    );
  });

  router.get("/v2/jobs/:id/deliveries", ...guards, async (req, res) => {
    res.json(await readDeliveries(prisma, principalOf(res), String(req.params.id)));
  });

  router.post("/v2/jobs/:id/deliveries/retry", ...guards, emptyBody, async (req, res) => {
    const id = String(req.params.id);
    const path = `/v2/jobs/${id}/deliveries/retry`;
    await answerOnce(prisma, req, res, { path, status: 202 }, () =>
      retryLastDelivery(deps, principalOf(res), id),
    );
  });

  return router;
}
