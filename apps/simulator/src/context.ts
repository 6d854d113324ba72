import { timingSafeEqual } from "node:crypto";
import type { Request } from "express";
import type { HungRequests } from "./faults.js";
import type { Logger } from "./logger.js";
import {
  calmKnobs,
  type Knobs,
  parseScenario,
  resolveKnobs,
  SCENARIO_HEADER,
  scenarioFromMarkers,
} from "./scenario.js";
import type { StatsRecorder } from "./stats.js";

/** What every protocol's routes share. */
export interface RouteContext {
  hung: HungRequests;
  stats: StatsRecorder;
  logger: Logger;
  /** The knobs every submission starts from: start options, then the admin override. */
  defaults: () => Knobs;
  now: () => number;
  /** Origin for media URLs; when unset, the origin each request came in on. */
  publicUrl: string | undefined;
}

/**
 * Knobs for a submission: the defaults, then the header, then `[sim:...]` markers found in
 * the submission's text fields. Throws ScenarioError for an unknown knob.
 */
export function submissionKnobs(ctx: RouteContext, req: Request, texts: unknown[]): Knobs {
  return resolveKnobs(ctx.defaults(), headerScenario(req), scenarioFromMarkers(texts));
}

/**
 * Knobs for a status read: only the request's own header counts, so a task's knobs never
 * break the polls that watch it and only transport faults (hang-request, http) apply.
 */
export function pollKnobs(req: Request): Knobs {
  return resolveKnobs(calmKnobs(0, 0), headerScenario(req));
}

export function mediaBaseOf(ctx: RouteContext, req: Request): string {
  return ctx.publicUrl ?? `${req.protocol}://${req.get("host")}`;
}

/** Compares a presented secret with the configured one in constant time. */
export function sameSecret(presented: string | undefined, expected: string): boolean {
  const left = Buffer.from(presented ?? "");
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The values of `fields` in a JSON body: where `[sim:...]` markers are looked for. */
export function textFields(body: unknown, fields: readonly string[]): unknown[] {
  if (typeof body !== "object" || body === null) return [];
  return fields.map((field) => (body as Record<string, unknown>)[field]);
}

function headerScenario(req: Request) {
  return parseScenario(req.get(SCENARIO_HEADER) ?? "");
}
