import { type ModelId, modelIds } from "@reprise/core";
import { type JobsOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type RunJobPayload, runJobId, runQueueName } from "./queues.js";

/** The run queue of each model. */
export type RunQueues = Record<ModelId, Queue<RunJobPayload>>;

/**
 * How a run is queued. Retries of transient failures are the worker's own business (it
 * resumes the upstream task); BullMQ's attempts cover a crashed or stalled worker.
 * Finished BullMQ jobs are dropped after a while: Postgres keeps the job's record.
 */
export const runJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 24 * 3_600 },
};

export function createRunQueues(connection: Redis, prefix: string): RunQueues {
  const entries = modelIds.map((model) => [
    model,
    new Queue<RunJobPayload>(runQueueName(model), { connection, prefix }),
  ]);
  return Object.fromEntries(entries) as RunQueues;
}

/** Puts a job on its model's queue; a repeat while BullMQ still holds it changes nothing. */
export async function enqueueRun(queues: RunQueues, model: ModelId, jobId: string) {
  await queues[model].add("run", { jobId }, { ...runJobOptions, jobId: runJobId(jobId) });
}

export async function closeRunQueues(queues: RunQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}
