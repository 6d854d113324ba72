import {
  chargeAndRecord,
  findParentJobs,
  type NewSubmission,
  type ParentJobRow,
  type PrismaClient,
  type RecordOutcome,
} from "@reprise/db";
import { enqueueRuns, type RunQueues, type RunToEnqueue } from "@reprise/queue";
import type DataLoader from "dataloader";
import { inKeyOrder, perTurnLoader } from "../per-turn-loader.js";

/** Reads parent jobs by id; the reads of one event-loop turn share one statement. */
export type ParentJobLoader = DataLoader<string, ParentJobRow | null>;

export function parentJobLoader(prisma: PrismaClient): ParentJobLoader {
  return perTurnLoader(async (jobIds) =>
    inKeyOrder(jobIds, await findParentJobs(prisma, jobIds), (parent) => parent.id),
  );
}

/**
 * Charges for and records submissions; those of one event-loop turn share one statement and
 * one commit, each still charged in turn as if alone.
 */
export type SubmissionRecorder = DataLoader<NewSubmission, RecordOutcome>;

export function submissionRecorder(prisma: PrismaClient): SubmissionRecorder {
  return perTurnLoader((submissions) => chargeAndRecord(prisma, submissions));
}

/** Enqueues runs; those of one event-loop turn share one Redis round trip per model. */
export type RunEnqueuer = DataLoader<RunToEnqueue, void>;

export function runEnqueuer(queues: RunQueues): RunEnqueuer {
  return perTurnLoader(async (runs) => {
    await enqueueRuns(queues, runs);
    return runs.map(() => undefined);
  });
}
