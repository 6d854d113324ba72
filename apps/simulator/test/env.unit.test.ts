import { describe, expect, it } from "@jest/globals";
import { loadEnv, optionsFromEnv } from "../src/index.js";

describe("loadEnv", () => {
  it("fills every default so the local start needs no variables", () => {
    expect(loadEnv({})).toEqual({
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      PORT: 4010,
      HOST: "127.0.0.1",
      PUBLIC_URL: "http://127.0.0.1:4010",
      SIMULATOR_MJ_SECRET: undefined,
      SIMULATOR_SUNO_KEY: undefined,
      SIMULATOR_STEP_LATENCY_MS: 1000,
      SIMULATOR_FAILURE_RATE: 0,
      SIMULATOR_SCENARIO: "",
      SIMULATOR_SUNO_RATE_LIMIT: false,
    });
  });

  it("derives the public URL from host and port, through loopback for a wildcard bind", () => {
    expect(loadEnv({ HOST: "0.0.0.0", PORT: "5000" }).PUBLIC_URL).toBe("http://127.0.0.1:5000");
    expect(loadEnv({ HOST: "::1" }).PUBLIC_URL).toBe("http://[::1]:4010");
    expect(loadEnv({ PUBLIC_URL: "http://simulator:4010/" }).PUBLIC_URL).toBe(
      "http://simulator:4010",
    );
  });

  it("reads empty secrets as unset and false as false", () => {
    const env = loadEnv({ SIMULATOR_MJ_SECRET: "", SIMULATOR_SUNO_RATE_LIMIT: "false" });

    expect(env.SIMULATOR_MJ_SECRET).toBeUndefined();
    expect(env.SIMULATOR_SUNO_RATE_LIMIT).toBe(false);
    expect(loadEnv({ SIMULATOR_SUNO_RATE_LIMIT: "true" }).SIMULATOR_SUNO_RATE_LIMIT).toBe(true);
  });

  it("names every bad variable in one error", () => {
    const load = () =>
      loadEnv({ PORT: "0", SIMULATOR_FAILURE_RATE: "1.5", SIMULATOR_SCENARIO: "explode" });

    expect(load).toThrow(/PORT.*SIMULATOR_FAILURE_RATE.*SIMULATOR_SCENARIO/);
  });

  it("maps onto the simulator's options", () => {
    const env = loadEnv({ SIMULATOR_STEP_LATENCY_MS: "0", SIMULATOR_SUNO_KEY: "k" });

    expect(optionsFromEnv(env)).toMatchObject({ stepLatencyMs: 0, sunoKey: "k" });
  });
});
