import { type Endpoint, endpoints } from "@reprise/core";
import type { PrismaClient } from "@reprise/db";
import express, { type RequestHandler, Router } from "express";
import { principalOf } from "../features/auth/authenticate.js";
import { idempotentSubmission } from "../features/idempotency/idempotent.js";
import { type SubmissionDeps, submitJob } from "../features/submissions/submit-job.js";

export interface SubmissionRoutesDeps extends SubmissionDeps {
  prisma: PrismaClient;
  /** Runs before the body is read: authentication, then the rate limit. */
  guards: RequestHandler[];
  bodyLimitBytes: number;
  actionBodyLimitBytes: number;
}

/** The four submission endpoints: each answers 202 `{jobId, status}`. */
export function submissionRoutes(deps: SubmissionRoutesDeps): Router {
  const router = Router();

  for (const endpoint of Object.values(endpoints) as Endpoint[]) {
    const limit =
      endpoint === endpoints.midjourneyAction ? deps.actionBodyLimitBytes : deps.bodyLimitBytes;

    router.post(endpoint, ...deps.guards, express.json({ limit }), async (req, res) => {
      const principal = principalOf(res);
      const answer = await idempotentSubmission(
        deps.prisma,
        {
          teamId: principal.teamId,
          key: req.header("idempotency-key"),
          method: req.method,
          path: endpoint,
          body: req.body,
        },
        (key) => submitJob(deps, principal, endpoint, req.body, key),
      );

      if (answer.replayed) res.set("Idempotent-Replayed", "true");
      res.status(answer.status).json(answer.body);
    });
  }
  return router;
}
