import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { findUnbalancedTeams } from "@reprise/db";
import { enqueueRun } from "@reprise/queue";
import { seedCaller } from "@reprise/testing";
import request from "supertest";
import { ownRedis, spawnWorker, stopProcess } from "./processes.js";
import {
  recordGeneration,
  type Stack,
  startStack,
  submit,
  waitForJob,
  workerProcessEnv,
} from "./stack.js";

// RELIABILITY.md rows 1, 2, 3, 7 and 9, with real faults: a worker process killed with
// SIGKILL, a Redis of the test's own shut down with SHUTDOWN NOSAVE, jobs enqueued twice, and
// a simulator told to fail, hang, answer 5xx or rate-limit. After each, credits balance.

async function expectBalanced(stack: Stack) {
  expect(await findUnbalancedTeams(stack.prisma)).toEqual([]);
}

const imagines = (stack: Stack) => stack.simulator.stats().submissions.mj.imagine;

describe("when the API dies between its commit and its enqueue", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack("fault-outbox");
  });
  afterAll(async () => {
    await expectBalanced(stack);
    await stack.close();
  });

  it("the outbox relay enqueues the job, which runs once", async () => {
    const caller = await seedCaller(stack.prisma);
    // What the API has done when it dies right after its commit: charged and recorded.
    const jobId = await recordGeneration(stack, caller, "never enqueued");

    const job = await waitForJob(stack, caller, jobId);

    expect(job.status).toBe("COMPLETED");
    expect(imagines(stack)).toBe(1);
    expect(await stack.prisma.outboxEntry.count()).toBe(0);
  });
});

describe("when a job is enqueued twice, and again after Redis forgot it", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack("fault-twice");
  });
  afterAll(async () => {
    await expectBalanced(stack);
    await stack.close();
  });

  it("the upstream sees one submission and the job completes once", async () => {
    const caller = await seedCaller(stack.prisma);
    const worker = stack.startWorker();
    const accepted = await submit(stack, caller, "/v2/images/generate", {
      prompt: "twice",
      model: "midjourney",
    });
    const { jobId } = accepted.body;
    await enqueueRun(worker.queues, "midjourney", jobId);
    const first = await waitForJob(stack, caller, jobId);

    await worker.queues.midjourney.remove(jobId);
    await enqueueRun(worker.queues, "midjourney", jobId);
    await sleep(500);

    const again = await request(stack.api).get(`/v2/jobs/${jobId}`).set("X-API-Key", caller.key);
    expect(first.status).toBe("COMPLETED");
    expect(again.body).toMatchObject({ status: "COMPLETED", completedAt: first.completedAt });
    expect(imagines(stack)).toBe(1);
  });
});

describe("when a worker is killed with SIGKILL mid-job", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack("fault-sigkill", { simulator: { stepLatencyMs: 300 }, worker: false });
  });
  afterAll(async () => {
    await expectBalanced(stack);
    await stack.close();
  });

  it("another worker finishes every job, each submitted upstream once", async () => {
    const caller = await seedCaller(stack.prisma);
    const doomed = spawnWorker(workerProcessEnv(stack));
    const jobIds: string[] = [];
    for (let n = 0; n < 6; n += 1) {
      const accepted = await submit(stack, caller, "/v2/images/generate", {
        prompt: `killed ${n}`,
        model: "midjourney",
      });
      jobIds.push(accepted.body.jobId);
    }
    await waitUntil(async () => {
      const started = await stack.prisma.job.count({ where: { upstreamTaskId: { not: null } } });
      return started === jobIds.length;
    });

    await stopProcess(doomed, "SIGKILL");
    const rescuer = spawnWorker(workerProcessEnv(stack));
    const jobs = await Promise.all(jobIds.map((id) => waitForJob(stack, caller, id, 60_000)));
    await stopProcess(rescuer);

    expect(jobs.map((job) => job.status)).toEqual(jobIds.map(() => "COMPLETED"));
    expect(imagines(stack)).toBe(jobIds.length);
    expect(await stack.prisma.job.count({ where: { status: "PROCESSING" } })).toBe(0);
  });
});

describe("when Redis restarts empty", () => {
  let stack: Stack;
  let redis: Awaited<ReturnType<typeof ownRedis>>;
  beforeAll(async () => {
    redis = await ownRedis();
    stack = await startStack("fault-redis", { redisUrl: redis.url, worker: false });
  });
  afterAll(async () => {
    await expectBalanced(stack);
    await stack.close();
    await redis.stop();
  });

  it("every recorded job still reaches a final state", async () => {
    const caller = await seedCaller(stack.prisma);
    const jobIds: string[] = [];
    for (let n = 0; n < 5; n += 1) {
      const accepted = await submit(stack, caller, "/v2/music/generate", {
        prompt: `lost ${n}`,
        model: "suno",
      });
      jobIds.push(accepted.body.jobId);
    }

    await redis.shutdownNoSave();
    await redis.start();
    stack.startWorker();
    const jobs = await Promise.all(jobIds.map((id) => waitForJob(stack, caller, id, 60_000)));

    expect(jobs.map((job) => job.status)).toEqual(jobIds.map(() => "COMPLETED"));
  });
});

describe("when the upstream misbehaves", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack("fault-upstream", {
      worker: { retryBaseMs: 20, deadlines: { processingMs: 1_500, queuedMs: 60_000 } },
    });
  });
  afterAll(async () => {
    await expectBalanced(stack);
    await stack.close();
  });

  const scenario = (text: string) =>
    request(stack.simulatorUrl).put("/__sim/scenario").send({ scenario: text });

  it("fails a banned prompt at once, without retrying, and refunds it", async () => {
    const caller = await seedCaller(stack.prisma, { credits: 16 });
    const accepted = await submit(stack, caller, "/v2/images/generate", {
      prompt: "[sim:banned] something",
      model: "midjourney",
    });

    const job = await waitForJob(stack, caller, accepted.body.jobId);

    expect(job).toMatchObject({ status: "FAILED", creditCost: 0 });
    const row = await stack.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.attempts).toBe(1);
    expect(
      (await stack.prisma.team.findUniqueOrThrow({ where: { id: caller.teamId } })).credits,
    ).toBe(16);
  });

  it("retries a submission answered with 5xx, and completes once it recovers", async () => {
    const caller = await seedCaller(stack.prisma);
    await scenario("5xx");
    const accepted = await submit(stack, caller, "/v2/images/generate", {
      prompt: "flaky",
      model: "midjourney",
    });
    await waitUntil(async () => {
      const row = await stack.prisma.job.findUniqueOrThrow({ where: { id: accepted.body.jobId } });
      return row.attempts >= 2;
    });
    await scenario("");

    const job = await waitForJob(stack, caller, accepted.body.jobId);

    expect(job).toMatchObject({ status: "COMPLETED", creditCost: 16 });
  });

  it("waits out a rate limit with Retry-After, then completes", async () => {
    const caller = await seedCaller(stack.prisma);
    await scenario("ratelimit retry-after=1");
    const accepted = await submit(stack, caller, "/v2/music/generate", {
      prompt: "patient",
      model: "suno",
    });
    await sleep(300);
    await scenario("");

    const job = await waitForJob(stack, caller, accepted.body.jobId);

    expect([job.status, job.error]).toEqual(["COMPLETED", null]);
  });

  it("fails and refunds a job that keeps failing with 5xx once its attempts are used", async () => {
    const caller = await seedCaller(stack.prisma, { credits: 16 });
    const accepted = await submit(stack, caller, "/v2/images/generate", {
      prompt: "[sim:5xx] hopeless",
      model: "midjourney",
    });

    const job = await waitForJob(stack, caller, accepted.body.jobId, 30_000);

    expect(job).toMatchObject({ status: "FAILED", creditCost: 0 });
    const row = await stack.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.attempts).toBe(8);
  });

  it("times out a task that hangs upstream, and refunds it once", async () => {
    const caller = await seedCaller(stack.prisma, { credits: 11 });
    const accepted = await submit(stack, caller, "/v2/music/generate", {
      prompt: "[sim:hang] forever",
      model: "suno",
    });

    const job = await waitForJob(stack, caller, accepted.body.jobId, 30_000);

    expect(job).toMatchObject({ status: "FAILED", creditCost: 0 });
    expect(job.error).toMatch(/timed out/);
    const refunds = await stack.prisma.creditLedgerEntry.count({
      where: { jobId: job.id, kind: "REFUND" },
    });
    expect(refunds).toBe(1);
  });
});

async function waitUntil(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await sleep(50);
  }
}
