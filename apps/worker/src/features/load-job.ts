import type { JobAction, ModelId } from "@reprise/core";
import type { PrismaClient } from "@reprise/db";
import type { UpstreamJob } from "../upstream/adapter.js";

/** The job, its parent and its mask, as the adapters need them. */
export async function loadUpstreamJob(prisma: PrismaClient, jobId: string): Promise<UpstreamJob> {
  const job = await prisma.job.findUniqueOrThrow({
    where: { id: jobId },
    include: { parent: true, mask: true },
  });
  const { parent } = job;

  return {
    id: job.id,
    model: job.model as ModelId,
    action: job.action as JobAction,
    input: job.input as Record<string, unknown>,
    mask: job.mask ? Buffer.from(job.mask.mask) : null,
    parent: parent
      ? {
          id: parent.id,
          action: parent.action as JobAction,
          input: parent.input as Record<string, unknown>,
          result: parent.result,
          // The API only accepts COMPLETED parents that support follow-ups, which always have
          // an upstream task id; an empty one makes the adapter fail the job permanently.
          upstreamTaskId: parent.upstreamTaskId ?? "",
          upstream: parent.upstream,
        }
      : null,
  };
}
