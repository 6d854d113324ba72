import type { ModelId } from "@reprise/core";
import { z } from "zod";

/**
 * Jobs to run upstream, one queue per provider so each can have its own rate limit
 * (sunoapi allows 20 new tasks per 10 s). Payload: `RunJobPayload`.
 */
export function runQueueName(model: ModelId): string {
  return `run-${model}`;
}

/**
 * A job to run. Only the id travels: Postgres holds the job, so a payload can never be stale
 * and nothing secret (the inpaint mask) sits in Redis.
 */
export const runJobPayload = z.object({ jobId: z.uuid() });
export type RunJobPayload = z.infer<typeof runJobPayload>;

/**
 * The BullMQ job id of a run: the job's own id, so enqueueing the same job twice is a no-op
 * while BullMQ still holds it (BullMQ ids may not contain ":", which a UUID never does).
 */
export function runJobId(jobId: string): string {
  return jobId;
}

/** Webhook deliveries, one queue job per owed event and round. Payload: `DeliveryPayload`. */
export const deliveryQueueName = "webhook-delivery";

/**
 * An event to deliver. Only its id travels: Postgres holds the event, its job and the team's
 * secret, so nothing secret sits in Redis.
 */
export const deliveryPayload = z.object({ eventId: z.uuid() });
export type DeliveryPayload = z.infer<typeof deliveryPayload>;

/**
 * The BullMQ job id of a delivery: one per (job, event key, round), e.g.
 * `<jobId>_progress_45_r0`, so scheduling the same event twice is a no-op while BullMQ holds
 * it, and a manual redelivery (a new round) is a job of its own.
 */
export function deliveryJobId(event: { jobId: string; key: string; round: number }): string {
  return `${event.jobId}_${event.key}_r${event.round}`;
}
