/** Where a job is in its life. */
export type JobStatus = "QUEUED" | "PROCESSING" | "COMPLETED" | "FAILED";

/** Every status, in the order a job lives through them. */
export const jobStatuses: readonly JobStatus[] = ["QUEUED", "PROCESSING", "COMPLETED", "FAILED"];

/**
 * Every move a job may make. API.md draws QUEUED → PROCESSING → COMPLETED | FAILED; QUEUED →
 * FAILED is here too because a job whose queue entry was lost never starts, and the watchdog
 * must still be able to fail (and so refund) it without pretending it ran.
 */
const allowedMoves: { readonly [S in JobStatus]: readonly JobStatus[] } = {
  QUEUED: ["PROCESSING", "FAILED"],
  PROCESSING: ["COMPLETED", "FAILED"],
  COMPLETED: [],
  FAILED: [],
};

/** The statuses nothing moves a job out of. */
export const terminalStatuses: readonly JobStatus[] = jobStatuses.filter(
  (status) => allowedMoves[status].length === 0,
);

/** Whether a job in `status` is finished for good. */
export function isTerminal(status: JobStatus): boolean {
  return allowedMoves[status].length === 0;
}

/** Whether a job may move from `from` to `to`. Staying put is not a move. */
export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return allowedMoves[from].includes(to);
}

/**
 * Thrown for a move the state machine forbids. Recognise it by `name` or `code` rather than
 * `instanceof` when it may have crossed a process or package boundary.
 */
export class InvalidTransitionError extends Error {
  override name = "InvalidTransitionError";
  readonly code = "invalid_transition";
  readonly from: JobStatus;
  readonly to: JobStatus;

  constructor(from: JobStatus, to: JobStatus) {
    super(`a job cannot move from ${from} to ${to}`);
    this.from = from;
    this.to = to;
  }
}

/** Throws {@link InvalidTransitionError} unless a job may move from `from` to `to`. */
export function assertTransition(from: JobStatus, to: JobStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

/**
 * The progress to record when the upstream reports `reported` and the job is at `current`:
 * a whole percentage in 0..100 that never goes down, so a late or out-of-order report cannot
 * make a job look as if it went backwards. A report that is not a number changes nothing.
 */
export function nextProgress(current: number, reported: number): number {
  if (!Number.isFinite(reported)) return current;
  const clamped = Math.min(100, Math.max(0, Math.floor(reported)));
  return Math.max(current, clamped);
}
