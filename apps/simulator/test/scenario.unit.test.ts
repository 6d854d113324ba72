import { describe, expect, it } from "@jest/globals";
import {
  calmKnobs,
  parseScenario,
  resolveKnobs,
  ScenarioError,
  scenarioFromMarkers,
} from "../src/scenario.js";

describe("parseScenario", () => {
  it("reads every knob, separated by commas or spaces", () => {
    const text = "latency=5 fail hang,hang-request 5xx=502 banned ratelimit=429 queued reject";

    expect(parseScenario(`${text} retry-after=3`)).toEqual({
      latencyMs: 5,
      failureRate: 1,
      hang: true,
      hangRequest: true,
      httpStatus: 502,
      banned: true,
      rateLimit: 429,
      queued: true,
      reject: true,
      retryAfterSeconds: 3,
    });
  });

  it.each([
    ["an unknown knob", "explode"],
    ["a latency that is not a number", "latency=soon"],
    ["a failure rate above 1", "fail-rate=1.5"],
    ["an HTTP status below 400", "http=302"],
    ["a 5xx outside the 500s", "5xx=404"],
    ["an undocumented rate-limit code", "ratelimit=418"],
  ])("refuses %s", (_case, text) => {
    expect(() => parseScenario(text)).toThrow(ScenarioError);
  });
});

describe("scenarioFromMarkers", () => {
  it("collects markers from every text, later ones winning", () => {
    const scenario = scenarioFromMarkers([
      "a [sim:latency=5] b",
      undefined,
      42,
      "[sim:latency=9,fail]",
    ]);

    expect(scenario).toEqual({ latencyMs: 9, failureRate: 1 });
  });
});

describe("resolveKnobs", () => {
  it("lets each layer override only what it names", () => {
    const knobs = resolveKnobs(calmKnobs(100, 0.1), { failureRate: 1 }, { latencyMs: 0 });

    expect(knobs).toMatchObject({ latencyMs: 0, failureRate: 1, hang: false });
  });
});
