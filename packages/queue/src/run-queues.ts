import { type ModelId, modelIds } from "@reprise/core";
import { type JobsOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type RunJobPayload, runJobId, runQueueName } from "./queues.js";

/** The run queue of each model. */
export type RunQueues = Record<ModelId, Queue<RunJobPayload>>;

/**
 * How a run is queued. A run that throws (the upstream refused the submission for a passing
 * reason, the database blinked) is retried up to 8 times; the delays are the worker's
 * `retryDelay` ("custom" backoff), so each deployment tunes them where the retries happen.
 * Finished BullMQ jobs are dropped after a while: Postgres keeps the job's record.
 */
export const runJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: "custom" },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 24 * 3_600 },
};

/**
 * The run queue of every model. `onError` hears connection errors; without a listener BullMQ
 * prints each one to the console while Redis is down.
 */
export function createRunQueues(
  connection: Redis,
  prefix: string,
  onError: (error: Error) => void = () => {},
): RunQueues {
  const entries = modelIds.map((model) => {
    const queue = new Queue<RunJobPayload>(runQueueName(model), { connection, prefix });
    queue.on("error", onError);
    return [model, queue];
  });
  return Object.fromEntries(entries) as RunQueues;
}

export interface RunToEnqueue {
  model: ModelId;
  jobId: string;
}

/** Puts a job on its model's queue; a repeat while BullMQ still holds it changes nothing. */
export async function enqueueRun(queues: RunQueues, model: ModelId, jobId: string) {
  await enqueueRuns(queues, [{ model, jobId }]);
}

/**
 * Puts several jobs on their queues with one Redis round trip per model (BullMQ's `addBulk`,
 * a MULTI). It fails as a whole when Redis refuses it; a repeat changes nothing, as above.
 */
export async function enqueueRuns(queues: RunQueues, runs: readonly RunToEnqueue[]) {
  await Promise.all(
    modelIds.map((model) => {
      const jobs = runs
        .filter((run) => run.model === model)
        .map(({ jobId }) => ({
          name: "run",
          data: { jobId },
          opts: { ...runJobOptions, jobId: runJobId(jobId) },
        }));
      return jobs.length === 0 ? undefined : queues[model].addBulk(jobs);
    }),
  );
}

export async function closeRunQueues(queues: RunQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}

/**
 * The delay before retry number `attemptsMade`: exponential from `baseMs`, with jitter so
 * jobs that failed together do not retry together, and capped at five minutes.
 */
export function retryDelay(attemptsMade: number, baseMs: number): number {
  const exponential = baseMs * 2 ** Math.max(0, attemptsMade - 1);
  const jittered = exponential * (0.75 + Math.random() * 0.5);
  return Math.min(Math.round(jittered), 5 * 60_000);
}
