import type { ModelId } from "@reprise/core";
import { failJob, type PrismaClient } from "@reprise/db";
import type { Logger } from "@reprise/logger";
import { type RunJobPayload, retryDelay, runJobPayload, runQueueName } from "@reprise/queue";
import { DelayedError, type Job, RateLimitError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { type RunJobDeps, runJob } from "../features/run-job.js";
import type { WorkerMetrics } from "../metrics.js";
import { isTransientUpstreamError } from "../upstream/adapter.js";

export interface RunWorkerOptions {
  model: ModelId;
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** At most `max` jobs started per `duration` ms, across every replica (BullMQ's limiter). */
  limiter?: { max: number; duration: number };
  /** First retry delay of a failed run, in ms; it doubles with every attempt. */
  retryBaseMs: number;
  /** How long a run's lock lasts without renewal before BullMQ calls the job stalled (ms). */
  lockDurationMs: number;
  metrics: Pick<WorkerMetrics, "runSeconds">;
}

/**
 * The BullMQ worker of one model's run queue: an adapter from queue jobs to `runJob`.
 *
 * A final failure (attempts used up, or a job BullMQ failed for stalling too often without
 * running this processor) fails and refunds the job from the `failed` event, the one place
 * that sees every final failure; the watchdog catches whatever this process never saw.
 */
export function createRunWorker(deps: RunJobDeps, options: RunWorkerOptions): Worker {
  const prisma: PrismaClient = deps.prisma;
  const logger: Logger = deps.logger;

  const worker: Worker<RunJobPayload> = new Worker<RunJobPayload>(
    runQueueName(options.model),
    async (job, token) => {
      const { jobId } = runJobPayload.parse(job.data);
      const { model, metrics } = options;
      const endTimer = metrics.runSeconds.startTimer({ model });
      // A thrown error is retried by BullMQ, until its attempts are used up.
      let outcome = "error";
      try {
        const ended = await runJob(deps, jobId);
        outcome = ended;
        if (ended === "handed_back") await handBack(job, token);
        return ended;
      } catch (error) {
        const retryAfterMs = isTransientUpstreamError(error) ? error.retryAfterMs : undefined;
        if (retryAfterMs === undefined) throw error;
        // The upstream asked us to slow down: pause this queue, not just this job, and do not
        // count it as a failed attempt.
        outcome = "rate_limited";
        await worker.rateLimit(retryAfterMs);
        throw new RateLimitError();
      } finally {
        endTimer({ outcome });
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      ...(options.limiter && { limiter: options.limiter }),
      // Runs are resumable and idempotent, so a job that stalls (a worker killed or too busy
      // to renew its lock) may safely run again a few times before BullMQ gives up on it.
      maxStalledCount: 3,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.lockDurationMs,
      settings: {
        backoffStrategy: (attemptsMade) => retryDelay(attemptsMade, options.retryBaseMs),
      },
    },
  );

  worker.on("failed", (job, error) => {
    if (!job || !isFinalFailure(job)) return;
    const reason = `The job could not be run: ${error.message}`;
    failJob(prisma, job.data.jobId, reason)
      .then(async (outcome) => {
        if (!outcome.failed) return;
        logger.warn("job failed after retries", { jobId: job.data.jobId });
        if (outcome.notified) await deps.scheduleWebhooks(job.data.jobId);
      })
      .catch((failure) => {
        logger.error("final failure not recorded", { jobId: job.data.jobId, error: failure });
      });
  });
  worker.on("error", (error) => logger.warn("run worker error", { error: error.message }));
  return worker;
}

function isFinalFailure(job: Job): boolean {
  return job.attemptsMade >= (job.opts.attempts ?? 1) || job.finishedOn !== undefined;
}

/** Puts a job back in the queue at once, without using an attempt: another worker resumes it. */
async function handBack(job: Job, token: string | undefined): Promise<never> {
  await job.moveToDelayed(Date.now(), token);
  throw new DelayedError();
}
