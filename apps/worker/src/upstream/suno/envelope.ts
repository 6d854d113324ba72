import { z } from "zod";
import { PermanentUpstreamError, TransientUpstreamError } from "../adapter.js";

/** Every sunoapi answer, success or not, comes as HTTP 200 with this body. */
export const envelope = z.object({
  code: z.number(),
  msg: z.string().nullish(),
  data: z.unknown(),
});

/** A parsed envelope. */
export type Envelope = z.infer<typeof envelope>;

/**
 * sunoapi counts 20 new tasks per 10 seconds and says no more, so one window is the wait.
 * Out of credit takes a person to top up: waiting longer spares pointless calls.
 */
const RATE_LIMIT_MS = 10_000;
const NO_CREDIT_MS = 60_000;

const UPSTREAM = "The Suno upstream";

/** The envelope's `data`, or the error its `code` stands for (reference/sunoapi.md §2). */
export function dataOf({ code, msg, data }: Envelope): unknown {
  const detail = msg ? `: ${msg}` : "";

  switch (code) {
    case 200:
      return data;
    case 400:
    case 422:
      throw new PermanentUpstreamError(`${UPSTREAM} refused the request as invalid${detail}`);
    case 413:
      throw new PermanentUpstreamError(`${UPSTREAM} found a text too long${detail}`);
    case 401:
      // The message is the consumer's to read: it names the problem, never the key.
      throw new PermanentUpstreamError(`${UPSTREAM} refused the service's API key`);
    case 404:
      throw new PermanentUpstreamError(`${UPSTREAM} does not know the endpoint${detail}`);
    case 405:
    case 430:
      throw new TransientUpstreamError(`${UPSTREAM} is rate limited${detail}`, RATE_LIMIT_MS);
    // 429 is "insufficient credits" in sunoapi's main table; 402 in its other one.
    case 402:
    case 429:
      throw new TransientUpstreamError(`${UPSTREAM} is out of credit${detail}`, NO_CREDIT_MS);
    case 455:
      throw new TransientUpstreamError(`${UPSTREAM} is under maintenance${detail}`);
    default:
      if (code >= 500) throw new TransientUpstreamError(`${UPSTREAM} failed${detail}`);
      throw new PermanentUpstreamError(`${UPSTREAM} answered with code ${code}${detail}`);
  }
}
