import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { seedCaller } from "@reprise/testing";
import { serveMetrics } from "../src/metrics.js";
import type { RunningWorker } from "../src/worker.js";
import { type Receiver, selfSignedCertificate, startReceiver } from "./receiver.js";
import { type Stack, startStack, submit, testWorkerSettings, waitForJob } from "./stack.js";

let stack: Stack;
let worker: RunningWorker;
let receiver: Receiver;

beforeAll(async () => {
  const tls = await selfSignedCertificate();
  stack = await startStack("metrics", { worker: false });
  const webhooks = { ...testWorkerSettings("unused").webhooks, extraCa: tls.cert };
  worker = stack.startWorker({ webhooks });
  receiver = await startReceiver(tls);
});

afterAll(async () => {
  await stack.close();
  await receiver.close();
});

async function generate(prompt: string, fields: object = {}) {
  const caller = await seedCaller(stack.prisma);
  const body = { prompt, model: "midjourney", ...fields };
  const accepted = await submit(stack, caller, "/v2/images/generate", body);
  return waitForJob(stack, caller, accepted.body.jobId);
}

describe("a worker's metrics", () => {
  it("count its runs by how they ended, and show the queues as Redis has them", async () => {
    expect((await generate("a lighthouse")).status).toBe("COMPLETED");
    expect((await generate("a forbidden thing [sim:banned]")).status).toBe("FAILED");

    const lines = (await worker.metrics.metrics()).split("\n");

    const runs = (outcome: string) =>
      `reprise_job_run_duration_seconds_count{model="midjourney",outcome="${outcome}"} 1`;
    expect(lines).toContain(runs("completed"));
    expect(lines).toContain(runs("failed"));
    expect(lines).toContain('reprise_queue_jobs{queue="run-midjourney",state="waiting"} 0');
    expect(lines).toContain('reprise_queue_jobs{queue="webhook-delivery",state="delayed"} 0');
  });

  it("count webhook attempts by what came of each", async () => {
    // The first attempt is refused, the retry delivered.
    receiver.on("/flaky", (_request, response, nth) =>
      response.writeHead(nth === 1 ? 503 : 200).end(),
    );
    await generate("a harbour", {
      webhookUrl: `${receiver.url}/flaky`,
      webhookEvents: ["completed"],
    });
    const delivered = 'reprise_webhook_attempts_total{outcome="delivered"} 1';
    let lines: string[] = [];
    while (!lines.includes(delivered)) {
      await sleep(25);
      lines = (await worker.metrics.metrics()).split("\n");
    }

    expect(lines).toContain('reprise_webhook_attempts_total{outcome="retrying"} 1');
    expect(receiver.received.filter((request) => request.path === "/flaky")).toHaveLength(2);
  });

  it("are served at GET /metrics on their own port, and nothing else is", async () => {
    const server = serveMetrics(worker.metrics, 0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const metrics = await fetch(`${base}/metrics`);
      const other = await fetch(`${base}/`);

      expect(metrics.status).toBe(200);
      expect(metrics.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await metrics.text()).toMatch(/^process_resident_memory_bytes \d/m);
      expect(other.status).toBe(404);
      await other.body?.cancel();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
