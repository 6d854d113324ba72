import { describe, expect, it } from "@jest/globals";
import { EnvError } from "@reprise/config";
import { readWorkerEnv } from "../src/env.js";

describe("the worker's environment", () => {
  it("needs no variables for the local start, on the simulator", () => {
    const env = readWorkerEnv({});

    expect(env).toMatchObject({
      MIDJOURNEY_PROXY_URL: "http://127.0.0.1:4010",
      SUNO_API_URL: "http://127.0.0.1:4010",
      WORKER_CONCURRENCY: 20,
      SUNO_TASKS_PER_10S: 20,
      JOB_DEADLINE_MS: 900_000,
      WEBHOOK_ALLOW_LOOPBACK: false,
    });
  });

  it("names every bad variable in one error", () => {
    const read = () =>
      readWorkerEnv({ WORKER_CONCURRENCY: "0", SUNO_API_URL: "not a url", POLL_INTERVAL_MS: "x" });

    expect(read).toThrow(EnvError);
    expect(read).toThrow(/WORKER_CONCURRENCY/);
    expect(read).toThrow(/SUNO_API_URL/);
    expect(read).toThrow(/POLL_INTERVAL_MS/);
  });
});
