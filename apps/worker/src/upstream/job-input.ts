import type { z } from "zod";
import { PermanentUpstreamError, type UpstreamJob, type UpstreamParent } from "./adapter.js";

/**
 * The fields of the job's input that an adapter reads. The API validated the input before it
 * stored it, so a mismatch means a row changed by hand or a new field the adapter lacks:
 * nothing a retry fixes.
 */
export function readInput<S extends z.ZodType>(schema: S, job: UpstreamJob): z.output<S> {
  const parsed = schema.safeParse(job.input);
  if (parsed.success) return parsed.data;
  throw new PermanentUpstreamError(`The ${job.action} job's input cannot be sent upstream`);
}

/** The parent of a follow-up; every follow-up has one, so its absence is permanent. */
export function parentOf(job: UpstreamJob): UpstreamParent {
  if (job.parent !== null) return job.parent;
  throw new PermanentUpstreamError(`A ${job.action} job needs a parent job`);
}

/** The error for a job routed to the adapter of another model. */
export function notThisModel(job: UpstreamJob, upstream: string): PermanentUpstreamError {
  return new PermanentUpstreamError(`${upstream} cannot run a ${job.model} ${job.action} job`);
}
