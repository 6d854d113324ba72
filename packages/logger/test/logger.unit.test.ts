import { PassThrough } from "node:stream";
import { describe, expect, it } from "@jest/globals";
import { createLogger } from "../src/index.js";

function capture() {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { stream, lines };
}

describe("createLogger", () => {
  it("writes a fixed message with its fields as one JSON line", async () => {
    const { stream, lines } = capture();
    const logger = createLogger({ service: "api", format: "json", stream });

    logger.info("job completed", { jobId: "j1", durationMs: 12 });
    await new Promise((resolve) => setImmediate(resolve));

    expect(lines).toEqual([
      expect.objectContaining({
        message: "job completed",
        service: "api",
        jobId: "j1",
        durationMs: 12,
      }),
    ]);
  });

  it("redacts keys, secrets and masks at any depth", async () => {
    const { stream, lines } = capture();
    const logger = createLogger({ service: "api", format: "json", stream });

    logger.warn("request refused", {
      apiKey: "rpk_secret",
      request: { headers: { authorization: "Bearer rpk_secret" }, body: { mask: "iVBOR" } },
    });
    await new Promise((resolve) => setImmediate(resolve));

    const line = JSON.stringify(lines[0]);
    expect(line).not.toContain("rpk_secret");
    expect(line).not.toContain("iVBOR");
    expect(line).toContain("[redacted]");
  });
});

describe("a logger above info", () => {
  it("writes nothing for info lines and still writes warnings", async () => {
    const { stream, lines } = capture();
    const logger = createLogger({ service: "api", format: "json", level: "warn", stream });

    logger.info("request completed", { requestId: "r1" });
    logger.warn("redis connection error");
    await new Promise((resolve) => setImmediate(resolve));

    expect(lines.map((line) => line.message)).toEqual(["redis connection error"]);
  });
});
