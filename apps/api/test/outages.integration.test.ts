import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { findUnbalancedTeams } from "@reprise/db";
import { seedCaller } from "@reprise/testing";
import request from "supertest";
import { ledgerOf, startTestApi, type TestApi } from "./harness.js";

// Nothing listens on port 1 of the loopback: connections to it are refused at once.
const CLOSED_PORT = "127.0.0.1:1";
// A hang fails the test; it is a bound on "never hangs", not a measure of speed.
const NO_HANG_MS = 10_000;

describe("when Redis is down", () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi("redis-down", {
      REDIS_URL: `redis://${CLOSED_PORT}`,
      RATE_LIMIT_PER_MINUTE: "100",
      ENQUEUE_TIMEOUT_MS: "500",
    });
  });

  afterAll(async () => {
    expect(await findUnbalancedTeams(api.prisma)).toEqual([]);
    await api.close();
  });

  it("still accepts the job, charged and recorded, and leaves it in the outbox", async () => {
    const caller = await seedCaller(api.prisma, { credits: 16 });

    const response = await request(api.app)
      .post("/v2/images/generate")
      .set("X-API-Key", caller.key)
      .send({ prompt: "a quiet harbour", model: "midjourney" })
      .timeout(NO_HANG_MS);

    expect(response.status).toBe(202);
    const { jobId } = response.body;
    expect(await api.prisma.job.findUnique({ where: { id: jobId } })).toMatchObject({
      status: "QUEUED",
    });
    expect(await api.prisma.outboxEntry.count({ where: { jobId } })).toBe(1);
    expect((await ledgerOf(api.prisma, caller.teamId)).map((row) => row.amount)).toEqual([16, -16]);
  });
});

describe("when Postgres is down", () => {
  let api: TestApi;
  let broken: TestApi;

  beforeAll(async () => {
    api = await startTestApi("postgres-down");
    broken = await startTestApi("postgres-down-app", {
      DATABASE_URL: `postgresql://postgres@${CLOSED_PORT}/postgres`,
    });
  });

  afterAll(async () => {
    await broken.close();
    await api.close();
  });

  it("answers 503 unavailable at once and charges nothing", async () => {
    const caller = await seedCaller(api.prisma, { credits: 16 });

    const response = await request(broken.app)
      .post("/v2/images/generate")
      .set("X-API-Key", caller.key)
      .send({ prompt: "a quiet harbour", model: "midjourney" })
      .timeout(NO_HANG_MS);

    expect(response.status).toBe(503);
    expect(response.body.code).toBe("unavailable");
    expect(response.headers["retry-after"]).toBeDefined();
    expect(await ledgerOf(api.prisma, caller.teamId)).toHaveLength(1);
  });
});
