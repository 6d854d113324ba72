import { createSimulator } from "./app.js";
import { loadEnv, optionsFromEnv } from "./env.js";
import { jsonLogger } from "./logger.js";

const env = loadEnv();
const simulator = createSimulator({ ...optionsFromEnv(env), logger: jsonLogger });

const server = simulator.app.listen(env.PORT, env.HOST, () => {
  jsonLogger.info("simulator listening", {
    url: env.PUBLIC_URL,
    stepLatencyMs: env.SIMULATOR_STEP_LATENCY_MS,
    failureRate: env.SIMULATOR_FAILURE_RATE,
    scenario: env.SIMULATOR_SCENARIO,
  });
});

function shutdown(signal: string): void {
  jsonLogger.info("simulator stopping", { signal });
  simulator.close();
  server.close(() => process.exit(0));
}

process.once("SIGINT", () => shutdown("SIGINT"));
process.once("SIGTERM", () => shutdown("SIGTERM"));
