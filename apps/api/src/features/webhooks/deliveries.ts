import { canSee } from "@reprise/core";
import {
  listDeliveries,
  markEventsQueued,
  type PrismaClient,
  redeliverLastEvent,
} from "@reprise/db";
import type { Logger } from "@reprise/logger";
import { type DeliveryQueue, enqueueDelivery } from "@reprise/queue";
import { z } from "zod";
import { fail } from "../../http/api-error.js";
import type { Principal } from "../auth/authenticate.js";

const jobId = z.uuid();

/** The job's webhook fields, or 404 when it does not exist or the caller may not see it. */
async function visibleJob(prisma: PrismaClient, principal: Principal, id: string) {
  if (!jobId.safeParse(id).success) {
    fail("validation_error", { details: { id: ["must be a UUID"] } });
  }
  const job = await prisma.job.findUnique({
    where: { id },
    select: { id: true, userId: true, teamId: true, webhookUrl: true },
  });
  if (!job || !canSee(principal, job)) fail("job_not_found");
  return job;
}

/** Every attempt at the job's webhooks, oldest first. */
export async function readDeliveries(prisma: PrismaClient, principal: Principal, id: string) {
  const job = await visibleJob(prisma, principal, id);
  const deliveries = await listDeliveries(prisma, job.id);
  return {
    deliveries: deliveries.map((delivery) => ({
      ...delivery,
      createdAt: delivery.createdAt.toISOString(),
    })),
  };
}

/**
 * Owes the job's last event again and queues it. If the queue cannot take it now, the worker's
 * relay does within seconds: the event is recorded as owed before this answers.
 */
export async function retryLastDelivery(
  deps: { prisma: PrismaClient; deliveries: DeliveryQueue; logger: Logger },
  principal: Principal,
  id: string,
) {
  const job = await visibleJob(deps.prisma, principal, id);
  if (!job.webhookUrl) fail("no_webhook_event", { message: "The job has no webhook" });

  const redelivery = await redeliverLastEvent(deps.prisma, job.id);
  if (redelivery.kind === "no_event") {
    fail("no_webhook_event", { message: "The job has sent no webhook event yet" });
  }
  const { event } = redelivery;
  if (redelivery.kind === "scheduled") {
    try {
      await enqueueDelivery(deps.deliveries, event);
      await markEventsQueued(deps.prisma, [event.id]);
    } catch (error) {
      deps.logger.warn("redelivery left to the relay", { jobId: job.id, error: String(error) });
    }
  }
  return {
    jobId: job.id,
    event: event.event,
    webhookId: `msg_${event.id}`,
    scheduled: redelivery.kind === "scheduled",
  };
}
