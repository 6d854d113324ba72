import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { ResultKind } from "@reprise/core";
import { findUnbalancedTeams, type Job, type JobStatus, type Role } from "@reprise/db";
import {
  insertJob,
  type JobFixture,
  type SeededCaller,
  sampleResult,
  seedCaller,
} from "@reprise/testing";
import type { Response } from "supertest";
import { expectChargedOnce, expectNoCreditMoved, expectRefusal } from "./credit-checks.js";
import { get, post, startTestApi, type TestApi } from "./harness.js";
import { whitePng } from "./samples.js";

// The expectations below are API.md written out by hand, not read from @reprise/core, so a
// wrong entry in the catalogue fails here instead of being copied into the oracle.

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi("follow-ups");
});

afterAll(async () => {
  expect(await findUnbalancedTeams(api.prisma)).toEqual([]);
  await api.close();
});

const midjourneyEndpoint = "/v2/images/midjourney/action";
const sunoEndpoint = "/v2/music/suno/action";

/** A real 1×1 GIF: valid base64, but not a PNG. */
const gif = "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==";

interface ParentKind {
  name: string;
  model: "midjourney" | "suno";
  action: string;
  kind: ResultKind;
}

function parentKind(name: string, model: ParentKind["model"], action: string, kind: ResultKind) {
  return { name, model, action, kind } satisfies ParentKind;
}

/** Every job that can be named as a parent, with what its result is (API.md's "Result"). */
const parents = {
  imageGeneration: parentKind("a Midjourney generation", "midjourney", "generate", "grid"),
  variation: parentKind("a variation", "midjourney", "variation", "grid"),
  upsample: parentKind("an upsample", "midjourney", "upsample", "image"),
  inpaint: parentKind("an inpaint", "midjourney", "inpaint", "edited_grid"),
  outpaint: parentKind("an outpaint", "midjourney", "outpaint", "edited_grid"),
  pan: parentKind("a pan", "midjourney", "pan", "edited_grid"),
  musicGeneration: parentKind("a Suno generation", "suno", "generate", "song"),
  extend: parentKind("an extend", "suno", "extend", "song"),
  cover: parentKind("a cover", "suno", "cover", "song"),
  addVocals: parentKind("an add_vocals", "suno", "add_vocals", "song"),
  stems: parentKind("a stems job", "suno", "stems", "stems"),
} satisfies Record<string, ParentKind>;

interface FollowUp {
  action: string;
  model: "midjourney" | "suno";
  endpoint: string;
  actsOn: ResultKind;
  cost: number;
  /** A valid body's fields besides `parentJobId` and `action`. */
  fields: Record<string, unknown>;
}

/** API.md's table of follow-up actions: what each acts on, costs and needs. */
const followUps = {
  upsample: {
    action: "upsample",
    model: "midjourney",
    endpoint: midjourneyEndpoint,
    actsOn: "grid",
    cost: 4,
    fields: { index: 2 },
  },
  variation: {
    action: "variation",
    model: "midjourney",
    endpoint: midjourneyEndpoint,
    actsOn: "grid",
    cost: 16,
    fields: { index: 4 },
  },
  inpaint: {
    action: "inpaint",
    model: "midjourney",
    endpoint: midjourneyEndpoint,
    actsOn: "image",
    cost: 16,
    fields: { mask: whitePng, prompt: "a red door" },
  },
  outpaint: {
    action: "outpaint",
    model: "midjourney",
    endpoint: midjourneyEndpoint,
    actsOn: "image",
    cost: 16,
    fields: { zoomRatio: 1.5 },
  },
  pan: {
    action: "pan",
    model: "midjourney",
    endpoint: midjourneyEndpoint,
    actsOn: "image",
    cost: 16,
    fields: { direction: "up" },
  },
  extend: {
    action: "extend",
    model: "suno",
    endpoint: sunoEndpoint,
    actsOn: "song",
    cost: 11,
    fields: { index: 1, continueAt: 30 },
  },
  cover: {
    action: "cover",
    model: "suno",
    endpoint: sunoEndpoint,
    actsOn: "song",
    cost: 11,
    fields: { index: 2, audio_weight: 0.5 },
  },
  addVocals: {
    action: "add_vocals",
    model: "suno",
    endpoint: sunoEndpoint,
    actsOn: "song",
    cost: 11,
    fields: { trackId: "track-a", prompt: "la la la" },
  },
  stems: {
    action: "stems",
    model: "suno",
    endpoint: sunoEndpoint,
    actsOn: "song",
    cost: 11,
    fields: { trackId: "track-b" },
  },
} as const satisfies Record<string, FollowUp>;

const sunoFollowUps: FollowUp[] = [
  followUps.extend,
  followUps.cover,
  followUps.addVocals,
  followUps.stems,
];

type Verdict = { status: 202 } | { status: 400 | 409; code: string };

/** API.md's checks, in its order, for a visible COMPLETED parent that supports follow-ups. */
function verdictOn(followUp: FollowUp, parent: ParentKind): Verdict {
  if (parent.kind === "stems") return { status: 409, code: "parent_not_actionable" };
  if (parent.kind !== followUp.actsOn) return { status: 400, code: "parent_kind_mismatch" };
  return { status: 202 };
}

function describeVerdict(verdict: Verdict, cost: number): string {
  if (verdict.status === 202) return `accepts it with 202 and charges ${cost} credits`;
  return `rejects it with ${verdict.status} ${verdict.code} before any credit moves`;
}

/** A parent owned by `owner`: COMPLETED with a sample result unless `fixture` says otherwise. */
function insertParent(owner: SeededCaller, parent: ParentKind, fixture: Partial<JobFixture> = {}) {
  const completed = (fixture.status ?? "COMPLETED") === "COMPLETED";
  return insertJob(api.prisma, owner, {
    model: parent.model,
    action: parent.action,
    ...(completed && { result: sampleResult(parent.kind) }),
    ...fixture,
  });
}

function act(caller: SeededCaller, followUp: FollowUp, parentJobId: string, fields: object) {
  return post(api, caller, followUp.endpoint, { parentJobId, action: followUp.action, ...fields });
}

/** The fields of `followUp` with its track choice replaced by `choice`. */
function withTrack(followUp: FollowUp, choice: object) {
  const { index: _index, trackId: _trackId, ...rest } = followUp.fields;
  return { ...rest, ...choice };
}

async function expectAccepted(
  response: Response,
  caller: SeededCaller,
  followUp: FollowUp,
  parentJobId: string,
): Promise<Job> {
  expect({ status: response.status, body: response.body }).toEqual({
    status: 202,
    body: { jobId: expect.any(String), status: "QUEUED" },
  });
  const job = await api.prisma.job.findUniqueOrThrow({ where: { id: response.body.jobId } });
  expect(job).toMatchObject({
    userId: caller.userId,
    teamId: caller.teamId,
    model: followUp.model,
    action: followUp.action,
    parentJobId,
    status: "QUEUED",
    creditCost: followUp.cost,
  });
  await expectChargedOnce(api.prisma, caller.teamId, job.id, followUp.cost);
  return job;
}

/** Refused with this status and code, and nothing was charged or recorded for the team. */
async function expectRefused(response: Response, teamId: string, status: number, code: string) {
  expectRefusal(response, status, code);
  await expectNoCreditMoved(api.prisma, teamId);
  const recorded = await api.prisma.job.count({ where: { teamId, parentJobId: { not: null } } });
  expect(recorded).toBe(0);
}

describe.each(Object.values(followUps))("$action", (followUp) => {
  describe.each(Object.values(parents))("when the parent is $name", (parent) => {
    const verdict = verdictOn(followUp, parent);

    it(describeVerdict(verdict, followUp.cost), async () => {
      const caller = await seedCaller(api.prisma);
      const { id } = await insertParent(caller, parent);

      const response = await act(caller, followUp, id, followUp.fields);

      if (verdict.status === 202) await expectAccepted(response, caller, followUp, id);
      else await expectRefused(response, caller.teamId, verdict.status, verdict.code);
    });
  });
});

describe("when the parent is not COMPLETED", () => {
  const statuses: JobStatus[] = ["QUEUED", "PROCESSING", "FAILED"];
  const pairs = [
    { followUp: followUps.upsample, parent: parents.imageGeneration },
    { followUp: followUps.pan, parent: parents.upsample },
    { followUp: followUps.stems, parent: parents.musicGeneration },
  ];
  const cases = statuses.flatMap((status) => pairs.map((pair) => ({ ...pair, status })));

  it.each(cases)(
    "rejects $followUp.action on $parent.name that is $status with 409 parent_not_completed",
    async ({ followUp, parent, status }) => {
      const caller = await seedCaller(api.prisma);
      const { id } = await insertParent(caller, parent, { status });

      const response = await act(caller, followUp, id, followUp.fields);

      await expectRefused(response, caller.teamId, 409, "parent_not_completed");
    },
  );
});

describe("when the parent predates follow-up actions", () => {
  it.each([
    { followUp: followUps.upsample, parent: parents.imageGeneration },
    { followUp: followUps.outpaint, parent: parents.upsample },
    { followUp: followUps.extend, parent: parents.musicGeneration },
  ])("rejects $followUp.action with 409 parent_not_actionable", async ({ followUp, parent }) => {
    const caller = await seedCaller(api.prisma);
    const { id } = await insertParent(caller, parent, { supportsActions: false });

    const response = await act(caller, followUp, id, followUp.fields);

    await expectRefused(response, caller.teamId, 409, "parent_not_actionable");
  });
});

describe("when the parent does not exist", () => {
  it.each(Object.values(followUps))("rejects $action with 404 job_not_found", async (followUp) => {
    const caller = await seedCaller(api.prisma);

    const response = await act(caller, followUp, randomUUID(), followUp.fields);

    await expectRefused(response, caller.teamId, 404, "job_not_found");
    expect(response.body).toEqual({ error: "Job not found", code: "job_not_found" });
  });
});

describe("when the parentJobId is written in upper case", () => {
  it.each(Object.values(followUps))("accepts $action on that parent", async (followUp) => {
    const caller = await seedCaller(api.prisma);
    const parent = Object.values(parents).find((p) => p.kind === followUp.actsOn) as ParentKind;
    const { id } = await insertParent(caller, parent);

    const response = await act(caller, followUp, id.toUpperCase(), followUp.fields);

    await expectAccepted(response, caller, followUp, id);
  });
});

describe("the order of the checks", () => {
  const cases = [
    {
      when: "the body is invalid and the parent does not exist",
      followUp: followUps.upsample,
      parent: null,
      fields: { index: 5 },
      expected: [400, "validation_error"],
    },
    {
      when: "a legacy parent is also PROCESSING",
      followUp: followUps.upsample,
      parent: { of: parents.imageGeneration, status: "PROCESSING", supportsActions: false },
      expected: [409, "parent_not_completed"],
    },
    {
      when: "a stems parent has FAILED",
      followUp: followUps.stems,
      parent: { of: parents.stems, status: "FAILED" },
      expected: [409, "parent_not_completed"],
    },
    {
      when: "a legacy parent is also the wrong kind",
      followUp: followUps.upsample,
      parent: { of: parents.musicGeneration, supportsActions: false },
      expected: [409, "parent_not_actionable"],
    },
    {
      when: "a stems parent is sent to the Midjourney endpoint",
      followUp: followUps.variation,
      parent: { of: parents.stems },
      expected: [409, "parent_not_actionable"],
    },
    {
      when: "a legacy song is asked to continue past its end",
      followUp: followUps.extend,
      parent: { of: parents.musicGeneration, supportsActions: false },
      fields: { index: 1, continueAt: 999 },
      expected: [409, "parent_not_actionable"],
    },
    {
      when: "a PROCESSING song is asked for a track it lacks",
      followUp: followUps.cover,
      parent: { of: parents.cover, status: "PROCESSING" },
      fields: { trackId: "track-z" },
      expected: [409, "parent_not_completed"],
    },
    {
      when: "a parent of the wrong kind is asked for a track it lacks",
      followUp: followUps.extend,
      parent: { of: parents.variation },
      fields: { trackId: "track-z", continueAt: 999 },
      expected: [400, "parent_kind_mismatch"],
    },
    {
      when: "a song is asked for a track it lacks, past any track's end",
      followUp: followUps.extend,
      parent: { of: parents.extend },
      fields: { trackId: "track-z", continueAt: 999 },
      expected: [400, "validation_error"],
    },
  ] as const;

  it.each(cases)("answers $expected.0 $expected.1 when $when", async (testCase) => {
    const caller = await seedCaller(api.prisma);
    const { followUp, parent } = testCase;
    let parentJobId: string = randomUUID();
    if (parent !== null) {
      const { of, ...fixture } = parent;
      parentJobId = (await insertParent(caller, of, fixture)).id;
    }
    const fields = "fields" in testCase ? testCase.fields : followUp.fields;

    const response = await act(caller, followUp, parentJobId, fields);

    const [status, code] = testCase.expected;
    await expectRefused(response, caller.teamId, status, code);
  });
});

describe("who may act on a parent", () => {
  const actors: { who: string; role: Role; sameTeam: boolean; sees: boolean }[] = [
    { who: "a teammate who is a MEMBER", role: "MEMBER", sameTeam: true, sees: false },
    { who: "a teammate who is an ADMIN", role: "ADMIN", sameTeam: true, sees: true },
    { who: "a teammate who is the OWNER", role: "OWNER", sameTeam: true, sees: true },
    { who: "another team's ADMIN", role: "ADMIN", sameTeam: false, sees: false },
    { who: "another team's OWNER", role: "OWNER", sameTeam: false, sees: false },
  ];

  describe.each([
    { followUp: followUps.upsample, parent: parents.imageGeneration },
    { followUp: followUps.stems, parent: parents.musicGeneration },
  ])("$followUp.action on $parent.name owned by a MEMBER", ({ followUp, parent }) => {
    it("is accepted from the MEMBER who owns it", async () => {
      const owner = await seedCaller(api.prisma, { role: "MEMBER" });
      const { id } = await insertParent(owner, parent);

      const response = await act(owner, followUp, id, followUp.fields);

      await expectAccepted(response, owner, followUp, id);
    });

    it.each(actors.filter((actor) => actor.sees))(
      "is accepted from $who and charged to the team",
      async ({ role }) => {
        const owner = await seedCaller(api.prisma, { role: "MEMBER" });
        const teammate = await seedCaller(api.prisma, { teamId: owner.teamId, role });
        const { id } = await insertParent(owner, parent);

        const response = await act(teammate, followUp, id, followUp.fields);

        await expectAccepted(response, teammate, followUp, id);
      },
    );

    it.each(actors.filter((actor) => !actor.sees))(
      "is 404 to $who, the same answer as for a job that does not exist",
      async ({ role, sameTeam }) => {
        const owner = await seedCaller(api.prisma, { role: "MEMBER" });
        const actor = await seedCaller(api.prisma, {
          role,
          ...(sameTeam && { teamId: owner.teamId }),
        });
        const { id } = await insertParent(owner, parent);

        const response = await act(actor, followUp, id, followUp.fields);
        const missing = await act(actor, followUp, randomUUID(), followUp.fields);

        await expectRefused(response, owner.teamId, 404, "job_not_found");
        expect(response.body).toEqual(missing.body);
        await expectNoCreditMoved(api.prisma, actor.teamId);
      },
    );

    it("is 404, not 409, to a MEMBER teammate when the parent is PROCESSING", async () => {
      const owner = await seedCaller(api.prisma, { role: "MEMBER" });
      const teammate = await seedCaller(api.prisma, { teamId: owner.teamId, role: "MEMBER" });
      const { id } = await insertParent(owner, parent, { status: "PROCESSING" });

      const response = await act(teammate, followUp, id, followUp.fields);

      await expectRefused(response, owner.teamId, 404, "job_not_found");
    });
  });
});

describe("choosing the track of a Suno parent", () => {
  const choices = [
    { choice: "index 1", fields: { index: 1 } },
    { choice: "index 2", fields: { index: 2 } },
    { choice: "the first track's id", fields: { trackId: "track-a" } },
    { choice: "the second track's id", fields: { trackId: "track-b" } },
  ];
  const badChoices = [
    { choice: "a trackId the parent does not have", fields: { trackId: "track-z" } },
    { choice: "the id of a stem", fields: { trackId: "vocals" } },
    { choice: "both index and trackId", fields: { index: 1, trackId: "track-a" } },
    { choice: "neither index nor trackId", fields: {} },
    { choice: "index 3", fields: { index: 3 } },
    { choice: "index 0", fields: { index: 0 } },
  ];

  describe.each(sunoFollowUps)("$action", (followUp) => {
    it.each(choices)("accepts $choice", async ({ fields }) => {
      const caller = await seedCaller(api.prisma);
      const { id } = await insertParent(caller, parents.musicGeneration);

      const response = await act(caller, followUp, id, withTrack(followUp, fields));

      await expectAccepted(response, caller, followUp, id);
    });

    it.each(badChoices)("rejects $choice with 400 validation_error", async ({ fields }) => {
      const caller = await seedCaller(api.prisma);
      const { id } = await insertParent(caller, parents.musicGeneration);

      const response = await act(caller, followUp, id, withTrack(followUp, fields));

      await expectRefused(response, caller.teamId, 400, "validation_error");
    });

    it("names trackId in the details of an unknown track", async () => {
      const caller = await seedCaller(api.prisma);
      const { id } = await insertParent(caller, parents.musicGeneration);

      const response = await act(caller, followUp, id, withTrack(followUp, { trackId: "nope" }));

      expect(response.body.details).toEqual({ trackId: [expect.any(String)] });
    });
  });
});

describe("extend", () => {
  /** A song whose first track lasts 180 seconds and whose second lasts 120. */
  function songOfTwoLengths() {
    const long = sampleResult("song", 180) as { tracks: object[] };
    const short = sampleResult("song", 120) as { tracks: object[] };
    return { tracks: [long.tracks[0], short.tracks[1]] };
  }

  it.each([
    { at: 60, track: { index: 2 } },
    { at: 119.5, track: { trackId: "track-b" } },
    { at: 150, track: { index: 1 } },
    { at: 179.9, track: { trackId: "track-a" } },
  ])("accepts continueAt $at, below the end of the track $track", async ({ at, track }) => {
    const caller = await seedCaller(api.prisma);
    const { id } = await insertParent(caller, parents.musicGeneration, {
      result: songOfTwoLengths(),
    });

    const response = await act(caller, followUps.extend, id, { ...track, continueAt: at });

    await expectAccepted(response, caller, followUps.extend, id);
  });

  it.each([
    { at: 120, track: { index: 2 }, where: "at the track's end" },
    { at: 150, track: { trackId: "track-b" }, where: "past the chosen track's end" },
    { at: 180, track: { trackId: "track-a" }, where: "at the track's end" },
    { at: 240, track: { index: 1 }, where: "past the track's end" },
  ])("rejects continueAt $at $where with 409 continue_at_out_of_range", async ({ at, track }) => {
    const caller = await seedCaller(api.prisma);
    const { id } = await insertParent(caller, parents.musicGeneration, {
      result: songOfTwoLengths(),
    });

    const response = await act(caller, followUps.extend, id, { ...track, continueAt: at });

    await expectRefused(response, caller.teamId, 409, "continue_at_out_of_range");
  });

  it.each([0, -5, "60"])("rejects continueAt %p with 400 validation_error", async (at) => {
    const caller = await seedCaller(api.prisma);
    const { id } = await insertParent(caller, parents.musicGeneration);

    const response = await act(caller, followUps.extend, id, { index: 1, continueAt: at });

    await expectRefused(response, caller.teamId, 400, "validation_error");
    expect(response.body.details).toHaveProperty("continueAt");
  });
});

describe("add_vocals", () => {
  it.each([
    { without: "without a prompt", fields: { index: 1 } },
    { without: "with an empty prompt", fields: { index: 1, prompt: "" } },
  ])("rejects a request $without with 400 validation_error", async ({ fields }) => {
    const caller = await seedCaller(api.prisma);
    const { id } = await insertParent(caller, parents.musicGeneration);

    const response = await act(caller, followUps.addVocals, id, fields);

    await expectRefused(response, caller.teamId, 400, "validation_error");
    expect(response.body.details).toHaveProperty("prompt");
  });
});

describe("inpaint", () => {
  it.each([
    { form: "bare base64", mask: whitePng },
    { form: "a data URL", mask: `data:image/png;base64,${whitePng}` },
  ])("accepts a PNG mask as $form, keeps its bytes and never echoes it", async ({ mask }) => {
    const caller = await seedCaller(api.prisma);
    const { id } = await insertParent(caller, parents.upsample);

    const response = await act(caller, followUps.inpaint, id, { mask, prompt: "a red door" });

    const job = await expectAccepted(response, caller, followUps.inpaint, id);
    const stored = await api.prisma.jobMask.findUniqueOrThrow({ where: { jobId: job.id } });
    expect(Buffer.from(stored.mask).toString("base64")).toBe(whitePng);
    const read = await get(api, caller, `/v2/jobs/${job.id}`);
    expect(read.status).toBe(200);
    expect(read.body.input).toEqual({ parentJobId: id, action: "inpaint", prompt: "a red door" });
    expect(JSON.stringify(read.body)).not.toContain(whitePng.slice(0, 40));
  });

  it.each([
    { mask: "a GIF", fields: { mask: gif } },
    { mask: "a GIF as a data URL", fields: { mask: `data:image/gif;base64,${gif}` } },
    { mask: "text that is not base64", fields: { mask: "not a mask!" } },
    { mask: "PNG base64 cut short of its padding", fields: { mask: whitePng.slice(0, -1) } },
    { mask: "an empty string", fields: { mask: "" } },
    { mask: "no mask at all", fields: { prompt: "a red door" } },
  ])("rejects $mask with 400 validation_error and keeps nothing", async ({ fields }) => {
    const caller = await seedCaller(api.prisma);
    const { id } = await insertParent(caller, parents.upsample);

    const response = await act(caller, followUps.inpaint, id, fields);

    await expectRefused(response, caller.teamId, 400, "validation_error");
    expect(response.body.details).toHaveProperty("mask");
  });
});

describe("outpaint", () => {
  it.each([1.5, 2])("accepts zoomRatio %p", async (zoomRatio) => {
    const caller = await seedCaller(api.prisma);
    const { id } = await insertParent(caller, parents.upsample);

    const response = await act(caller, followUps.outpaint, id, { zoomRatio });

    await expectAccepted(response, caller, followUps.outpaint, id);
  });

  it.each([1.75, 1, 3, "2"])(
    "rejects zoomRatio %p with 400 validation_error",
    async (zoomRatio) => {
      const caller = await seedCaller(api.prisma);
      const { id } = await insertParent(caller, parents.upsample);

      const response = await act(caller, followUps.outpaint, id, { zoomRatio });

      await expectRefused(response, caller.teamId, 400, "validation_error");
      expect(response.body.details).toHaveProperty("zoomRatio");
    },
  );
});

describe("pan", () => {
  it.each(["up", "down", "left", "right"])("accepts direction %p", async (direction) => {
    const caller = await seedCaller(api.prisma);
    const { id } = await insertParent(caller, parents.upsample);

    const response = await act(caller, followUps.pan, id, { direction });

    await expectAccepted(response, caller, followUps.pan, id);
  });

  it.each(["diagonal", "UP", ""])(
    "rejects direction %p with 400 validation_error",
    async (direction) => {
      const caller = await seedCaller(api.prisma);
      const { id } = await insertParent(caller, parents.upsample);

      const response = await act(caller, followUps.pan, id, { direction });

      await expectRefused(response, caller.teamId, 400, "validation_error");
      expect(response.body.details).toHaveProperty("direction");
    },
  );
});

describe.each([followUps.upsample, followUps.variation])("$action", (followUp) => {
  it.each([1, 4])("accepts index %p", async (index) => {
    const caller = await seedCaller(api.prisma);
    const { id } = await insertParent(caller, parents.imageGeneration);

    const response = await act(caller, followUp, id, { index });

    await expectAccepted(response, caller, followUp, id);
  });

  it.each([0, 5, 2.5, "1"])("rejects index %p with 400 validation_error", async (index) => {
    const caller = await seedCaller(api.prisma);
    const { id } = await insertParent(caller, parents.imageGeneration);

    const response = await act(caller, followUp, id, { index });

    await expectRefused(response, caller.teamId, 400, "validation_error");
    expect(response.body.details).toHaveProperty("index");
  });
});

describe("the body of a follow-up", () => {
  it.each([
    {
      when: "it has a field the action does not know",
      followUp: followUps.upsample,
      fields: { index: 1, seed: 42 },
    },
    {
      when: "a Suno action is sent to the Midjourney endpoint",
      followUp: { ...followUps.stems, endpoint: midjourneyEndpoint },
      fields: followUps.stems.fields,
    },
    {
      when: "a Midjourney action is sent to the Suno endpoint",
      followUp: { ...followUps.upsample, endpoint: sunoEndpoint },
      fields: followUps.upsample.fields,
    },
  ])("is rejected with 400 validation_error when $when", async ({ followUp, fields }) => {
    const caller = await seedCaller(api.prisma);
    const parent = followUp.model === "suno" ? parents.musicGeneration : parents.imageGeneration;
    const { id } = await insertParent(caller, parent);

    const response = await act(caller, followUp, id, fields);

    await expectRefused(response, caller.teamId, 400, "validation_error");
  });

  it.each(["not-a-uuid", "", 42])(
    "rejects parentJobId %p with 400 validation_error",
    async (parentJobId) => {
      const caller = await seedCaller(api.prisma);

      const response = await post(api, caller, midjourneyEndpoint, {
        parentJobId,
        action: "upsample",
        index: 1,
      });

      await expectRefused(response, caller.teamId, 400, "validation_error");
      expect(response.body.details).toHaveProperty("parentJobId");
    },
  );
});
