import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { deactivateApiKey, findUnbalancedTeams, requestFingerprint } from "@reprise/db";
import { insertJob, type SeededCaller, sampleResult, seedCaller } from "@reprise/testing";
import request from "supertest";
import { ledgerOf, post, startTestApi, type TestApi } from "./harness.js";

// API.md's error table, one row at a time, each through the real HTTP API. After every row
// the caller's team has only its starting grant in the ledger: no 4xx or 5xx moves a credit.

let api: TestApi;
let limited: TestApi;

beforeAll(async () => {
  api = await startTestApi("error-table");
  limited = await startTestApi("error-table-limited", { RATE_LIMIT_PER_MINUTE: "2" });
});

afterAll(async () => {
  expect(await findUnbalancedTeams(api.prisma)).toEqual([]);
  await limited.close();
  await api.close();
});

const image = { prompt: "a paper boat", model: "midjourney" };

async function expectNothingMoved(caller: SeededCaller, credits = 1_000) {
  const ledger = await ledgerOf(api.prisma, caller.teamId);
  expect(ledger.map((row) => row.kind)).toEqual(["GRANT"]);
  const team = await api.prisma.team.findUniqueOrThrow({ where: { id: caller.teamId } });
  expect(team.credits).toBe(credits);
}

async function song(owner: SeededCaller) {
  return insertJob(api.prisma, owner, {
    model: "suno",
    action: "generate",
    result: sampleResult("song", 90),
  });
}

describe("the error table", () => {
  it("400 validation_error: unknown field, with details per path", async () => {
    const caller = await seedCaller(api.prisma);
    const response = await post(api, caller, "/v2/images/generate", {
      ...image,
      colour: "red",
      midjourneyParams: { aspect_ratio: "1:1", seed: 7 },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "validation_error", error: expect.any(String) });
    expect(response.body.details).toEqual({
      colour: ["is not a known field"],
      "midjourneyParams.seed": ["is not a known field"],
    });
    await expectNothingMoved(caller);
  });

  it("400 validation_error: a field named __proto__ is reported like any other", async () => {
    const caller = await seedCaller(api.prisma);
    const response = await request(api.app)
      .post("/v2/images/generate")
      .set("X-API-Key", caller.key)
      .set("Content-Type", "application/json")
      .send('{"prompt":"a paper boat","model":"midjourney","__proto__":{"admin":true}}');
    expect(response.status).toBe(400);
    // A literal `{ __proto__: … }` would set the prototype rather than name a field.
    expect(response.body.details).toEqual(
      Object.fromEntries([["__proto__", ["is not a known field"]]]),
    );
    await expectNothingMoved(caller);
  });

  it("400 validation_error: a model the endpoint does not run", async () => {
    const caller = await seedCaller(api.prisma);
    const response = await post(api, caller, "/v2/images/generate", {
      ...image,
      model: "dall-e-3",
    });
    expect(response.status).toBe(400);
    expect(response.body.details).toHaveProperty(["model"]);
    await expectNothingMoved(caller);
  });

  it("400 parent_kind_mismatch: pan on a grid", async () => {
    const caller = await seedCaller(api.prisma);
    const grid = await insertJob(api.prisma, caller, {
      model: "midjourney",
      action: "generate",
      result: sampleResult("grid"),
    });
    const response = await post(api, caller, "/v2/images/midjourney/action", {
      parentJobId: grid.id,
      action: "pan",
      direction: "left",
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("parent_kind_mismatch");
    await expectNothingMoved(caller);
  });

  it.each([
    "http://93.184.215.14/hook",
    "https://127.0.0.1/hook",
    "https://169.254.169.254/latest",
    "https://[::ffff:10.0.0.1]/hook",
    "not a url",
  ])("400 invalid_webhook_url: %s", async (webhookUrl) => {
    const caller = await seedCaller(api.prisma);
    const response = await post(api, caller, "/v2/images/generate", { ...image, webhookUrl });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("invalid_webhook_url");
    await expectNothingMoved(caller);
  });

  it("400 validation_error: webhookEvents without webhookUrl", async () => {
    const caller = await seedCaller(api.prisma);
    const response = await post(api, caller, "/v2/images/generate", {
      ...image,
      webhookEvents: ["completed"],
    });
    expect(response.status).toBe(400);
    expect(response.body.details).toHaveProperty(["webhookEvents"]);
    await expectNothingMoved(caller);
  });

  it("401 unauthenticated: no key, then an unknown key", async () => {
    const none = await request(api.app).post("/v2/images/generate").send(image);
    const unknown = await request(api.app)
      .post("/v2/images/generate")
      .set("X-API-Key", "rpk_unknown")
      .send(image);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: "API key is required", code: "unauthenticated" });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({ error: "Invalid API key", code: "unauthenticated" });
  });

  it("402 insufficient_credits", async () => {
    const caller = await seedCaller(api.prisma, { credits: 15 });
    const response = await post(api, caller, "/v2/images/generate", image);
    expect(response.status).toBe(402);
    expect(response.body).toMatchObject({ creditsRequired: 16, creditsAvailable: 15 });
    await expectNothingMoved(caller, 15);
  });

  it("403 forbidden: an inactive key", async () => {
    const caller = await seedCaller(api.prisma);
    await deactivateApiKey(api.prisma, caller.key);
    const response = await post(api, caller, "/v2/images/generate", image);
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error: "API key is inactive", code: "forbidden" });
    await expectNothingMoved(caller);
  });

  it("403 forbidden: scope=team as a member", async () => {
    const owner = await seedCaller(api.prisma);
    const member = await seedCaller(api.prisma, { teamId: owner.teamId, role: "MEMBER" });
    const response = await request(api.app).get("/v2/jobs?scope=team").set("X-API-Key", member.key);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe("forbidden");
  });

  it("404 job_not_found: a parent of another team", async () => {
    const caller = await seedCaller(api.prisma);
    const stranger = await seedCaller(api.prisma);
    const theirs = await song(stranger);
    const response = await post(api, caller, "/v2/music/suno/action", {
      parentJobId: theirs.id,
      action: "stems",
      index: 1,
    });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "Job not found", code: "job_not_found" });
    await expectNothingMoved(caller);
  });

  it("409 parent_not_completed", async () => {
    const caller = await seedCaller(api.prisma);
    const running = await insertJob(api.prisma, caller, {
      model: "suno",
      action: "generate",
      status: "PROCESSING",
    });
    const response = await post(api, caller, "/v2/music/suno/action", {
      parentJobId: running.id,
      action: "stems",
      index: 1,
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("parent_not_completed");
    await expectNothingMoved(caller);
  });

  it("409 parent_not_actionable: a job from before follow-up actions", async () => {
    const caller = await seedCaller(api.prisma);
    const legacy = await insertJob(api.prisma, caller, {
      model: "midjourney",
      action: "generate",
      result: sampleResult("grid"),
      supportsActions: false,
    });
    const response = await post(api, caller, "/v2/images/midjourney/action", {
      parentJobId: legacy.id,
      action: "upsample",
      index: 2,
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("parent_not_actionable");
    await expectNothingMoved(caller);
  });

  it("409 continue_at_out_of_range", async () => {
    const caller = await seedCaller(api.prisma);
    const parent = await song(caller);
    const response = await post(api, caller, "/v2/music/suno/action", {
      parentJobId: parent.id,
      action: "extend",
      index: 1,
      continueAt: 90,
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("continue_at_out_of_range");
    await expectNothingMoved(caller);
  });

  it("409 idempotency_key_reused", async () => {
    const caller = await seedCaller(api.prisma, { credits: 16 });
    const send = (prompt: string) =>
      request(api.app)
        .post("/v2/images/generate")
        .set("X-API-Key", caller.key)
        .set("Idempotency-Key", "k")
        .send({ ...image, prompt });
    expect((await send("one")).status).toBe(202);
    const response = await send("two");
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("idempotency_key_reused");
    expect((await ledgerOf(api.prisma, caller.teamId)).map((row) => row.kind)).toEqual([
      "GRANT",
      "CHARGE",
    ]);
  });

  it("409 idempotency_in_progress while the first request is still being handled", async () => {
    const caller = await seedCaller(api.prisma);
    // The state a concurrent first request leaves while it runs: claimed, not finished.
    await api.prisma.idempotencyKey.create({
      data: {
        teamId: caller.teamId,
        key: "slow",
        requestHash: requestFingerprint("POST", "/v2/images/generate", image),
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    const response = await request(api.app)
      .post("/v2/images/generate")
      .set("X-API-Key", caller.key)
      .set("Idempotency-Key", "slow")
      .send(image);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("idempotency_in_progress");
    await expectNothingMoved(caller);
  });

  it("429 rate_limited, with Retry-After", async () => {
    const caller = await seedCaller(limited.prisma);
    const send = () => request(limited.app).get("/v2/me").set("X-API-Key", caller.key);
    await send();
    await send();
    const response = await send();
    expect(response.status).toBe(429);
    expect(response.body.code).toBe("rate_limited");
    expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("429 concurrency_limited, with Retry-After", async () => {
    const caller = await seedCaller(api.prisma, { maxConcurrentJobs: 1 });
    await insertJob(api.prisma, caller, { model: "suno", action: "generate", status: "QUEUED" });
    await api.prisma.team.update({ where: { id: caller.teamId }, data: { activeJobs: 1 } });
    const response = await post(api, caller, "/v2/music/generate", { prompt: "x", model: "suno" });
    expect(response.status).toBe(429);
    expect(response.body.code).toBe("concurrency_limited");
    expect(response.headers["retry-after"]).toBe("5");
    await expectNothingMoved(caller);
  });
});
