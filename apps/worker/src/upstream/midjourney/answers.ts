import { z } from "zod";
import { PermanentUpstreamError, TransientUpstreamError } from "../adapter.js";

/** The body of every submit endpoint (imagine, action, modal). */
export const submitAnswer = z.object({
  code: z.number(),
  description: z.string().nullish(),
  // Task ids are numeric strings; some builds send them as numbers.
  result: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((id) => (id === null || id === undefined || id === "" ? null : String(id))),
});

/** A parsed submit answer. */
export type SubmitAnswer = z.infer<typeof submitAnswer>;

/** A submission the proxy took, with the code it took it with. */
export interface AcceptedTask {
  /** 1 submitted, 21 already exists or waiting for its modal, 22 queued behind others. */
  code: 1 | 21 | 22;
  taskId: string;
}

const UPSTREAM = "The Midjourney upstream";

/**
 * The task a submit answer names, or the error its code stands for. Codes 1, 21 and 22 all
 * name a task to poll; the caller decides what 21 means where it can mean two things.
 */
export function acceptedTask(answer: SubmitAnswer): AcceptedTask {
  const { code, description, result } = answer;
  const detail = description ? `: ${description}` : "";

  switch (code) {
    case 1:
    case 21:
    case 22:
      if (result !== null) return { code, taskId: result };
      throw new PermanentUpstreamError(`${UPSTREAM} accepted the task without naming it`);
    case 23:
      throw new TransientUpstreamError(`${UPSTREAM}'s queue is full`);
    case 24:
      throw new PermanentUpstreamError("The prompt was refused by the upstream's content filter");
    case 3:
      throw new PermanentUpstreamError(`${UPSTREAM} no longer has the parent task${detail}`);
    case 4:
      throw new PermanentUpstreamError(`${UPSTREAM} refused the request as invalid${detail}`);
    case 9:
      throw new TransientUpstreamError(`${UPSTREAM} failed to take the task${detail}`);
    default:
      // A code this adapter does not know: retrying blindly could charge the upstream twice.
      throw new PermanentUpstreamError(`${UPSTREAM} answered with code ${code}${detail}`);
  }
}
