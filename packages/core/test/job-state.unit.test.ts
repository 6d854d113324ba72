import { describe, expect, it } from "@jest/globals";
import {
  assertTransition,
  canTransition,
  InvalidTransitionError,
  isTerminal,
  type JobStatus,
  jobStatuses,
  nextProgress,
  terminalStatuses,
} from "../src/index.js";

// Every (from, to) pair and whether the move is allowed, written out by hand.
const moves: ReadonlyArray<[JobStatus, JobStatus, boolean]> = [
  ["QUEUED", "QUEUED", false],
  ["QUEUED", "PROCESSING", true],
  ["QUEUED", "COMPLETED", false],
  ["QUEUED", "FAILED", true],
  ["PROCESSING", "QUEUED", false],
  ["PROCESSING", "PROCESSING", false],
  ["PROCESSING", "COMPLETED", true],
  ["PROCESSING", "FAILED", true],
  ["COMPLETED", "QUEUED", false],
  ["COMPLETED", "PROCESSING", false],
  ["COMPLETED", "COMPLETED", false],
  ["COMPLETED", "FAILED", false],
  ["FAILED", "QUEUED", false],
  ["FAILED", "PROCESSING", false],
  ["FAILED", "COMPLETED", false],
  ["FAILED", "FAILED", false],
];

describe("the job state machine", () => {
  it("covers every pair of statuses", () => {
    expect(moves).toHaveLength(jobStatuses.length ** 2);
  });

  describe.each(moves.filter(([, , allowed]) => allowed))("from %s to %s", (from, to) => {
    it("allows the move", () => {
      expect(canTransition(from, to)).toBe(true);
      expect(() => assertTransition(from, to)).not.toThrow();
    });
  });

  describe.each(moves.filter(([, , allowed]) => !allowed))("from %s to %s", (from, to) => {
    it("refuses the move with a named InvalidTransitionError", () => {
      expect(canTransition(from, to)).toBe(false);

      const error = catchError(() => assertTransition(from, to));
      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect(error).toMatchObject({ name: "InvalidTransitionError", code: "invalid_transition" });
      const message = `a job cannot move from ${from} to ${to}`;
      expect(error).toMatchObject({ from, to, message });
    });
  });

  it("has COMPLETED and FAILED as its only terminal statuses", () => {
    expect(terminalStatuses).toEqual(["COMPLETED", "FAILED"]);
    expect(jobStatuses.filter(isTerminal)).toEqual(["COMPLETED", "FAILED"]);
  });
});

describe("nextProgress", () => {
  it.each([
    [0, 45, 45, "takes a higher report"],
    [60, 40, 60, "keeps the current value when the report is lower"],
    [60, 60, 60, "keeps an equal value"],
    [90, 150, 100, "clamps a report above 100"],
    [0, -5, 0, "clamps a report below 0"],
    [10, 33.7, 33, "rounds a fractional report down"],
    [10, Number.NaN, 10, "ignores a report that is not a number"],
    [10, Number.POSITIVE_INFINITY, 10, "ignores an infinite report"],
  ])("from %d with a report of %d answers %d: it %s", (current, reported, expected) => {
    expect(nextProgress(current, reported)).toBe(expected);
  });
});

function catchError(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
