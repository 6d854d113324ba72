import express, { type Express } from "express";
import { adminRouter } from "./admin/routes.js";
import type { RouteContext } from "./context.js";
import { HungRequests } from "./faults.js";
import { createMjIdSource, newMessageHash, newSunoAudioId, newSunoTaskId } from "./ids.js";
import { type Logger, silentLogger } from "./logger.js";
import { mediaRouter } from "./media/routes.js";
import { mjRouter } from "./mj/routes.js";
import { MjService } from "./mj/service.js";
import type { MjTask } from "./mj/types.js";
import { Notifier } from "./notifier.js";
import { calmKnobs, parseScenario, resolveKnobs, type Scenario } from "./scenario.js";
import { type SimulatorStats, StatsRecorder } from "./stats.js";
import { TaskRateLimiter } from "./suno/rate-limit.js";
import { sunoRouter } from "./suno/routes.js";
import { SunoService } from "./suno/service.js";
import { SunoStore } from "./suno/store.js";

/** One step of a task's lifecycle when nothing else is said: a few seconds per task. */
export const DEFAULT_STEP_LATENCY_MS = 1000;

/** Both upstreams give a receiver about this long before giving up on a delivery. */
const NOTIFY_TIMEOUT_MS = 15_000;

export interface SimulatorOptions {
  /** Per-step latency in ms; 0 finishes every task at once (throughput runs). Default 1000. */
  stepLatencyMs?: number;
  /** Chance in [0, 1] that a task fails. Default 0. */
  failureRate?: number;
  /** Knobs applied to every submission, in the header syntax, e.g. "fail,latency=50". */
  scenario?: string;
  /** `mj-api-secret` the Midjourney routes require; none when unset. */
  mjSecret?: string;
  /** Bearer key the Suno routes require; none when unset. */
  sunoKey?: string;
  /** Enforce sunoapi's 20 new tasks per 10 s per key. Default false. */
  sunoRateLimit?: boolean;
  /** Origin written into media URLs; default: the origin each request came in on. */
  publicUrl?: string;
  /** Default: silent. */
  logger?: Logger;
  /** Source of randomness for the failure rate; tests may pass a fixed one. */
  random?: () => number;
}

export interface Simulator {
  app: Express;
  stats(): SimulatorStats;
  /** Forgets every task, count and pending delivery, and cuts hung requests. */
  reset(): void;
  /** Stops pending deliveries and cuts hung requests; call before closing the server. */
  close(): void;
}

/** Builds the simulator: both upstream protocols, their media and the /__sim controls. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const logger = options.logger ?? silentLogger;
  const random = options.random ?? Math.random;
  const now = Date.now;
  const startKnobs = resolveKnobs(
    calmKnobs(
      checkedLatency(options.stepLatencyMs ?? DEFAULT_STEP_LATENCY_MS),
      checkedRate(options.failureRate ?? 0),
    ),
    parseScenario(options.scenario ?? ""),
  );
  let override = { text: "", scenario: {} as Scenario };

  const hung = new HungRequests();
  const stats = new StatsRecorder();
  const notifier = new Notifier(logger, NOTIFY_TIMEOUT_MS);
  const mjTasks = new Map<string, MjTask>();
  const sunoStore = new SunoStore();
  const limiter = options.sunoRateLimit ? new TaskRateLimiter(now) : undefined;
  const ctx: RouteContext = {
    hung,
    stats,
    logger,
    defaults: () => resolveKnobs(startKnobs, override.scenario),
    now,
    publicUrl: options.publicUrl?.replace(/\/+$/, ""),
  };
  const mj = new MjService({
    tasks: mjTasks,
    stats,
    notifier,
    logger,
    newId: createMjIdSource(now),
    newHash: newMessageHash,
    random,
    now,
  });
  const suno = new SunoService({
    store: sunoStore,
    stats,
    notifier,
    logger,
    newTaskId: newSunoTaskId,
    newAudioId: newSunoAudioId,
    random,
    now,
    limiter,
  });

  const close = () => {
    notifier.cancelAll();
    hung.releaseAll();
  };
  const reset = () => {
    close();
    mjTasks.clear();
    sunoStore.clear();
    limiter?.reset();
    stats.reset();
    notifier.resetCounts();
    override = { text: "", scenario: {} };
    logger.info("state reset");
  };
  const snapshot = () => stats.snapshot(notifier.counts);

  const app = express();
  app.disable("x-powered-by");
  app.use("/mj", mjRouter({ ctx, service: mj, tasks: mjTasks, secret: options.mjSecret }));
  app.use("/api/v1", sunoRouter({ ctx, service: suno, apiKey: options.sunoKey }));
  app.use("/media", mediaRouter());
  app.use(
    "/__sim",
    adminRouter({
      stats: snapshot,
      reset,
      scenario: () => override.text,
      setScenario: (text, scenario) => {
        override = { text, scenario };
        logger.info("scenario set", { scenario: text });
      },
    }),
  );

  return { app, stats: snapshot, reset, close };
}

function checkedLatency(ms: number): number {
  if (Number.isInteger(ms) && ms >= 0) return ms;
  throw new RangeError("stepLatencyMs must be a whole number of ms, 0 or more");
}

function checkedRate(rate: number): number {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError("failureRate must be in [0, 1]");
  return rate;
}
