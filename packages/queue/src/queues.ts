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
