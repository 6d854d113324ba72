import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { findUnbalancedTeams } from "@reprise/db";
import { seedCaller } from "@reprise/testing";
import { ledgerOf, post, startTestApi, type TestApi } from "./harness.js";

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi("submissions");
});

afterAll(async () => {
  expect(await findUnbalancedTeams(api.prisma)).toEqual([]);
  await api.close();
});

describe("POST /v2/images/generate", () => {
  it("charges 16 credits, records the job QUEUED and enqueues it under its own id", async () => {
    const caller = await seedCaller(api.prisma, { credits: 100 });

    const response = await post(api, caller, "/v2/images/generate", {
      prompt: "a lighthouse at dusk",
      model: "midjourney",
      midjourneyParams: { aspect_ratio: "16:9" },
    });

    expect(response.status).toBe(202);
    expect(response.body).toEqual({ jobId: expect.any(String), status: "QUEUED" });
    const { jobId } = response.body;
    const job = await api.prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "QUEUED", model: "midjourney", action: "generate" });
    expect(job.creditCost).toBe(16);
    const team = await api.prisma.team.findUniqueOrThrow({ where: { id: caller.teamId } });
    expect(team.credits).toBe(84);
    expect((await ledgerOf(api.prisma, caller.teamId)).map((row) => row.amount)).toEqual([
      100, -16,
    ]);
    expect((await api.queues.midjourney.getJob(jobId))?.data).toEqual({ jobId });
    await api.flushOutboxAcks();
    expect(await api.prisma.outboxEntry.count({ where: { jobId } })).toBe(0);
  });
});

describe("POST /v2/music/generate", () => {
  it("charges 11 credits and enqueues on the Suno queue", async () => {
    const caller = await seedCaller(api.prisma, { credits: 11 });

    const response = await post(api, caller, "/v2/music/generate", {
      prompt: "a calm piano piece",
      model: "suno",
    });

    expect(response.status).toBe(202);
    const team = await api.prisma.team.findUniqueOrThrow({ where: { id: caller.teamId } });
    expect(team.credits).toBe(0);
    expect(await api.queues.suno.getJob(response.body.jobId)).toBeDefined();
  });
});
