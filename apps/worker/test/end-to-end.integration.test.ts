import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { findUnbalancedTeams } from "@reprise/db";
import { type SeededCaller, seedCaller } from "@reprise/testing";
import { type Stack, startStack, submit, waitForJob } from "./stack.js";

// Every generation and every follow-up action, through the real HTTP API, a real worker and
// the simulator speaking both upstream protocols.

let stack: Stack;
let caller: SeededCaller;

/** A 1×1 white PNG: the smallest mask that is a real PNG. */
const MASK =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAW9XtXwAAAABJRU5ErkJggg==";

beforeAll(async () => {
  stack = await startStack("end-to-end");
  caller = await seedCaller(stack.prisma, { credits: 1_000 });
});

afterAll(async () => {
  expect(await findUnbalancedTeams(stack.prisma)).toEqual([]);
  await stack.close();
});

async function run(path: string, body: object) {
  const accepted = await submit(stack, caller, path, body);
  expect(accepted.status).toBe(202);
  return waitForJob(stack, caller, accepted.body.jobId);
}

const image = (prompt: string) => run("/v2/images/generate", { prompt, model: "midjourney" });
const mjAction = (parentJobId: string, fields: object) =>
  run("/v2/images/midjourney/action", { parentJobId, ...fields });
const song = (prompt: string) => run("/v2/music/generate", { prompt, model: "suno" });
const sunoAction = (parentJobId: string, fields: object) =>
  run("/v2/music/suno/action", { parentJobId, ...fields });

function expectGrid(job: { status: string; result: { images: string[]; gridUrl: string } }) {
  expect(job.status).toBe("COMPLETED");
  expect(job.result.images).toHaveLength(4);
  expect(job.result.gridUrl).toMatch(/^http/);
}

describe("Midjourney", () => {
  it("generates a grid whose images are real PNGs", async () => {
    const job = await image("a lighthouse at dusk");

    expectGrid(job);
    expect(job).toMatchObject({ progress: 100, creditCost: 16, error: null });
    const png = await fetch(job.result.images[0]);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
  });

  it("runs generate → upsample → pan", async () => {
    const grid = await image("a mountain lake");
    const upsample = await mjAction(grid.id, { action: "upsample", index: 2 });
    const pan = await mjAction(upsample.id, { action: "pan", direction: "left" });

    expect(upsample).toMatchObject({ status: "COMPLETED", parentJobId: grid.id, creditCost: 4 });
    expect(upsample.result.images).toHaveLength(1);
    expectGrid(pan);
  });

  it("runs generate → variation → upsample → outpaint", async () => {
    const grid = await image("a city in fog");
    const variation = await mjAction(grid.id, { action: "variation", index: 3 });
    const upsample = await mjAction(variation.id, { action: "upsample", index: 1 });
    const outpaint = await mjAction(upsample.id, { action: "outpaint", zoomRatio: 1.5 });

    expectGrid(variation);
    expectGrid(outpaint);
  });

  it("inpaints an upsample with a mask, which the job never shows", async () => {
    const grid = await image("a cat on a sofa");
    const upsample = await mjAction(grid.id, { action: "upsample", index: 4 });
    const inpaint = await mjAction(upsample.id, {
      action: "inpaint",
      mask: `data:image/png;base64,${MASK}`,
      prompt: "a dog",
    });

    expectGrid(inpaint);
    expect(JSON.stringify(inpaint.input)).not.toContain(MASK);
    expect(await stack.prisma.jobMask.count({ where: { jobId: inpaint.id } })).toBe(0);
  });
});

describe("Suno", () => {
  it("runs song → extend → stems, and refuses an action on the stems", async () => {
    const first = await song("a sea shanty");
    const [track] = first.result.tracks;
    const extended = await sunoAction(first.id, {
      action: "extend",
      trackId: track.id,
      continueAt: Math.floor(track.duration / 2),
    });
    const stems = await sunoAction(extended.id, { action: "stems", index: 2 });
    const refused = await submit(stack, caller, "/v2/music/suno/action", {
      parentJobId: stems.id,
      action: "extend",
      index: 1,
    });

    expect(first.result.tracks).toHaveLength(2);
    expect(extended.status).toBe("COMPLETED");
    expect(stems.result.tracks.map((t: { id: string }) => t.id)).toEqual([
      "vocals",
      "instrumental",
    ]);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("parent_not_actionable");
  });

  it("covers a track and adds vocals to one", async () => {
    const first = await song("an instrumental groove");
    const cover = await sunoAction(first.id, { action: "cover", index: 1, style: "acoustic" });
    const vocals = await sunoAction(first.id, {
      action: "add_vocals",
      index: 2,
      prompt: "[Verse]\nla la la",
    });

    expect(cover.result.tracks).toHaveLength(2);
    expect(vocals.result.tracks).toHaveLength(2);
  });

  it("serves the tracks as audio whose length is the reported duration", async () => {
    const job = await song("a lullaby");
    const [track] = job.result.tracks;

    const wav = Buffer.from(await (await fetch(track.audioUrl)).arrayBuffer());
    const byteRate = wav.readUInt32LE(28);
    const dataBytes = wav.length - 44;
    expect(dataBytes / byteRate).toBeCloseTo(track.duration, 1);
  });
});

describe("when the upstream refuses the prompt", () => {
  it("fails the job with a reason and refunds it in full", async () => {
    const before = await stack.prisma.team.findUniqueOrThrow({ where: { id: caller.teamId } });

    const job = await image("a forbidden thing [sim:banned]");

    expect(job).toMatchObject({ status: "FAILED", creditCost: 0 });
    expect(job.error).toEqual(expect.any(String));
    const after = await stack.prisma.team.findUniqueOrThrow({ where: { id: caller.teamId } });
    expect(after.credits).toBe(before.credits);
  });
});
