import { afterEach, describe, expect, it } from "@jest/globals";
import { createSimulator, SCENARIO_HEADER, type Simulator } from "../src/index.js";
import { CALLBACK, type Http, mj, startSimulator, suno } from "./support.js";

let simulator: Simulator;
let http: Http;

function start(options: Parameters<typeof startSimulator>[0] = {}) {
  ({ simulator, http } = startSimulator(options));
}

afterEach(() => simulator.close());

/** A finished song and the body of a stems request for its first track. */
async function stemsRequest() {
  const song = await suno.song(http);
  return { taskId: song.taskId, audioId: song.tracks[0]!.id, callBackUrl: CALLBACK };
}

describe("latency", () => {
  it("takes a per-request latency from a prompt marker over the start default", async () => {
    start({ stepLatencyMs: 60_000 });
    const slow = await mj.imagine(http, "slow");
    const fast = await mj.imagine(http, "fast [sim:latency=0]");

    expect((await mj.fetch(http, slow.taskId)).status).toBe("NOT_START");
    expect((await mj.fetch(http, fast.taskId)).status).toBe("SUCCESS");
  });

  it("takes it from the x-sim-scenario header too", async () => {
    start({ stepLatencyMs: 60_000 });
    const res = await http
      .post("/api/v1/generate")
      .set(SCENARIO_HEADER, "latency=0")
      .send(suno.generateBody());

    expect((await suno.record(http, res.body.data.taskId)).data.status).toBe("SUCCESS");
  });
});

describe("fail", () => {
  it("ends a Midjourney task in FAILURE with a reason", async () => {
    start();
    const task = await mj.fetch(http, (await mj.imagine(http, "a cat [sim:fail]")).taskId);

    expect(task).toMatchObject({ status: "FAILURE", imageUrl: null, buttons: [] });
    expect(task.failReason).toEqual(expect.any(String));
    expect(task.finishTime).toEqual(expect.any(Number));
  });

  it("ends a Suno song in GENERATE_AUDIO_FAILED with error code 501", async () => {
    start();
    const { taskId } = await suno.generate(http, { prompt: "[sim:fail] a song" });
    const { data } = await suno.record(http, taskId);

    expect(data).toMatchObject({ status: "GENERATE_AUDIO_FAILED", errorCode: 501 });
    expect(data.response.sunoData).toEqual([]);
  });

  it("ends stems in GENERATE_AUDIO_FAILED when the header asks", async () => {
    start();
    const res = await http
      .post("/api/v1/vocal-removal/generate")
      .set(SCENARIO_HEADER, "fail")
      .send(await stemsRequest());
    const record = await http
      .get("/api/v1/vocal-removal/record-info")
      .query({ taskId: res.body.data.taskId });

    expect(record.body.data).toMatchObject({ successFlag: "GENERATE_AUDIO_FAILED" });
  });

  it("fails the share of tasks the failure rate draws", async () => {
    const draws = [0.1, 0.9, 0.2, 0.7];
    start({ failureRate: 0.5, random: () => draws.shift() ?? 0.99 });
    const statuses: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const { taskId } = await mj.imagine(http, `cat ${index}`);
      statuses.push((await mj.fetch(http, taskId)).status);
    }

    expect(statuses).toEqual(["FAILURE", "SUCCESS", "FAILURE", "SUCCESS"]);
  });
});

describe("hang", () => {
  it("keeps a Midjourney task IN_PROGRESS at 75% forever", async () => {
    start();
    const { taskId } = await mj.imagine(http, "[sim:hang] a cat");

    expect(await mj.fetch(http, taskId)).toMatchObject({ status: "IN_PROGRESS", progress: "75%" });
  });

  it("keeps a Suno song at TEXT_SUCCESS and stems at PENDING", async () => {
    start();
    const song = await suno.generate(http, { prompt: "[sim:hang] a song" });
    const stems = await http
      .post("/api/v1/vocal-removal/generate")
      .set(SCENARIO_HEADER, "hang")
      .send(await stemsRequest());
    const stemsRecord = await http
      .get("/api/v1/vocal-removal/record-info")
      .query({ taskId: stems.body.data.taskId });

    expect((await suno.record(http, song.taskId)).data.status).toBe("TEXT_SUCCESS");
    expect(stemsRecord.body.data.successFlag).toBe("PENDING");
  });
});

describe("hang-request", () => {
  it("never answers the submission and creates no task", async () => {
    start();
    const attempt = http
      .post("/mj/submit/imagine")
      .timeout(300)
      .send({ prompt: "[sim:hang-request]" });

    await expect(attempt).rejects.toThrow(/Timeout/);
    expect(simulator.stats().refusals.mj.hung).toBe(1);
    expect(simulator.stats().submissions.mj.imagine).toBe(0);
  });

  it("never answers a poll that carries it in the header", async () => {
    start();
    const { taskId } = await suno.generate(http);
    const attempt = http
      .get("/api/v1/generate/record-info")
      .set(SCENARIO_HEADER, "hang-request")
      .query({ taskId })
      .timeout(300);

    await expect(attempt).rejects.toThrow(/Timeout/);
    expect(simulator.stats().refusals.suno.hung).toBe(1);
  });

  it("is cut when the simulator closes, so nothing waits for ever", async () => {
    start();
    const attempt = http.post("/mj/submit/imagine").send({ prompt: "[sim:hang-request]" });
    const outcome = attempt.then(
      () => "answered",
      (error: Error) => error.message,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    simulator.close();

    expect(await outcome).toMatch(/socket hang up|ECONNRESET/);
  });
});

describe("HTTP errors", () => {
  it("answers 5xx with HTTP 500 and creates nothing", async () => {
    start();
    const mjRes = await http.post("/mj/submit/imagine").send({ prompt: "[sim:5xx]" });
    const sunoRes = await http
      .post("/api/v1/generate")
      .send(suno.generateBody({ prompt: "[sim:5xx]" }));

    expect(mjRes.status).toBe(500);
    expect(sunoRes.status).toBe(500);
    expect(sunoRes.body).toMatchObject({ code: 500, data: null });
    expect(simulator.stats().submissions.suno.generate).toBe(0);
    expect(simulator.stats().refusals.mj["http-error"]).toBe(1);
  });

  it("answers 503 and 429 with a Retry-After header", async () => {
    start();
    const unavailable = await http.post("/mj/submit/imagine").send({ prompt: "[sim:5xx=503]" });
    const tooMany = await http
      .post("/api/v1/generate")
      .set(SCENARIO_HEADER, "http=429,retry-after=7")
      .send(suno.generateBody());

    expect(unavailable.status).toBe(503);
    expect(unavailable.headers["retry-after"]).toBe("1");
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers["retry-after"]).toBe("7");
  });

  it("fails a poll that carries http in the header", async () => {
    start();
    const { taskId } = await mj.imagine(http, "a cat");
    const res = await http.get(`/mj/task/${taskId}/fetch`).set(SCENARIO_HEADER, "5xx=502");

    expect(res.status).toBe(502);
  });
});

describe("banned", () => {
  it("refuses a Midjourney prompt with code 24 and no task", async () => {
    start();
    const { res } = await mj.imagine(http, "[sim:banned] a cat");

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 24, result: null });
    expect(simulator.stats().submissions.mj.imagine).toBe(0);
    expect(simulator.stats().refusals.mj.banned).toBe(1);
  });

  it("refuses an inpaint modal whose prompt is banned", async () => {
    start();
    const grid = await mj.finished(http, (await mj.imagine(http, "a cat")).taskId);
    const upsample = await mj.finished(
      http,
      (await mj.press(http, grid.id, mj.button(grid, "U1"))).taskId,
    );
    const { taskId } = await mj.press(http, upsample.id, mj.button(upsample, "Vary (Region)"));
    const res = await http
      .post("/mj/submit/modal")
      .send({ taskId, prompt: "[sim:banned] x", maskBase64: "bWFzaw==" });

    expect(res.body.code).toBe(24);
    expect((await mj.fetch(http, taskId)).status).toBe("MODAL");
  });

  it("accepts a Suno task, which then ends in SENSITIVE_WORD_ERROR", async () => {
    start();
    const { res, taskId } = await suno.generate(http, {
      customMode: true,
      instrumental: true,
      style: "rock",
      title: "[sim:banned] Loud",
    });
    const { data } = await suno.record(http, taskId);

    expect(res.body.code).toBe(200);
    expect(data).toMatchObject({ status: "SENSITIVE_WORD_ERROR", errorCode: 400 });
  });
});

describe("ratelimit", () => {
  it("answers Midjourney code 23, queue full", async () => {
    start();
    const { res } = await mj.imagine(http, "[sim:ratelimit] a cat");

    expect(res.body).toMatchObject({ code: 23, result: null });
  });

  it("answers Suno code 430 by default and the chosen code otherwise", async () => {
    start();
    const frequent = await suno.generate(http, { prompt: "[sim:ratelimit] a" });
    const credits = await suno.generate(http, { prompt: "[sim:ratelimit=429] a" });
    const limited = await suno.generate(http, { prompt: "[sim:ratelimit=405] a" });

    expect(frequent.res.body.code).toBe(430);
    expect(credits.res.body).toMatchObject({ code: 429, msg: "Insufficient credits" });
    expect(limited.res.body.code).toBe(405);
    expect(simulator.stats().refusals.suno["rate-limited"]).toBe(3);
  });

  describe("when the real sunoapi limit is on", () => {
    it("accepts 20 new tasks per 10 s per key and refuses the 21st with code 430", async () => {
      start({ sunoRateLimit: true });
      const codes: number[] = [];
      for (let index = 0; index < 21; index += 1) {
        const res = await http
          .post("/api/v1/generate")
          .set("authorization", "Bearer key-a")
          .send(suno.generateBody());
        codes.push(res.body.code);
      }
      const otherKey = await http
        .post("/api/v1/generate")
        .set("authorization", "Bearer key-b")
        .send(suno.generateBody());

      expect(codes.slice(0, 20).every((code) => code === 200)).toBe(true);
      expect(codes[20]).toBe(430);
      expect(otherKey.body.code).toBe(200);
    });

    it("does not count polls or refused submissions", async () => {
      start({ sunoRateLimit: true });
      const { taskId } = await suno.generate(http);
      for (let index = 0; index < 25; index += 1) {
        await suno.record(http, taskId);
        await http.post("/api/v1/generate").send(suno.generateBody({ model: "bad" }));
      }

      expect((await suno.generate(http)).res.body.code).toBe(200);
    });
  });
});

describe("queued", () => {
  it("answers Midjourney code 22 with the queue length, and the task still runs", async () => {
    start();
    const { res, taskId } = await mj.imagine(http, "[sim:queued] a cat");

    expect(res.body).toMatchObject({ code: 22, properties: { numberOfQueues: 1 } });
    expect((await mj.fetch(http, taskId)).status).toBe("SUCCESS");
  });
});

describe("reject", () => {
  it("answers Midjourney code 9 and Suno code 500 in an HTTP 200 envelope", async () => {
    start();
    const mjAnswer = await mj.imagine(http, "[sim:reject] a cat");
    const sunoAnswer = await suno.generate(http, { prompt: "[sim:reject] a song" });

    expect(mjAnswer.res.body.code).toBe(9);
    expect(sunoAnswer.res.status).toBe(200);
    expect(sunoAnswer.res.body.code).toBe(500);
  });
});

describe("knob sources", () => {
  it("lets a prompt marker win over the header, and the header over start options", async () => {
    start({ scenario: "fail" });
    const fromStart = await mj.imagine(http, "a");
    const fromHeader = await http
      .post("/mj/submit/imagine")
      .set(SCENARIO_HEADER, "fail-rate=0")
      .send({ prompt: "b" });
    const fromMarker = await http
      .post("/mj/submit/imagine")
      .set(SCENARIO_HEADER, "fail-rate=0")
      .send({ prompt: "c [sim:fail]" });

    expect((await mj.fetch(http, fromStart.taskId)).status).toBe("FAILURE");
    expect((await mj.fetch(http, fromHeader.body.result)).status).toBe("SUCCESS");
    expect((await mj.fetch(http, fromMarker.body.result)).status).toBe("FAILURE");
  });

  it("applies start options to submissions only, never to polls", async () => {
    start({ scenario: "hang-request" });
    const res = await http.get("/mj/task/1/fetch").timeout(1000);

    expect(res.status).toBe(200);
  });

  it("refuses an unknown knob: Midjourney code 4, Suno code 400", async () => {
    start();
    const mjAnswer = await mj.imagine(http, "[sim:explode] a cat");
    const sunoRes = await http
      .post("/api/v1/generate")
      .set(SCENARIO_HEADER, "latency=fast")
      .send(suno.generateBody());

    expect(mjAnswer.res.body).toMatchObject({ code: 4 });
    expect(mjAnswer.res.body.description).toContain("explode");
    expect(sunoRes.body.code).toBe(400);
    expect(sunoRes.body.msg).toContain("latency");
  });

  it("refuses to start with an unknown knob or a bad rate", () => {
    expect(() => createSimulator({ scenario: "explode" })).toThrow(/explode/);
    expect(() => createSimulator({ failureRate: 2 })).toThrow(RangeError);
  });
});
