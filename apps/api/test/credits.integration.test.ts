import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { findUnbalancedTeams } from "@reprise/db";
import { seedCaller } from "@reprise/testing";
import { ledgerOf, post, startTestApi, type TestApi } from "./harness.js";

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi("credits");
});

afterAll(async () => {
  expect(await findUnbalancedTeams(api.prisma)).toEqual([]);
  await api.close();
});

const song = { prompt: "a sea shanty", model: "suno" };

describe("team credits", () => {
  it("answers 402 with the cost and the balance, and moves nothing", async () => {
    const caller = await seedCaller(api.prisma, { credits: 10 });

    const response = await post(api, caller, "/v2/music/generate", song);

    expect(response.status).toBe(402);
    expect(response.body).toEqual({
      error: "Insufficient credits",
      code: "insufficient_credits",
      creditsRequired: 11,
      creditsAvailable: 10,
    });
    expect(await ledgerOf(api.prisma, caller.teamId)).toHaveLength(1);
    expect(await api.prisma.job.count({ where: { teamId: caller.teamId } })).toBe(0);
  });

  it("charges the team, whoever in it submits", async () => {
    const owner = await seedCaller(api.prisma, { credits: 22 });
    const member = await seedCaller(api.prisma, { teamId: owner.teamId, role: "MEMBER" });

    await post(api, owner, "/v2/music/generate", song);
    await post(api, member, "/v2/music/generate", song);

    const team = await api.prisma.team.findUniqueOrThrow({ where: { id: owner.teamId } });
    expect(team.credits).toBe(0);
  });

  describe("when more submissions race than the balance covers", () => {
    it("accepts exactly as many as it covers and never goes below zero", async () => {
      const cost = 11;
      const covered = 7;
      const caller = await seedCaller(api.prisma, { credits: cost * covered + 5 });

      const responses = await Promise.all(
        Array.from({ length: 30 }, () => post(api, caller, "/v2/music/generate", song)),
      );

      const statuses = responses.map((response) => response.status).sort();
      expect(statuses.filter((status) => status === 202)).toHaveLength(covered);
      expect(statuses.filter((status) => status === 402)).toHaveLength(30 - covered);
      const team = await api.prisma.team.findUniqueOrThrow({ where: { id: caller.teamId } });
      expect(team.credits).toBe(5);
      const charges = (await ledgerOf(api.prisma, caller.teamId)).filter(
        (r) => r.kind === "CHARGE",
      );
      expect(charges).toHaveLength(covered);
    });
  });
});

describe("the team's concurrency limit", () => {
  it("answers 429 concurrency_limited with Retry-After once the team runs its limit", async () => {
    const caller = await seedCaller(api.prisma, { credits: 1_000, maxConcurrentJobs: 2 });

    const responses = await Promise.all(
      Array.from({ length: 6 }, () => post(api, caller, "/v2/music/generate", song)),
    );

    const limited = responses.filter((response) => response.status === 429);
    expect(responses.filter((response) => response.status === 202)).toHaveLength(2);
    expect(limited).toHaveLength(4);
    expect(limited[0]?.body.code).toBe("concurrency_limited");
    expect(limited[0]?.headers["retry-after"]).toBe("5");
    const team = await api.prisma.team.findUniqueOrThrow({ where: { id: caller.teamId } });
    expect(team).toMatchObject({ credits: 1_000 - 22, activeJobs: 2 });
  });
});
