import { setTimeout as sleep } from "node:timers/promises";
import {
  type JobAction,
  type ModelId,
  nextProgress,
  resultKindOf,
  resultSchemaOf,
} from "@reprise/core";
import {
  beginRun,
  completeJob,
  failJob,
  type JobToRun,
  markSubmitted,
  type Prisma,
  type PrismaClient,
  recordProgress,
  releaseSubmission,
} from "@reprise/db";
import type { Logger } from "@reprise/logger";
import {
  isPermanentUpstreamError,
  isTransientUpstreamError,
  TransientUpstreamError,
  type UpstreamAdapter,
  type UpstreamJob,
  type UpstreamState,
} from "../upstream/adapter.js";

export interface RunJobDeps {
  prisma: PrismaClient;
  upstreams: Record<ModelId, UpstreamAdapter>;
  logger: Logger;
  pollIntervalMs: number;
  /** Aborted when the process is shutting down: the run hands its job back. */
  shutdown: AbortSignal;
  /** Queues the webhook events a transition of the job just recorded; never throws. */
  scheduleWebhooks: (jobId: string) => Promise<void>;
}

/** How a run ended, for the queue adapter to act on. */
export type RunOutcome = "completed" | "failed" | "already_finished" | "handed_back";

/** The job was finished (timed out) while its task was being submitted. */
class JobFinishedElsewhere extends Error {
  override name = "JobFinishedElsewhere";
}

/** A claim this old belongs to a worker that died while submitting. */
const STALE_SUBMISSION_MS = 2 * 60_000;

/**
 * Runs one job to its end: submits it upstream once (the job turns PROCESSING when the
 * upstream accepts it) or resumes the task a previous attempt saved, polls until the task
 * succeeds or fails, and finishes the job through a guarded transition. Permanent upstream
 * failures fail and refund the job here; transient submission failures are thrown, for
 * BullMQ to retry with backoff while the job stays QUEUED.
 */
export async function runJob(deps: RunJobDeps, jobId: string): Promise<RunOutcome> {
  const running = await beginRun(deps.prisma, jobId, STALE_SUBMISSION_MS);
  if (!running) return "already_finished";

  const job = upstreamJobOf(running);
  const adapter = deps.upstreams[job.model];
  const log = deps.logger.child({ jobId, model: job.model, action: job.action });

  try {
    const taskId = running.upstreamTaskId ?? (await submitOnce(deps, adapter, job, running));
    return await pollUntilDone(deps, adapter, job, taskId, log);
  } catch (error) {
    if (error instanceof JobFinishedElsewhere) return "already_finished";
    if (!isPermanentUpstreamError(error)) throw error;
    await failAndNotify(deps, jobId, error.message);
    log.info("job failed", { reason: error.message, permanent: true });
    return "failed";
  }
}

/** The job as the adapters see it. */
function upstreamJobOf(running: JobToRun): UpstreamJob {
  const { parent } = running;
  return {
    id: running.id,
    model: running.model as ModelId,
    action: running.action as JobAction,
    input: running.input,
    mask: running.mask,
    parent: parent && {
      ...parent,
      action: parent.action as JobAction,
      // The API only accepts COMPLETED parents that support follow-ups, which always have an
      // upstream task id; an empty one makes the adapter fail the job permanently.
      upstreamTaskId: parent.upstreamTaskId ?? "",
    },
  };
}

async function submitOnce(
  deps: RunJobDeps,
  adapter: UpstreamAdapter,
  job: UpstreamJob,
  running: JobToRun,
) {
  // Two runs of one job can overlap (a stalled BullMQ job coming back): only the holder of
  // the claim taken by beginRun submits, so the upstream sees one task per job.
  if (!running.claimed) {
    throw new TransientUpstreamError("another run of this job is submitting it");
  }

  let taskId: string;
  try {
    ({ taskId } = await adapter.submit(job));
  } catch (error) {
    // Let the next attempt claim again. Known shortcoming: when the request timed out after
    // the upstream had accepted it, or this process dies right here, the upstream ends up
    // with two tasks for the job (the first is never polled). Neither protocol takes an
    // idempotency key, so only the upstream's own duplicate detection could prevent it.
    await releaseSubmission(deps.prisma, job.id);
    throw error;
  }
  if (!(await markSubmitted(deps.prisma, job.id, taskId))) {
    throw new JobFinishedElsewhere();
  }
  deps.logger.info("upstream task submitted", { jobId: job.id, taskId });
  return taskId;
}

async function pollUntilDone(
  deps: RunJobDeps,
  adapter: UpstreamAdapter,
  job: UpstreamJob,
  taskId: string,
  log: Logger,
): Promise<RunOutcome> {
  for (;;) {
    const state = await pollTolerantly(adapter, job, taskId, log);
    switch (state?.kind) {
      case undefined:
        break;
      case "running": {
        // The core rule makes the report a whole percentage in 0..100 (an upstream's "45.5"
        // or "120" would break the column's check); the SQL keeps it from going down even
        // when two runs of the job report at once.
        const reported = nextProgress(0, state.progress);
        const progress = await recordProgress(deps.prisma, job.id, reported);
        if (!progress) return "already_finished";
        if (progress.notified) await deps.scheduleWebhooks(job.id);
        break;
      }
      case "succeeded":
        return finishSucceeded(deps, job, state, log);
      case "failed":
        await failAndNotify(deps, job.id, `The upstream failed the job: ${state.reason}`);
        log.info("job failed", { reason: state.reason });
        return "failed";
      default:
        return state satisfies never;
    }

    if (deps.shutdown.aborted) return "handed_back";
    await sleep(deps.pollIntervalMs, undefined, { signal: deps.shutdown }).catch(() => {});
    if (deps.shutdown.aborted) return "handed_back";
  }
}

/**
 * One poll. A transient failure (a 5xx, a timeout) is not the job's failure: polling goes on
 * until the task ends or the watchdog's deadline fails the job, so a flaky upstream costs
 * time, never a refunded job.
 */
async function pollTolerantly(
  adapter: UpstreamAdapter,
  job: UpstreamJob,
  taskId: string,
  log: Logger,
): Promise<UpstreamState | undefined> {
  try {
    return await adapter.poll(job, taskId);
  } catch (error) {
    if (!isTransientUpstreamError(error)) throw error;
    log.debug("upstream poll failed", { taskId, reason: error.message });
    return undefined;
  }
}

async function finishSucceeded(
  deps: RunJobDeps,
  job: UpstreamJob,
  state: Extract<UpstreamState, { kind: "succeeded" }>,
  log: Logger,
): Promise<RunOutcome> {
  const kind = resultKindOf(job.model, job.action);
  const parsed = kind ? resultSchemaOf(kind).safeParse(state.result) : undefined;
  if (!parsed?.success) {
    await failAndNotify(deps, job.id, "The upstream returned a result that cannot be used");
    log.warn("upstream result rejected", { issues: parsed?.error.issues.slice(0, 3) });
    return "failed";
  }

  const outcome = await completeJob(
    deps.prisma,
    job.id,
    parsed.data as Prisma.InputJsonValue,
    state.upstream as Prisma.InputJsonValue,
  );
  if (!outcome.completed) return "already_finished";
  log.info("job completed");
  if (outcome.notified) await deps.scheduleWebhooks(job.id);
  return "completed";
}

/** Fails the job and, when this call is the one that failed it, queues its `failed` event. */
async function failAndNotify(deps: RunJobDeps, jobId: string, reason: string): Promise<void> {
  const outcome = await failJob(deps.prisma, jobId, reason);
  if (outcome.notified) await deps.scheduleWebhooks(jobId);
}
