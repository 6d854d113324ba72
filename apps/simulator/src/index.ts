/**
 * The upstream simulator: midjourney-proxy under /mj, sunoapi.org under /api/v1, their media
 * under /media and test controls under /__sim. `createSimulator` builds it in-process.
 */
export {
  createSimulator,
  DEFAULT_STEP_LATENCY_MS,
  type Simulator,
  type SimulatorOptions,
} from "./app.js";
export { envSchema, loadEnv, optionsFromEnv, type SimulatorEnv } from "./env.js";
export { type LogFields, type Logger, silentLogger } from "./logger.js";
export { SCENARIO_HEADER } from "./scenario.js";
export type { SimulatorStats } from "./stats.js";
