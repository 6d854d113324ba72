import { commonEnv, envBoolean, envInt, parseEnv } from "@reprise/config";
import { z } from "zod";
import { DEFAULT_STEP_LATENCY_MS, type SimulatorOptions } from "./app.js";
import { parseScenario, ScenarioError } from "./scenario.js";

/** An unset variable and an empty one mean the same: not configured. */
const optionalText = z.preprocess(
  (value) => (value === "" ? undefined : value),
  z.string().optional(),
);

export const envSchema = z
  .object({
    ...commonEnv,
    /** TCP port to listen on; 4010 stays clear of the API and admin defaults. */
    PORT: envInt(4010, 1, 65_535),
    /** Interface to bind; loopback, because the /__sim controls have no auth. */
    HOST: z.string().min(1).default("127.0.0.1"),
    /** Origin put in media URLs, for when clients reach the simulator by another name. */
    PUBLIC_URL: z.preprocess((value) => (value === "" ? undefined : value), z.url().optional()),
    /** `mj-api-secret` the Midjourney routes require; unset: no check, like a bare proxy. */
    SIMULATOR_MJ_SECRET: optionalText,
    /** Bearer key the Suno routes require; unset: no check. */
    SIMULATOR_SUNO_KEY: optionalText,
    /** Ms per lifecycle step (5 for Midjourney, 3 for Suno songs); 0 for throughput runs. */
    SIMULATOR_STEP_LATENCY_MS: envInt(DEFAULT_STEP_LATENCY_MS, 0),
    /** Fraction in [0, 1] of tasks that fail, for soak tests of the failure paths. */
    SIMULATOR_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
    /** Knobs applied to every submission, in the x-sim-scenario syntax; see README.md. */
    SIMULATOR_SCENARIO: z.string().default(""),
    /** true: enforce sunoapi's 20 new tasks per 10 s per key, answering code 430 beyond. */
    SIMULATOR_SUNO_RATE_LIMIT: envBoolean(false),
  })
  .superRefine((env, context) => {
    try {
      parseScenario(env.SIMULATOR_SCENARIO);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      context.addIssue({ code: "custom", path: ["SIMULATOR_SCENARIO"], message: error.message });
    }
  })
  .transform((env) => ({
    ...env,
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://${hostForUrl(env.HOST)}:${env.PORT}`).replace(
      /\/+$/,
      "",
    ),
  }));

export type SimulatorEnv = z.output<typeof envSchema>;

/** Parses the environment, naming every bad variable in one error. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): SimulatorEnv {
  return parseEnv(envSchema, source);
}

export function optionsFromEnv(env: SimulatorEnv): SimulatorOptions {
  return {
    stepLatencyMs: env.SIMULATOR_STEP_LATENCY_MS,
    failureRate: env.SIMULATOR_FAILURE_RATE,
    scenario: env.SIMULATOR_SCENARIO,
    mjSecret: env.SIMULATOR_MJ_SECRET,
    sunoKey: env.SIMULATOR_SUNO_KEY,
    sunoRateLimit: env.SIMULATOR_SUNO_RATE_LIMIT,
    publicUrl: env.PUBLIC_URL,
  };
}

/** A wildcard bind is reached through loopback; an IPv6 literal needs brackets in a URL. */
function hostForUrl(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}
