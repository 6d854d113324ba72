import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { seedCaller } from "@reprise/testing";
import { spawnWorker, stopProcess } from "./processes.js";
import { type Receiver, selfSignedCertificate, startReceiver } from "./receiver.js";
import { type Stack, startStack, submit, workerProcessEnv } from "./stack.js";

// A worker process SIGKILLed while its delivery waits on the receiver: another worker delivers
// the event, and the receiver sees one webhook-id for it, however many requests carried it.

let stack: Stack;
let receiver: Receiver;
let caDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  const tls = await selfSignedCertificate();
  receiver = await startReceiver(tls);
  caDir = await mkdtemp(path.join(tmpdir(), "reprise-ca-"));
  await writeFile(path.join(caDir, "receiver.pem"), tls.cert);
  stack = await startStack("webhook-crash", { worker: false });
  env = {
    ...workerProcessEnv(stack),
    WEBHOOK_ALLOW_LOOPBACK: "true",
    WEBHOOK_EXTRA_CA_FILE: path.join(caDir, "receiver.pem"),
    WEBHOOK_TIMEOUT_MS: "10000",
    WEBHOOK_RETRY_DELAYS_MS: "100,200,400",
  };
});

afterAll(async () => {
  await stack.close();
  await receiver.close();
  await rm(caDir, { recursive: true, force: true });
});

describe("when a worker is killed with SIGKILL during a delivery", () => {
  it("another worker delivers the event, under one webhook-id", async () => {
    receiver.on("/held", (_request, response, nth) => {
      // The first request is left unanswered: the worker dies waiting for it.
      if (nth > 1) response.writeHead(200).end();
    });
    const caller = await seedCaller(stack.prisma);
    const doomed = spawnWorker(env);
    const accepted = await submit(stack, caller, "/v2/images/generate", {
      prompt: "killed while delivering",
      model: "midjourney",
      webhookUrl: `${receiver.url}/held`,
    });
    await receiver.waitFor("/held", 1);

    await stopProcess(doomed, "SIGKILL");
    const rescuer = spawnWorker(env);
    const { jobId } = accepted.body;
    while (
      (await stack.prisma.job.findUniqueOrThrow({ where: { id: jobId } })).webhookStatus !==
      "delivered"
    ) {
      await sleep(50);
    }
    await stopProcess(rescuer);

    const ids = new Set(
      receiver.received
        .filter((entry) => entry.path === "/held")
        .map((entry) => entry.headers["webhook-id"]),
    );
    expect(ids.size).toBe(1);
    expect(await stack.prisma.webhookEvent.count({ where: { jobId } })).toBe(1);
  }, 30_000);
});
