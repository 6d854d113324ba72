import { createLogger, logFormatFor } from "@reprise/logger";
import { createSimulator } from "./app.js";
import { loadEnv, optionsFromEnv } from "./env.js";

const env = loadEnv();
const logger = createLogger({
  service: "simulator",
  level: env.LOG_LEVEL,
  format: logFormatFor(env.NODE_ENV),
});
const simulator = createSimulator({ ...optionsFromEnv(env), logger });

const server = simulator.app.listen(env.PORT, env.HOST, () => {
  logger.info("simulator listening", {
    url: env.PUBLIC_URL,
    stepLatencyMs: env.SIMULATOR_STEP_LATENCY_MS,
    failureRate: env.SIMULATOR_FAILURE_RATE,
    scenario: env.SIMULATOR_SCENARIO,
  });
});

function shutdown(signal: string): void {
  logger.info("simulator stopping", { signal });
  simulator.close();
  server.close(() => process.exit(0));
}

process.once("SIGINT", () => shutdown("SIGINT"));
process.once("SIGTERM", () => shutdown("SIGTERM"));
