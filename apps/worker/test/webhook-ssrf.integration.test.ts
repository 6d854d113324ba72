import { lookup as systemLookup } from "node:dns";
import type { LookupFunction } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type SeededCaller, seedCaller } from "@reprise/testing";
import { type Receiver, selfSignedCertificate, startReceiver } from "./receiver.js";
import { recordGeneration, type Stack, startStack, submit, testWorkerSettings } from "./stack.js";

// RELIABILITY.md row 10: webhooks cannot be aimed inward, at submission (400
// invalid_webhook_url) and again at connect time, against the address actually dialled, with
// the development loopback setting OFF. A receiver listens on every local address, so a
// refused delivery that slipped through would show as a connection.

/** Names the test resolves itself: one to a private address, one re-bound to loopback. */
const privateNames: Record<string, string> = {
  "internal.hooks.test": "10.20.30.40",
  "rebound.hooks.test": "127.0.0.1",
};

const lookup = ((
  hostname: string,
  options: { all?: boolean },
  callback: (...args: unknown[]) => void,
) => {
  const address = privateNames[hostname];
  if (!address) return systemLookup(hostname, options as never, callback as never);
  if (options.all) return callback(null, [{ address, family: 4 }]);
  return callback(null, address, 4);
}) as unknown as LookupFunction;

let stack: Stack;
let receiver: Receiver;
let caller: SeededCaller;

beforeAll(async () => {
  const tls = await selfSignedCertificate();
  receiver = await startReceiver(tls, { host: "::" });
  const base = testWorkerSettings("unused").webhooks;
  stack = await startStack("webhook-ssrf", {
    apiEnv: { WEBHOOK_ALLOW_LOOPBACK: "false" },
    worker: {
      webhooks: { ...base, allowLoopback: false, extraCa: tls.cert, lookup },
    },
  });
  caller = await seedCaller(stack.prisma);
});

afterAll(async () => {
  await stack.close();
  await receiver.close();
});

const inward = (port: number) => [
  `https://127.0.0.1:${port}/`,
  `https://localhost:${port}/`,
  "https://10.0.0.8/",
  "https://172.16.0.9/",
  "https://192.168.1.10/",
  "https://169.254.169.254/latest/meta-data/",
  `https://[::1]:${port}/`,
  `https://[::ffff:127.0.0.1]:${port}/`,
  "https://internal.hooks.test/",
  `https://rebound.hooks.test:${port}/`,
];

describe("at submission", () => {
  it("refuses every inward target with 400 invalid_webhook_url", async () => {
    const answers = [];
    for (const webhookUrl of inward(receiver.port).slice(0, 8)) {
      const response = await submit(stack, caller, "/v2/images/generate", {
        prompt: "inward",
        model: "midjourney",
        webhookUrl,
      });
      answers.push([webhookUrl, response.status, response.body.code]);
    }

    expect(answers).toEqual(
      inward(receiver.port)
        .slice(0, 8)
        .map((url) => [url, 400, "invalid_webhook_url"]),
    );
  });
});

describe("at connect time, for jobs recorded with an inward URL", () => {
  it("refuses every attempt in the agent, records it, and reaches no server", async () => {
    const jobIds: string[] = [];
    for (const webhookUrl of inward(receiver.port)) {
      // As if the URL had passed the submission check (the name resolved publicly then).
      const id = await recordGeneration(stack, caller, "inward", {
        url: webhookUrl,
        events: ["completed"],
      });
      jobIds.push(id);
    }

    while ((await stack.prisma.job.count({ where: { webhookStatus: "failed" } })) < jobIds.length) {
      await sleep(50);
    }

    const attempts = await stack.prisma.webhookDelivery.findMany({
      where: { jobId: { in: jobIds } },
    });
    expect(attempts).toHaveLength(jobIds.length * 4);
    for (const attempt of attempts) {
      expect(attempt).toMatchObject({
        statusCode: null,
        error: expect.stringMatching(/not allowed/),
      });
    }
    expect(receiver.connections).toBe(0);
  }, 30_000);
});
