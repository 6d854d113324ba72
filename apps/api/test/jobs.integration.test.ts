import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { modelsListing } from "@reprise/core";
import { deactivateApiKey, findUnbalancedTeams, type Job, type Role } from "@reprise/db";
import { insertJob, type SeededCaller, sampleResult, seedCaller } from "@reprise/testing";
import request from "supertest";
import { expectNoCreditMoved, expectRefusal } from "./credit-checks.js";
import { get, post, startTestApi, type TestApi } from "./harness.js";
import { publicWebhookUrl } from "./samples.js";

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi("jobs");
});

afterAll(async () => {
  expect(await findUnbalancedTeams(api.prisma)).toEqual([]);
  await api.close();
});

/** API.md's fields of a job, and no others. */
const jobFields = [
  "id",
  "status",
  "model",
  "action",
  "parentJobId",
  "progress",
  "result",
  "error",
  "creditCost",
  "webhookStatus",
  "createdAt",
  "startedAt",
  "completedAt",
  "input",
];

function insertGrid(owner: SeededCaller, fixture: { status?: Job["status"] } = {}) {
  return insertJob(api.prisma, owner, {
    model: "midjourney",
    action: "generate",
    ...((fixture.status ?? "COMPLETED") === "COMPLETED" && { result: sampleResult("grid") }),
    ...fixture,
  });
}

/** Inserts `count` jobs for `owner`, created one second apart; returns them oldest first. */
async function insertJobsOverTime(owner: SeededCaller, count: number) {
  const start = Date.now() - 60_000;
  const jobs: Job[] = [];
  for (let n = 0; n < count; n += 1) {
    const job = await insertGrid(owner);
    jobs.push(await setCreatedAt(job.id, new Date(start + n * 1_000)));
  }
  return jobs;
}

function setCreatedAt(id: string, createdAt: Date) {
  return api.prisma.job.update({ where: { id }, data: { createdAt } });
}

/** Job ids as `GET /v2/jobs` must order them: newest first, then by id, descending. */
function newestFirst(jobs: Job[]): string[] {
  return [...jobs]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
    .map((job) => job.id);
}

function ids(response: request.Response): string[] {
  return response.body.jobs.map((job: { id: string }) => job.id);
}

/** A caller of `role` in the team of `teammate`, or in a team of their own. */
function seedRelative(teammate: SeededCaller, role: Role, sameTeam: boolean) {
  return seedCaller(api.prisma, { role, ...(sameTeam && { teamId: teammate.teamId }) });
}

const relatives = [
  { who: "a teammate who is a MEMBER", role: "MEMBER", sameTeam: true, sees: false },
  { who: "a teammate who is an ADMIN", role: "ADMIN", sameTeam: true, sees: true },
  { who: "a teammate who is the OWNER", role: "OWNER", sameTeam: true, sees: true },
  { who: "another team's ADMIN", role: "ADMIN", sameTeam: false, sees: false },
  { who: "another team's OWNER", role: "OWNER", sameTeam: false, sees: false },
] as const;

describe("GET /v2/jobs/:id", () => {
  it("shows a submitted job with exactly API.md's fields", async () => {
    const caller = await seedCaller(api.prisma);
    const body = {
      prompt: "a lighthouse at dusk",
      model: "midjourney",
      midjourneyParams: { aspect_ratio: "16:9" },
      webhookUrl: publicWebhookUrl,
    };
    const submitted = await post(api, caller, "/v2/images/generate", body);
    expect(submitted.status).toBe(202);
    const { jobId } = submitted.body;

    const response = await get(api, caller, `/v2/jobs/${jobId}`);

    const row = await api.prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual([...jobFields].sort());
    expect(response.body).toEqual({
      id: jobId,
      status: "QUEUED",
      model: "midjourney",
      action: "generate",
      parentJobId: null,
      progress: 0,
      result: null,
      error: null,
      creditCost: 16,
      webhookStatus: "pending",
      createdAt: row.createdAt.toISOString(),
      startedAt: null,
      completedAt: null,
      input: body,
    });
  });

  it("shows a follow-up's action, its parent and what it cost", async () => {
    const caller = await seedCaller(api.prisma);
    const parent = await insertGrid(caller);
    const submitted = await post(api, caller, "/v2/images/midjourney/action", {
      parentJobId: parent.id,
      action: "upsample",
      index: 3,
    });

    const response = await get(api, caller, `/v2/jobs/${submitted.body.jobId}`);

    expect(response.body).toMatchObject({
      action: "upsample",
      model: "midjourney",
      parentJobId: parent.id,
      creditCost: 4,
      webhookStatus: null,
      input: { parentJobId: parent.id, action: "upsample", index: 3 },
    });
  });

  it("shows a completed job's result, progress and times", async () => {
    const caller = await seedCaller(api.prisma);
    const job = await insertJob(api.prisma, caller, {
      model: "suno",
      action: "generate",
      result: sampleResult("song"),
      creditCost: 11,
    });
    const startedAt = new Date(Date.now() - 30_000);
    const completedAt = new Date(Date.now() - 1_000);
    await api.prisma.job.update({ where: { id: job.id }, data: { startedAt, completedAt } });

    const response = await get(api, caller, `/v2/jobs/${job.id}`);

    expect(response.body).toMatchObject({
      status: "COMPLETED",
      progress: 100,
      result: sampleResult("song"),
      error: null,
      creditCost: 11,
      startedAt: startedAt.toISOString(),
      completedAt: completedAt.toISOString(),
    });
  });

  it("shows creditCost 0 once the job has been refunded", async () => {
    const caller = await seedCaller(api.prisma);
    const job = await insertGrid(caller, { status: "FAILED" });
    await api.prisma.job.update({
      where: { id: job.id },
      data: { creditCost: 16, refundedAt: new Date(), error: "The upstream failed" },
    });

    const response = await get(api, caller, `/v2/jobs/${job.id}`);

    expect(response.body).toMatchObject({
      status: "FAILED",
      error: "The upstream failed",
      creditCost: 0,
      result: null,
    });
  });

  it("shows the charge of a failed job that is not refunded yet", async () => {
    const caller = await seedCaller(api.prisma);
    const job = await insertGrid(caller, { status: "FAILED" });
    await api.prisma.job.update({ where: { id: job.id }, data: { creditCost: 16 } });

    const response = await get(api, caller, `/v2/jobs/${job.id}`);

    expect(response.body.creditCost).toBe(16);
  });

  it.each(["not-a-uuid", "12345", `${randomUUID()}x`])(
    "rejects the id %p with 400 validation_error",
    async (id) => {
      const caller = await seedCaller(api.prisma);

      const response = await get(api, caller, `/v2/jobs/${id}`);

      expectRefusal(response, 400, "validation_error");
      expect(response.body.details).toHaveProperty("id");
    },
  );

  // Regression: the router's URIError (status 400) reached the error handler as a 500.
  it.each(["%zz", "%E0%A4%A"])(
    "regression: rejects the malformed %%-escape %p in the id with 400, not 500",
    async (id) => {
      const caller = await seedCaller(api.prisma);

      const response = await get(api, caller, `/v2/jobs/${id}`);

      expectRefusal(response, 400, "validation_error");
    },
  );

  it("answers 404 job_not_found for an id no job has", async () => {
    const caller = await seedCaller(api.prisma);

    const response = await get(api, caller, `/v2/jobs/${randomUUID()}`);

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "Job not found", code: "job_not_found" });
  });

  it.each(relatives.filter((relative) => relative.sees))(
    "shows a MEMBER's job to $who",
    async ({ role, sameTeam }) => {
      const owner = await seedCaller(api.prisma, { role: "MEMBER" });
      const relative = await seedRelative(owner, role, sameTeam);
      const job = await insertGrid(owner);

      const response = await get(api, relative, `/v2/jobs/${job.id}`);

      expect(response.status).toBe(200);
      expect(response.body.id).toBe(job.id);
    },
  );

  it.each(relatives.filter((relative) => !relative.sees))(
    "hides a MEMBER's job from $who with the 404 of a job that does not exist",
    async ({ role, sameTeam }) => {
      const owner = await seedCaller(api.prisma, { role: "MEMBER" });
      const relative = await seedRelative(owner, role, sameTeam);
      const job = await insertGrid(owner);

      const response = await get(api, relative, `/v2/jobs/${job.id}`);
      const missing = await get(api, relative, `/v2/jobs/${randomUUID()}`);

      expect(response.status).toBe(404);
      expect(response.body).toEqual(missing.body);
    },
  );
});

describe("GET /v2/jobs", () => {
  it("lists the caller's jobs newest first, with API.md's fields", async () => {
    const caller = await seedCaller(api.prisma);
    const jobs = await insertJobsOverTime(caller, 3);

    const response = await get(api, caller, "/v2/jobs");

    expect(response.status).toBe(200);
    expect(ids(response)).toEqual(jobs.map((job) => job.id).reverse());
    expect(response.body).toMatchObject({ nextCursor: null, hasMore: false });
    expect(Object.keys(response.body.jobs[0]).sort()).toEqual([...jobFields].sort());
  });

  it("answers 20 jobs unless told otherwise", async () => {
    const caller = await seedCaller(api.prisma);
    await insertJobsOverTime(caller, 21);

    const response = await get(api, caller, "/v2/jobs");

    expect(response.body.jobs).toHaveLength(20);
    expect(response.body).toMatchObject({ hasMore: true, nextCursor: expect.any(String) });
  });

  it.each([
    { limit: "1", length: 1 },
    { limit: "100", length: 3 },
  ])("accepts limit $limit", async ({ limit, length }) => {
    const caller = await seedCaller(api.prisma);
    await insertJobsOverTime(caller, 3);

    const response = await get(api, caller, `/v2/jobs?limit=${limit}`);

    expect(response.status).toBe(200);
    expect(response.body.jobs).toHaveLength(length);
  });

  it.each(["0", "101", "-1", "1.5", "ten", ""])(
    "rejects limit %p with 400 validation_error",
    async (limit) => {
      const caller = await seedCaller(api.prisma);

      const response = await get(api, caller, `/v2/jobs?limit=${limit}`);

      expectRefusal(response, 400, "validation_error");
      expect(response.body.details).toHaveProperty("limit");
    },
  );

  describe("with filters", () => {
    async function seedMixedJobs() {
      const caller = await seedCaller(api.prisma);
      const failedGrid = await insertGrid(caller, { status: "FAILED" });
      const completedGrid = await insertGrid(caller);
      const completedSong = await insertJob(api.prisma, caller, {
        model: "suno",
        action: "generate",
        result: sampleResult("song"),
      });
      const queuedSong = await insertJob(api.prisma, caller, {
        model: "suno",
        action: "generate",
        status: "QUEUED",
      });
      return { caller, failedGrid, completedGrid, completedSong, queuedSong };
    }

    it("lists only the jobs of the given status", async () => {
      const { caller, failedGrid } = await seedMixedJobs();

      const response = await get(api, caller, "/v2/jobs?status=FAILED");

      expect(ids(response)).toEqual([failedGrid.id]);
    });

    it("lists only the jobs of the given model", async () => {
      const { caller, completedSong, queuedSong } = await seedMixedJobs();

      const response = await get(api, caller, "/v2/jobs?model=suno");

      expect(ids(response).sort()).toEqual([completedSong.id, queuedSong.id].sort());
    });

    it("applies status and model together", async () => {
      const { caller, completedGrid } = await seedMixedJobs();

      const response = await get(api, caller, "/v2/jobs?status=COMPLETED&model=midjourney");

      expect(ids(response)).toEqual([completedGrid.id]);
    });

    it.each(["status=DONE", "status=completed", "scope=everyone", "colour=blue"])(
      "rejects %p with 400 validation_error",
      async (query) => {
        const caller = await seedCaller(api.prisma);

        const response = await get(api, caller, `/v2/jobs?${query}`);

        expectRefusal(response, 400, "validation_error");
      },
    );
  });

  describe("scope", () => {
    async function seedTeam(role: Role) {
      const caller = await seedCaller(api.prisma, { role });
      const teammate = await seedCaller(api.prisma, { teamId: caller.teamId, role: "MEMBER" });
      const outsider = await seedCaller(api.prisma, { role: "OWNER" });
      const own = await insertGrid(caller);
      const teammates = await insertGrid(teammate);
      const outsiders = await insertGrid(outsider);
      return { caller, own, teammates, outsiders };
    }

    it("is the caller's own jobs by default, even for an OWNER", async () => {
      const { caller, own } = await seedTeam("OWNER");

      const response = await get(api, caller, "/v2/jobs");

      expect(ids(response)).toEqual([own.id]);
    });

    it("refuses scope=team to a MEMBER with 403 forbidden", async () => {
      const { caller } = await seedTeam("MEMBER");

      const response = await get(api, caller, "/v2/jobs?scope=team");

      expectRefusal(response, 403, "forbidden");
    });

    it.each(["ADMIN", "OWNER"] as const)(
      "gives a team %s its teammates' jobs and no other team's",
      async (role) => {
        const { caller, own, teammates } = await seedTeam(role);

        const response = await get(api, caller, "/v2/jobs?scope=team");

        expect(ids(response).sort()).toEqual([own.id, teammates.id].sort());
      },
    );

    it("finds no job of another team by its id, even with scope=team", async () => {
      const { caller, outsiders } = await seedTeam("ADMIN");

      const response = await get(api, caller, `/v2/jobs?scope=team&search=${outsiders.id}`);

      expect(response.status).toBe(200);
      expect(response.body.jobs).toEqual([]);
    });
  });

  describe("pagination", () => {
    /** Follows nextCursor to the end; `between` runs after each page is read. */
    async function walk(caller: SeededCaller, limit: number, between = async () => {}) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 100; page += 1) {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const response = await get(api, caller, `/v2/jobs?limit=${limit}${query}`);
        expect(response.status).toBe(200);
        expect(response.body.jobs.length).toBeLessThanOrEqual(limit);
        seen.push(...ids(response));
        expect(response.body.hasMore).toBe(response.body.nextCursor !== null);
        cursor = response.body.nextCursor;
        if (cursor === null) return seen;
        await between();
      }
      throw new Error("the pages never ended");
    }

    it("gives every job exactly once, in order, when jobs share a creation time", async () => {
      const caller = await seedCaller(api.prisma);
      const jobs = await insertJobsOverTime(caller, 9);
      // 15 of the 24 jobs share one timestamp, so pages begin and end inside the tie.
      const tied = new Date(Date.now() - 30_000);
      for (const extra of await Promise.all([...Array(15)].map(() => insertGrid(caller)))) {
        jobs.push(await setCreatedAt(extra.id, tied));
      }

      const seen = await walk(caller, 4);

      expect(seen).toEqual(newestFirst(jobs));
    });

    it("neither skips nor repeats a job that existed when paging began", async () => {
      const caller = await seedCaller(api.prisma);
      const existing = await insertJobsOverTime(caller, 14);
      const inserted: string[] = [];

      const seen = await walk(caller, 4, async () => {
        for (const job of [await insertGrid(caller), await insertGrid(caller)]) {
          inserted.push(job.id);
        }
      });

      expect(inserted.length).toBeGreaterThanOrEqual(6);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => !inserted.includes(id))).toEqual(newestFirst(existing));
    });

    it.each([
      { cursor: "garbage", what: "text that is not a cursor" },
      {
        cursor: Buffer.from(JSON.stringify({ createdAt: "yesterday", id: "x" })).toString(
          "base64url",
        ),
        what: "a cursor with the wrong fields",
      },
      { cursor: Buffer.from("[1,2]").toString("base64url"), what: "base64 of other JSON" },
    ])("rejects $what with 400 validation_error", async ({ cursor }) => {
      const caller = await seedCaller(api.prisma);

      const response = await get(api, caller, `/v2/jobs?cursor=${cursor}`);

      expectRefusal(response, 400, "validation_error");
      expect(response.body.details).toHaveProperty("cursor");
    });
  });
});

describe("GET /v2/me", () => {
  it("shows the caller, their team and the key they used", async () => {
    const caller = await seedCaller(api.prisma, { role: "ADMIN", credits: 250 });
    const user = await api.prisma.user.findUniqueOrThrow({ where: { id: caller.userId } });
    const team = await api.prisma.team.findUniqueOrThrow({ where: { id: caller.teamId } });

    const response = await get(api, caller, "/v2/me");

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      user: { id: caller.userId, email: user.email, role: "ADMIN" },
      team: { id: caller.teamId, name: team.name, credits: 250, maxConcurrentJobs: 1_000 },
      apiKey: { id: caller.apiKeyId, name: "test", prefix: caller.key.slice(0, 8) },
    });
  });
});

describe("GET /v2/models", () => {
  it("lists the catalogue without an API key", async () => {
    const response = await request(api.app).get("/v2/models");

    expect(response.status).toBe(200);
    expect(response.body.models).toEqual([
      {
        id: "midjourney",
        label: "Midjourney",
        modality: "image",
        costMin: 16,
        costMax: 16,
        pricingMode: "flat",
      },
      {
        id: "suno",
        label: "Suno",
        modality: "music",
        costMin: 11,
        costMax: 11,
        pricingMode: "flat",
      },
    ]);
  });

  it("serves core's listing of the follow-up actions, which its own test checks", async () => {
    const response = await request(api.app).get("/v2/models");

    expect(response.body.actions).toEqual(modelsListing().actions);
    expect(response.body.actions).toHaveLength(9);
  });
});

describe("the API's documentation", () => {
  it("serves an OpenAPI 3.1 document of every public endpoint", async () => {
    const response = await request(api.app).get("/v2/openapi.json");

    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\.1\.\d+$/);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        "/v2/images/generate",
        "/v2/music/generate",
        "/v2/images/midjourney/action",
        "/v2/music/suno/action",
        "/v2/jobs",
        "/v2/jobs/{id}",
        "/v2/me",
        "/v2/models",
      ]),
    );
  });

  it("serves a readable HTML page of it at /docs/", async () => {
    const response = await request(api.app).get("/docs/");

    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.text).toContain("swagger-ui");
  });
});

describe("authentication", () => {
  const guarded = [
    { method: "get", path: "/v2/me" },
    { method: "get", path: "/v2/jobs" },
    { method: "get", path: `/v2/jobs/${randomUUID()}` },
    { method: "post", path: "/v2/images/generate" },
    { method: "post", path: "/v2/music/generate" },
    { method: "post", path: "/v2/images/midjourney/action" },
    { method: "post", path: "/v2/music/suno/action" },
  ] as const;

  it.each(guarded)("refuses $method $path without a key with 401", async ({ method, path }) => {
    const response = await request(api.app)[method](path);

    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: "API key is required", code: "unauthenticated" });
  });

  it.each([
    { header: "X-API-Key", value: (key: string) => `${key}x` },
    { header: "Authorization", value: (key: string) => `Bearer ${key}x` },
  ])("refuses an unknown key in $header with 401 Invalid API key", async ({ header, value }) => {
    const caller = await seedCaller(api.prisma);

    const response = await request(api.app).get("/v2/me").set(header, value(caller.key));

    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: "Invalid API key", code: "unauthenticated" });
  });

  it("refuses a deactivated key with 403, and it charges nothing", async () => {
    const caller = await seedCaller(api.prisma);
    await deactivateApiKey(api.prisma, caller.apiKeyId);

    const read = await get(api, caller, "/v2/me");
    const submitted = await post(api, caller, "/v2/music/generate", {
      prompt: "a calm piano piece",
      model: "suno",
    });

    for (const response of [read, submitted]) {
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ error: "API key is inactive", code: "forbidden" });
    }
    await expectNoCreditMoved(api.prisma, caller.teamId);
  });

  it("accepts the key as Authorization: Bearer", async () => {
    const caller = await seedCaller(api.prisma);

    const response = await request(api.app)
      .get("/v2/me")
      .set("Authorization", `Bearer ${caller.key}`);

    expect(response.status).toBe(200);
    expect(response.body.user.id).toBe(caller.userId);
  });
});

describe("an unknown route", () => {
  it.each([
    { method: "get", path: "/v2/nothing-here" },
    { method: "post", path: "/v2/images/upscale" },
    { method: "get", path: `/v2/jobs/${randomUUID()}/extra/parts` },
  ] as const)("answers $method $path with a JSON 404", async ({ method, path }) => {
    const response = await request(api.app)[method](path);

    expect(response.status).toBe(404);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.body).toEqual({ error: "Not found", code: "not_found" });
  });
});
