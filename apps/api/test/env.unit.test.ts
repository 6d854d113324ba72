import { describe, expect, it } from "@jest/globals";
import { EnvError } from "@reprise/config";
import { readApiEnv } from "../src/env.js";

describe("the API's environment", () => {
  it("needs no variables for the local start", () => {
    const env = readApiEnv({});

    expect(env).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      RATE_LIMIT_PER_MINUTE: 600,
      WEBHOOK_ALLOW_LOOPBACK: false,
    });
    expect(env.BULL_BOARD_PASSWORD).toBeUndefined();
  });

  it("reads the unsafe loopback setting as a real boolean", () => {
    expect(readApiEnv({ WEBHOOK_ALLOW_LOOPBACK: "false" }).WEBHOOK_ALLOW_LOOPBACK).toBe(false);
    expect(readApiEnv({ WEBHOOK_ALLOW_LOOPBACK: "true" }).WEBHOOK_ALLOW_LOOPBACK).toBe(true);
  });

  it("refuses a short Bull Board password and names every bad variable", () => {
    const read = () => readApiEnv({ BULL_BOARD_PASSWORD: "short", PORT: "0" });

    expect(read).toThrow(EnvError);
    expect(read).toThrow(/PORT.*BULL_BOARD_PASSWORD|BULL_BOARD_PASSWORD.*PORT/);
  });
});
