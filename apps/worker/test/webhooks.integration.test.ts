import { createHash, createHmac } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { completeJob, findUnbalancedTeams, type PrismaClient } from "@reprise/db";
import { enqueueRun } from "@reprise/queue";
import { insertJob, type SeededCaller, sampleResult, seedCaller } from "@reprise/testing";
import { Webhook } from "standardwebhooks";
import request from "supertest";
import { type Received, type Receiver, selfSignedCertificate, startReceiver } from "./receiver.js";
import { type Stack, startStack, submit, testWorkerSettings, waitForJob } from "./stack.js";

// RELIABILITY.md row 11 and issue 5: deliveries to a real HTTPS receiver, signed both ways,
// retried on schedule, bounded against receivers that hang or stream forever, in order, and
// once per event however often the job runs. Delays are scaled down to milliseconds.

const RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1_600];

let tls: { key: string; cert: string };
let stack: Stack;
let receiver: Receiver;
let owner: SeededCaller;

beforeAll(async () => {
  tls = await selfSignedCertificate();
  const base = testWorkerSettings("unused").webhooks;
  stack = await startStack("webhooks", {
    worker: { webhooks: { ...base, retryDelaysMs: RETRY_DELAYS_MS, extraCa: tls.cert } },
  });
  receiver = await startReceiver(tls);
  owner = await seedCaller(stack.prisma);
});

afterAll(async () => {
  expect(await findUnbalancedTeams(stack.prisma)).toEqual([]);
  await stack.close();
  await receiver.close();
});

/** Submits an image job whose webhooks go to `path` on `url`. */
async function submitWithWebhook(path: string, events?: string[], url = receiver.url) {
  const accepted = await submit(stack, owner, "/v2/images/generate", {
    prompt: `webhook ${path}`,
    model: "midjourney",
    webhookUrl: `${url}${path}`,
    ...(events && { webhookEvents: events }),
  });
  expect(accepted.status).toBe(202);
  return accepted.body.jobId as string;
}

async function webhookStatusOf(prisma: PrismaClient, jobId: string) {
  const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
  return job.webhookStatus;
}

async function waitForWebhookStatus(jobId: string, status: "delivered" | "failed") {
  while ((await webhookStatusOf(stack.prisma, jobId)) !== status) await sleep(25);
}

function deliveriesOf(jobId: string, caller = owner) {
  return request(stack.api).get(`/v2/jobs/${jobId}/deliveries`).set("X-API-Key", caller.key);
}

function apiframeSignature(apiKey: string, body: string) {
  const digest = createHash("sha256").update(apiKey).digest();
  return `sha256=${createHmac("sha256", digest).update(body).digest("hex")}`;
}

async function teamSecret(caller: SeededCaller): Promise<string> {
  const response = await request(stack.api).get("/v2/webhooks/secret").set("X-API-Key", caller.key);
  expect(response.status).toBe(200);
  return response.body.secret;
}

describe("a delivered webhook", () => {
  let delivery: Received;
  let jobId: string;
  beforeAll(async () => {
    jobId = await submitWithWebhook("/signed");
    [delivery] = (await receiver.waitFor("/signed", 1)) as [Received];
  }, 20_000);

  it("carries API.md's completed payload and event header", async () => {
    const job = await waitForJob(stack, owner, jobId);

    expect(JSON.parse(delivery.body)).toEqual({
      event: "completed",
      jobId,
      status: "COMPLETED",
      progress: 100,
      result: job.result,
      model: "midjourney",
      creditCost: 16,
      completedAt: job.completedAt,
    });
    expect(delivery.headers["x-webhook-event"]).toBe("completed");
  });

  it("verifies with the Standard Webhooks library and the team's secret", async () => {
    const webhook = new Webhook(await teamSecret(owner));

    expect(webhook.verify(delivery.body, delivery.headers)).toMatchObject({ jobId });
    expect(delivery.headers["webhook-id"]).toMatch(/^msg_/);
  });

  it("verifies with the Apiframe scheme, keyed with the digest of the job's API key", () => {
    expect(delivery.headers["x-webhook-signature"]).toBe(
      apiframeSignature(owner.key, delivery.body),
    );
  });

  it("fails verification when replayed with another timestamp or another body", async () => {
    const webhook = new Webhook(await teamSecret(owner));
    const retimed = {
      ...delivery.headers,
      "webhook-timestamp": String(Number(delivery.headers["webhook-timestamp"]) + 60),
    };
    const altered = delivery.body.replace('"creditCost":16', '"creditCost":0');

    expect(() => webhook.verify(delivery.body, retimed)).toThrow();
    expect(() => webhook.verify(altered, delivery.headers)).toThrow();
    expect(apiframeSignature(owner.key, altered)).not.toBe(delivery.headers["x-webhook-signature"]);
  });

  it("settles the job's webhookStatus as delivered and lists the attempt", async () => {
    await waitForWebhookStatus(jobId, "delivered");
    const response = await deliveriesOf(jobId);

    expect(response.status).toBe(200);
    expect(response.body.deliveries).toEqual([
      expect.objectContaining({
        event: "completed",
        webhookId: delivery.headers["webhook-id"],
        attempt: 1,
        statusCode: 200,
        error: null,
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it("is 404 in another team's deliveries list, as the job is", async () => {
    const stranger = await seedCaller(stack.prisma);

    expect((await deliveriesOf(jobId, stranger)).status).toBe(404);
  });
});

describe("the team's webhook secret", () => {
  it("is refused to a member with 403", async () => {
    const member = await seedCaller(stack.prisma, { teamId: owner.teamId, role: "MEMBER" });

    const read = await request(stack.api).get("/v2/webhooks/secret").set("X-API-Key", member.key);
    const rotate = await request(stack.api)
      .post("/v2/webhooks/secret/rotate")
      .set("X-API-Key", member.key);

    expect([read.status, rotate.status]).toEqual([403, 403]);
  });

  it("after a rotation, signs with both secrets during the grace period", async () => {
    const team = await seedCaller(stack.prisma);
    const before = await teamSecret(team);
    const rotated = await request(stack.api)
      .post("/v2/webhooks/secret/rotate")
      .set("X-API-Key", team.key);
    const accepted = await submit(stack, team, "/v2/images/generate", {
      prompt: "after rotation",
      model: "midjourney",
      webhookUrl: `${receiver.url}/rotated`,
    });
    const [delivery] = (await receiver.waitFor("/rotated", 1)) as [Received];

    expect(accepted.status).toBe(202);
    expect(rotated.body).toMatchObject({
      secret: expect.stringMatching(/^whsec_/),
      previousSecretValidUntil: expect.any(String),
    });
    expect(rotated.body.secret).not.toBe(before);
    expect(delivery.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(() =>
      new Webhook(rotated.body.secret).verify(delivery.body, delivery.headers),
    ).not.toThrow();
    expect(() => new Webhook(before).verify(delivery.body, delivery.headers)).not.toThrow();
  });
});

describe("when the receiver fails", () => {
  it("retries a receiver that is down and delivers once it is up", async () => {
    const later = await startReceiver(tls);
    const { port } = later;
    await later.close();
    const jobId = await submitWithWebhook("/down", undefined, `https://127.0.0.1:${port}`);
    while ((await stack.prisma.webhookDelivery.count({ where: { jobId } })) < 1) await sleep(20);

    const revived = await startReceiver(tls, { port });
    await revived.waitFor("/down", 1);
    await waitForWebhookStatus(jobId, "delivered");
    await revived.close();

    const attempts = (await deliveriesOf(jobId)).body.deliveries;
    expect(attempts[0]).toMatchObject({
      statusCode: null,
      error: expect.stringContaining("ECONNREFUSED"),
    });
    expect(attempts.at(-1)).toMatchObject({ statusCode: 200, error: null });
  });

  it("retries a 500 on the whole schedule, then gives up", async () => {
    receiver.on("/broken", (_request, response) => response.writeHead(500).end("down"));
    const jobId = await submitWithWebhook("/broken");

    await waitForWebhookStatus(jobId, "failed");

    const attempts = (await deliveriesOf(jobId)).body.deliveries;
    expect(attempts).toHaveLength(RETRY_DELAYS_MS.length + 1);
    expect(attempts.every((attempt: { statusCode: number }) => attempt.statusCode === 500)).toBe(
      true,
    );
  }, 20_000);

  it("waits at least as long as Retry-After asks", async () => {
    receiver.on("/busy", (_request, response, nth) =>
      nth === 1
        ? response.writeHead(503, { "Retry-After": "1" }).end()
        : response.writeHead(200).end(),
    );
    const jobId = await submitWithWebhook("/busy");

    await waitForWebhookStatus(jobId, "delivered");

    const [first, second] = await stack.prisma.webhookDelivery.findMany({
      where: { jobId },
      orderBy: { attempt: "asc" },
    });
    expect(second!.createdAt.getTime() - first!.createdAt.getTime()).toBeGreaterThanOrEqual(1_000);
  });

  it("never follows a 301 to loopback, and retries it", async () => {
    const target = await startReceiver(tls);
    receiver.on("/moved", (_request, response) =>
      response.writeHead(301, { Location: `${target.url}/inside` }).end(),
    );
    const jobId = await submitWithWebhook("/moved");

    await waitForWebhookStatus(jobId, "failed");
    await target.close();

    const attempts = (await deliveriesOf(jobId)).body.deliveries;
    expect(target.received).toEqual([]);
    expect(attempts).toHaveLength(RETRY_DELAYS_MS.length + 1);
    expect(attempts[0]).toMatchObject({
      statusCode: 301,
      error: expect.stringMatching(/redirect/),
    });
  }, 20_000);

  it("retries 410 Gone like any other refusal, as API.md has it", async () => {
    receiver.on("/gone", (_request, response) => response.writeHead(410).end());
    const jobId = await submitWithWebhook("/gone");

    await waitForWebhookStatus(jobId, "failed");

    const attempts = (await deliveriesOf(jobId)).body.deliveries;
    expect(attempts).toHaveLength(RETRY_DELAYS_MS.length + 1);
    expect(attempts.every((attempt: { statusCode: number }) => attempt.statusCode === 410)).toBe(
      true,
    );
  }, 20_000);

  it("cuts off a receiver that never answers, and delivers on a retry", async () => {
    receiver.on("/silent", (_request, response, nth) => {
      if (nth > 1) response.writeHead(200).end();
    });
    const jobId = await submitWithWebhook("/silent");

    await waitForWebhookStatus(jobId, "delivered");

    const attempts = (await deliveriesOf(jobId)).body.deliveries;
    expect(attempts[0]).toMatchObject({
      statusCode: null,
      error: expect.stringContaining("Timeout"),
    });
    expect(attempts).toHaveLength(2);
  }, 20_000);

  it("stops reading a receiver that streams forever", async () => {
    let streamed = false;
    receiver.on("/endless", (_request, response) => {
      response.writeHead(200);
      const chunk = "x".repeat(1_024);
      const timer = setInterval(() => {
        streamed = response.write(chunk) || streamed;
      }, 1);
      response.on("close", () => clearInterval(timer));
    });
    const jobId = await submitWithWebhook("/endless");

    await waitForWebhookStatus(jobId, "delivered");

    expect(streamed).toBe(true);
    const attempts = (await deliveriesOf(jobId)).body.deliveries;
    expect(attempts).toEqual([expect.objectContaining({ statusCode: 200, attempt: 1 })]);
  });
});

describe("manual redelivery", () => {
  it("sends the last event again with the same webhook-id", async () => {
    const jobId = await submitWithWebhook("/again");
    const [first] = (await receiver.waitFor("/again", 1)) as [Received];
    await waitForWebhookStatus(jobId, "delivered");

    const retried = await request(stack.api)
      .post(`/v2/jobs/${jobId}/deliveries/retry`)
      .set("X-API-Key", owner.key);
    const [, second] = (await receiver.waitFor("/again", 2)) as [Received, Received];

    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ jobId, event: "completed", scheduled: true });
    expect(second.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    expect(second.body).toBe(first.body);
  });

  it("answers 409 no_webhook_event for a job without a webhook", async () => {
    const job = await insertJob(stack.prisma, owner, { model: "midjourney", action: "generate" });

    const retried = await request(stack.api)
      .post(`/v2/jobs/${job.id}/deliveries/retry`)
      .set("X-API-Key", owner.key);

    expect(retried.status).toBe(409);
    expect(retried.body.code).toBe("no_webhook_event");
  });
});

describe("a job that runs twice", () => {
  it("delivers one completed event", async () => {
    const jobId = await submitWithWebhook("/twice");
    await waitForWebhookStatus(jobId, "delivered");

    const [worker] = [stack.startWorker()];
    await worker.queues.midjourney.remove(jobId);
    await enqueueRun(worker.queues, "midjourney", jobId);
    await sleep(500);

    const ids = receiver.received
      .filter((entry) => entry.path === "/twice")
      .map((entry) => entry.headers["webhook-id"]);
    expect(ids).toHaveLength(1);
  });

  it("records one completed event when it is completed many times at once", async () => {
    const job = await insertJob(stack.prisma, owner, {
      model: "suno",
      action: "generate",
      status: "PROCESSING",
    });
    await stack.prisma.job.update({
      where: { id: job.id },
      data: { webhookUrl: `${receiver.url}/raced`, webhookEvents: ["completed"] },
    });
    // A running job holds one of its team's places, which completing it gives back.
    await stack.prisma.team.update({
      where: { id: owner.teamId },
      data: { activeJobs: { increment: 1 } },
    });

    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        completeJob(stack.prisma, job.id, sampleResult("song"), { taskId: "t" }),
      ),
    );

    expect(outcomes.filter((outcome) => outcome.completed)).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.notified)).toHaveLength(1);
    expect(await stack.prisma.webhookEvent.count({ where: { jobId: job.id } })).toBe(1);
  });
});

describe("progress events", () => {
  let slow: Stack;
  beforeAll(async () => {
    const base = testWorkerSettings("unused").webhooks;
    slow = await startStack("webhooks-progress", {
      simulator: { stepLatencyMs: 500 },
      worker: { webhooks: { ...base, extraCa: tls.cert } },
    });
  });
  afterAll(async () => {
    await slow.close();
  });

  it("go out at most once a second, only on change, before the one completed event", async () => {
    const caller = await seedCaller(slow.prisma);
    const accepted = await submit(slow, caller, "/v2/images/generate", {
      prompt: "progress",
      model: "midjourney",
      webhookUrl: `${receiver.url}/progress`,
      webhookEvents: ["progress", "completed"],
    });
    const { jobId } = accepted.body;
    await waitForJob(slow, caller, jobId);
    while ((await webhookStatusOf(slow.prisma, jobId)) !== "delivered") await sleep(25);

    const bodies = receiver.received
      .filter((entry) => entry.path === "/progress")
      .map((entry) => JSON.parse(entry.body));
    const events = await slow.prisma.webhookEvent.findMany({
      where: { jobId, event: "progress" },
      orderBy: { seq: "asc" },
    });
    const values = bodies.filter((body) => body.event === "progress").map((body) => body.progress);

    expect(bodies.at(-1)).toMatchObject({ event: "completed" });
    expect(bodies.filter((body) => body.event === "completed")).toHaveLength(1);
    expect(values.length).toBeGreaterThan(0);
    expect(values).toEqual([...new Set(values)].sort((a, b) => a - b));
    for (let n = 1; n < events.length; n += 1) {
      const gap = events[n]!.createdAt.getTime() - events[n - 1]!.createdAt.getTime();
      expect(gap).toBeGreaterThanOrEqual(1_000);
    }
  }, 20_000);
});
