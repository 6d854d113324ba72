import { canSee, seesWholeTeam } from "@reprise/core";
import type { Prisma, PrismaClient } from "@reprise/db";
import { z } from "zod";
import { fail } from "../../http/api-error.js";
import type { Principal } from "../auth/authenticate.js";
import { encodeCursor, type ListJobsQuery } from "./list-query.js";
import { publicJobColumns, serializeJob } from "./serialize-job.js";

const jobId = z.uuid();

/** One job, or 404 when it does not exist or the caller may not see it: the same answer. */
export async function readJob(prisma: PrismaClient, principal: Principal, id: string) {
  if (!jobId.safeParse(id).success) {
    fail("validation_error", { details: { id: ["must be a UUID"] } });
  }
  const job = await prisma.job.findUnique({ where: { id }, select: publicJobColumns });
  if (!job || !canSee(principal, job)) fail("job_not_found");
  return serializeJob(job);
}

/**
 * A page of jobs, newest first. Keyset pagination on (createdAt, id): a page never repeats
 * or skips a job that existed when the first page was read, however many are inserted.
 */
export async function listJobs(prisma: PrismaClient, principal: Principal, query: ListJobsQuery) {
  if (query.scope === "team" && !seesWholeTeam(principal.role)) {
    fail("forbidden", { message: "scope=team is for team admins and owners" });
  }

  const owner: Prisma.JobWhereInput =
    query.scope === "team" ? { teamId: principal.teamId } : { userId: principal.userId };
  const where: Prisma.JobWhereInput = {
    ...owner,
    ...(query.status && { status: query.status }),
    ...(query.model && { model: query.model }),
    ...(query.search && { id: query.search }),
    ...(query.cursor && {
      OR: [
        { createdAt: { lt: new Date(query.cursor.createdAt) } },
        { createdAt: new Date(query.cursor.createdAt), id: { lt: query.cursor.id } },
      ],
    }),
  };

  const rows = await prisma.job.findMany({
    where,
    select: publicJobColumns,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const hasMore = rows.length > query.limit;

  return {
    jobs: page.map(serializeJob),
    nextCursor:
      hasMore && last
        ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
        : null,
    hasMore,
    ...(query.include_models === "true" && { models: await modelsUsed(prisma, owner) }),
  };
}

async function modelsUsed(prisma: PrismaClient, owner: Prisma.JobWhereInput) {
  const rows = await prisma.job.findMany({
    where: owner,
    distinct: ["model"],
    select: { model: true },
  });
  return rows.map((row) => row.model).sort();
}
