import type { Knobs } from "./scenario.js";

/**
 * Task state is a pure function of elapsed time: a task advances one step per `stepMs` since
 * its lifecycle started, so no timer drives it and a zero-latency task is finished at once.
 */
export interface Clock {
  /** Epoch ms when the lifecycle started (submission, or modal confirmation). */
  startedAt: number;
  /** Duration of one step in ms; 0 means every step has already happened. */
  stepMs: number;
}

/** How a task will end, decided once at submission. */
export type Outcome = "succeed" | "fail" | "hang";

/** Whole steps elapsed at `now`. */
export function stepsElapsed(clock: Clock, now: number): number {
  if (clock.stepMs <= 0) return Number.POSITIVE_INFINITY;
  return Math.floor((now - clock.startedAt) / clock.stepMs);
}

/** Epoch ms at which step `step` is reached. */
export function stepTime(clock: Clock, step: number): number {
  return clock.startedAt + step * clock.stepMs;
}

/** The steps 1..count, for scheduling one notification per state change. */
export function stepsUpTo(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index + 1);
}

/** Draws the outcome from the knobs; a hang wins over the failure rate. */
export function decideOutcome(knobs: Knobs, random: () => number): Outcome {
  if (knobs.hang) return "hang";
  return random() < knobs.failureRate ? "fail" : "succeed";
}
