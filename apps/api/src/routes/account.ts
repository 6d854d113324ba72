import { modelsListing } from "@reprise/core";
import type { PrismaClient } from "@reprise/db";
import { type RequestHandler, Router } from "express";
import { principalOf } from "../features/auth/authenticate.js";

/** `GET /v2/me` (the caller, their team and key) and the public `GET /v2/models`. */
export function accountRoutes(prisma: PrismaClient, guards: RequestHandler[]): Router {
  const router = Router();

  router.get("/v2/me", ...guards, async (_req, res) => {
    const principal = principalOf(res);
    const team = await prisma.team.findUniqueOrThrow({
      where: { id: principal.teamId },
      select: { id: true, name: true, credits: true, maxConcurrentJobs: true },
    });
    res.json({
      user: { id: principal.userId, email: principal.email, role: principal.role },
      team,
      apiKey: {
        id: principal.apiKeyId,
        name: principal.apiKeyName,
        prefix: principal.apiKeyPrefix,
      },
    });
  });

  // The catalogue is the same for everyone and needs no key, as on Apiframe.
  const listing = modelsListing();
  router.get("/v2/models", (_req, res) => {
    res.json(listing);
  });

  return router;
}
