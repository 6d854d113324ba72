import type { JobAction, ModelId } from "@reprise/core";

/** What an adapter needs to know about the job it runs. */
export interface UpstreamJob {
  id: string;
  model: ModelId;
  action: JobAction;
  /** The request as the API accepted it, minus the mask (see API.md for each action's fields). */
  input: Record<string, unknown>;
  /** The parent of a follow-up, with what its own run stored; null for generations. */
  parent: UpstreamParent | null;
  /** Inpaint only: the mask's PNG bytes, for the one upstream call that needs them. */
  mask: Buffer | null;
}

export interface UpstreamParent {
  id: string;
  action: JobAction;
  input: Record<string, unknown>;
  /** The parent's stored result (grid, image, song or stems shape of packages/core). */
  result: unknown;
  /** The parent's upstream task id. */
  upstreamTaskId: string;
  /** What the parent's adapter stored for follow-ups (Midjourney buttons, Suno track ids). */
  upstream: unknown;
}

/** Where an upstream task stands. */
export type UpstreamState =
  | { kind: "running"; progress: number }
  | {
      kind: "succeeded";
      /** In API.md's result shape for the job's kind; the worker validates it. */
      result: unknown;
      /** What later follow-ups on this job need, stored on the job as `upstream`. */
      upstream: Record<string, unknown>;
    }
  | { kind: "failed"; reason: string };

/**
 * One upstream protocol. `submit` starts the task and returns its id, which the worker saves
 * before it ever polls; `poll` reads the task's state. Neither keeps state between calls, so a
 * job resumed on another worker continues from the saved task id.
 */
export interface UpstreamAdapter {
  submit(job: UpstreamJob): Promise<{ taskId: string }>;
  poll(job: UpstreamJob, taskId: string): Promise<UpstreamState>;
}

/**
 * An upstream failure worth retrying later (5xx, timeouts, connection errors, a full queue).
 * `retryAfterMs` is set when the upstream said how long to wait (rate limits).
 */
export class TransientUpstreamError extends Error {
  override name = "TransientUpstreamError";
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * An upstream failure that retrying cannot fix (a banned prompt, an invalid request, a parent
 * task the upstream no longer has). The job fails at once and is refunded. The message is
 * shown to the API consumer as the job's `error`, so it is a plain sentence without secrets.
 */
export class PermanentUpstreamError extends Error {
  override name = "PermanentUpstreamError";
}

/** Recognises the two errors by name too, so copies from another module instance still match. */
export function isTransientUpstreamError(error: unknown): error is TransientUpstreamError {
  return error instanceof Error && error.name === "TransientUpstreamError";
}

export function isPermanentUpstreamError(error: unknown): error is PermanentUpstreamError {
  return error instanceof Error && error.name === "PermanentUpstreamError";
}
