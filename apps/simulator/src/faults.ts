import type { Response } from "express";
import type { Knobs } from "./scenario.js";

/** Requests the simulator chose never to answer; ended only by reset or close. */
export class HungRequests {
  private readonly held = new Set<Response>();

  hold(res: Response): void {
    this.held.add(res);
    res.on("close", () => this.held.delete(res));
  }

  /** Cuts every held connection, so tests and shutdowns are not kept waiting. */
  releaseAll(): void {
    for (const res of this.held) res.socket?.destroy();
    this.held.clear();
  }
}

/** What a request-level fault did, for the caller's statistics. */
export type FaultApplied = "hung" | "http-error" | undefined;

/**
 * Acts out the transport faults the knobs ask for: never answering, or answering with an
 * HTTP error status. These come before any validation, as a broken proxy in front of the
 * upstream would. `errorBody` gives the protocol's body for an HTTP error.
 */
export function applyRequestFault(
  knobs: Knobs,
  res: Response,
  hung: HungRequests,
  errorBody: (status: number) => unknown,
): FaultApplied {
  if (knobs.hangRequest) {
    hung.hold(res);
    return "hung";
  }
  if (knobs.httpStatus === undefined) return undefined;

  if (knobs.httpStatus === 429 || knobs.httpStatus === 503) {
    res.set("Retry-After", String(knobs.retryAfterSeconds));
  }
  res.status(knobs.httpStatus).json(errorBody(knobs.httpStatus));
  return "http-error";
}
