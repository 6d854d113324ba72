import { afterEach, describe, expect, it } from "@jest/globals";
import type { Simulator } from "../src/index.js";
import { type Http, mj, startSimulator, suno } from "./support.js";

let simulator: Simulator;
let http: Http;

function start(options: Parameters<typeof startSimulator>[0] = {}) {
  ({ simulator, http } = startSimulator(options));
}

afterEach(() => simulator.close());

describe("GET /__sim/stats", () => {
  it("counts each accepted submission once, per protocol and kind", async () => {
    start();
    const grid = await mj.finished(http, (await mj.imagine(http, "a cat")).taskId);
    await mj.press(http, grid.id, mj.button(grid, "U1"));
    await mj.press(http, grid.id, mj.button(grid, "V2"));
    const song = await suno.song(http);
    await http.post("/api/v1/vocal-removal/generate").send({
      taskId: song.taskId,
      audioId: song.tracks[0]!.id,
      callBackUrl: "http://127.0.0.1:9/x",
    });
    const { body } = await http.get("/__sim/stats");

    expect(body.submissions.mj).toMatchObject({ imagine: 1, upsample: 1, variation: 1, pan: 0 });
    expect(body.submissions.suno).toMatchObject({ generate: 1, stems: 1, extend: 0 });
    expect(body.polls.mj).toBeGreaterThanOrEqual(1);
    expect(body.polls.suno).toBeGreaterThanOrEqual(1);
  });

  it("counts refusals by reason, apart from submissions", async () => {
    start();
    await mj.imagine(http, "[sim:banned]");
    await http.post("/mj/submit/imagine").send({});
    await suno.generate(http, { callBackUrl: undefined });
    const { body } = await http.get("/__sim/stats");

    expect(body.refusals.mj).toMatchObject({ banned: 1, invalid: 1 });
    expect(body.refusals.suno).toMatchObject({ invalid: 1 });
    expect(body.submissions.mj.imagine).toBe(0);
  });
});

describe("POST /__sim/reset", () => {
  it("forgets every task and zeroes every count", async () => {
    start();
    const { taskId } = await mj.imagine(http, "a cat");
    const reset = await http.post("/__sim/reset");
    const fetched = await http.get(`/mj/task/${taskId}/fetch`);

    expect(reset.status).toBe(204);
    expect(fetched.text).toBe("");
    expect(simulator.stats().submissions.mj.imagine).toBe(0);
    expect(simulator.stats().polls.mj).toBe(1);
  });
});

describe("PUT /__sim/scenario", () => {
  it("applies knobs to every later submission until cleared or reset", async () => {
    start();
    const set = await http.put("/__sim/scenario").send({ scenario: "fail" });
    const failed = await mj.imagine(http, "a cat");
    const shown = await http.get("/__sim/scenario");
    await http.put("/__sim/scenario").send({ scenario: "" });
    const fine = await mj.imagine(http, "a cat");

    expect(set.body).toEqual({ scenario: "fail" });
    expect(shown.body).toEqual({ scenario: "fail" });
    expect((await mj.fetch(http, failed.taskId)).status).toBe("FAILURE");
    expect((await mj.fetch(http, fine.taskId)).status).toBe("SUCCESS");

    await http.put("/__sim/scenario").send({ scenario: "reject" });
    await http.post("/__sim/reset");
    expect((await mj.imagine(http, "a cat")).res.body.code).toBe(1);
  });

  it("reaches follow-ups whose requests carry no prompt", async () => {
    start();
    const grid = await mj.finished(http, (await mj.imagine(http, "a cat")).taskId);
    await http.put("/__sim/scenario").send({ scenario: "fail" });
    const upsample = await mj.fetch(
      http,
      (await mj.press(http, grid.id, mj.button(grid, "U3"))).taskId,
    );

    expect(upsample.status).toBe("FAILURE");
  });

  it("refuses an unknown knob with 400 and keeps the current scenario", async () => {
    start();
    await http.put("/__sim/scenario").send({ scenario: "hang" });
    const res = await http.put("/__sim/scenario").send({ scenario: "hang,explode" });

    expect(res.status).toBe(400);
    expect(res.body.error).toContain("explode");
    expect((await http.get("/__sim/scenario")).body).toEqual({ scenario: "hang" });
  });
});

describe("GET /__sim/health", () => {
  it("answers ok", async () => {
    start();
    expect((await http.get("/__sim/health")).body).toEqual({ ok: true });
  });
});
