import type { PrismaClient } from "@reprise/db";
import { type RequestHandler, Router } from "express";
import { principalOf } from "../features/auth/authenticate.js";
import { listJobsQuery } from "../features/jobs/list-query.js";
import { listJobs, readJob } from "../features/jobs/read-jobs.js";
import { parseOrFail } from "../http/parse-or-fail.js";

export function jobRoutes(prisma: PrismaClient, guards: RequestHandler[]): Router {
  const router = Router();

  router.get("/v2/jobs", ...guards, async (req, res) => {
    const query = parseOrFail(listJobsQuery, req.query);
    res.json(await listJobs(prisma, principalOf(res), query));
  });

  router.get("/v2/jobs/:id", ...guards, async (req, res) => {
    res.json(await readJob(prisma, principalOf(res), String(req.params.id)));
  });

  return router;
}
