/**
 * Knobs that make the simulator misbehave on purpose. One vocabulary, several sources: the
 * start options, the admin endpoint, the `x-sim-scenario` header and `[sim:...]` markers inside
 * prompts (which travel through the real gateway unchanged). README.md lists every token.
 */

/** Header carrying knobs for the one request it is sent with. */
export const SCENARIO_HEADER = "x-sim-scenario";

/** Suno envelope codes that mean "slow down" (405 rate limit, 429 credits, 430 frequency). */
export type SunoRateLimitCode = 405 | 429 | 430;

/** Knobs as written in one source; an absent field leaves the layer below in force. */
export interface Scenario {
  /** Per-step latency of the task, in ms. */
  latencyMs?: number;
  /** Chance in [0, 1] that the task ends in failure; `fail` sets 1. */
  failureRate?: number;
  /** The task never leaves its running status. */
  hang?: boolean;
  /** The HTTP request is never answered. */
  hangRequest?: boolean;
  /** The request is answered with this HTTP status and creates nothing. */
  httpStatus?: number;
  /** The prompt counts as banned. */
  banned?: boolean;
  /** The submission is refused as rate limited; for Suno, with this envelope code. */
  rateLimit?: SunoRateLimitCode;
  /** Midjourney answers code 22 (queued) instead of 1; the task still runs. */
  queued?: boolean;
  /** The upstream refuses with its generic failure: Midjourney code 9, Suno code 500. */
  reject?: boolean;
  /** Seconds put in Retry-After on HTTP 429 and 503 answers. */
  retryAfterSeconds?: number;
}

/** Knobs in force for one request, after every layer was applied. */
export interface Knobs {
  latencyMs: number;
  failureRate: number;
  hang: boolean;
  hangRequest: boolean;
  httpStatus: number | undefined;
  banned: boolean;
  rateLimit: SunoRateLimitCode | undefined;
  queued: boolean;
  reject: boolean;
  retryAfterSeconds: number;
}

/** A knob that does not exist or has a bad value; answered as an invalid request. */
export class ScenarioError extends Error {
  override name = "ScenarioError";
}

const MARKER = /\[sim:([^\]]*)\]/g;

/** Parses a knob list such as `fail,latency=50` (commas or spaces between tokens). */
export function parseScenario(text: string): Scenario {
  const scenario: Scenario = {};
  for (const token of text.split(/[\s,]+/).filter(Boolean)) {
    const [name = "", value] = token.split("=", 2);
    Object.assign(scenario, parseToken(name.toLowerCase(), value));
  }
  return scenario;
}

/** Knobs from every `[sim:...]` marker found in the given texts, later markers winning. */
export function scenarioFromMarkers(texts: readonly unknown[]): Scenario {
  const scenario: Scenario = {};
  for (const text of texts) {
    if (typeof text !== "string") continue;
    for (const match of text.matchAll(MARKER)) {
      Object.assign(scenario, parseScenario(match[1] ?? ""));
    }
  }
  return scenario;
}

/** Applies layers from lowest to highest precedence onto the simulator's defaults. */
export function resolveKnobs(defaults: Knobs, ...layers: Scenario[]): Knobs {
  const knobs = { ...defaults };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) Object.assign(knobs, { [key]: value });
    }
  }
  return knobs;
}

/** Knobs of a well-behaved upstream with the given step latency. */
export function calmKnobs(latencyMs: number, failureRate: number): Knobs {
  return {
    latencyMs,
    failureRate,
    hang: false,
    hangRequest: false,
    httpStatus: undefined,
    banned: false,
    rateLimit: undefined,
    queued: false,
    reject: false,
    retryAfterSeconds: 1,
  };
}

function parseToken(name: string, value: string | undefined): Scenario {
  switch (name) {
    case "latency":
      return { latencyMs: integer(name, value, 0, 3_600_000) };
    case "fail":
      return { failureRate: 1 };
    case "fail-rate":
      return { failureRate: fraction(name, value) };
    case "hang":
      return { hang: true };
    case "hang-request":
      return { hangRequest: true };
    case "5xx":
      return { httpStatus: value === undefined ? 500 : integer(name, value, 500, 599) };
    case "http":
      return { httpStatus: integer(name, value, 400, 599) };
    case "banned":
      return { banned: true };
    case "ratelimit":
      return { rateLimit: value === undefined ? 430 : rateLimitCode(value) };
    case "queued":
      return { queued: true };
    case "reject":
      return { reject: true };
    case "retry-after":
      return { retryAfterSeconds: integer(name, value, 0, 86_400) };
    default:
      throw new ScenarioError(`unknown simulator knob "${name}"`);
  }
}

function integer(name: string, value: string | undefined, min: number, max: number): number {
  const parsed = Number(value);
  if (value === undefined || !Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ScenarioError(`simulator knob "${name}" needs a whole number in [${min}, ${max}]`);
  }
  return parsed;
}

function fraction(name: string, value: string | undefined): number {
  const parsed = Number(value);
  if (value === undefined || Number.isNaN(parsed) || parsed < 0 || parsed > 1) {
    throw new ScenarioError(`simulator knob "${name}" needs a number in [0, 1]`);
  }
  return parsed;
}

function rateLimitCode(value: string): SunoRateLimitCode {
  if (value === "405" || value === "429" || value === "430")
    return Number(value) as SunoRateLimitCode;
  throw new ScenarioError('simulator knob "ratelimit" takes 405, 429 or 430');
}
