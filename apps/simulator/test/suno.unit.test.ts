import { afterEach, describe, expect, it } from "@jest/globals";
import type { Simulator } from "../src/index.js";
import { CALLBACK, type Http, startSimulator, suno } from "./support.js";

let simulator: Simulator;
let http: Http;

function start(options: Parameters<typeof startSimulator>[0] = {}) {
  ({ simulator, http } = startSimulator(options));
}

afterEach(() => simulator.close());

describe("sunoapi generate", () => {
  it("answers HTTP 200, code 200 and a task id", async () => {
    start();
    const { res, taskId } = await suno.generate(http);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 200, msg: "success" });
    expect(taskId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("yields two finished tracks with every documented field", async () => {
    start();
    const { taskId } = await suno.generate(http, {
      customMode: true,
      prompt: "[Verse] salt and wind",
      style: "sea shanty",
      title: "Salt",
    });
    const record = await suno.record(http, taskId);
    const tracks = record.data.response.sunoData;

    expect(record.data).toMatchObject({ taskId, status: "SUCCESS", operationType: "generate" });
    expect(JSON.parse(record.data.param)).toMatchObject({ title: "Salt", model: "V4_5" });
    expect(tracks).toHaveLength(2);
    expect(tracks[0].id).not.toBe(tracks[1].id);
    for (const track of tracks) {
      expect(track).toMatchObject({
        title: "Salt",
        tags: "sea shanty",
        prompt: "[Verse] salt and wind",
        modelName: "chirp-v4-5",
      });
      expect(track.audioUrl).toMatch(/\/media\/audio\/.+\.wav$/);
      expect(track.streamAudioUrl).toContain("/media/audio/");
      expect(track.imageUrl).toMatch(/\.png$/);
      expect(track.createTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(track.duration).toBeGreaterThanOrEqual(3);
      expect(track.duration).toBeLessThan(8);
    }
  });

  it("goes PENDING, TEXT_SUCCESS, FIRST_SUCCESS then SUCCESS, audio only at the end", async () => {
    start({ stepLatencyMs: 150 });
    const { taskId } = await suno.generate(http);
    const seen: string[] = [];
    for (;;) {
      const { data } = await suno.record(http, taskId);
      if (seen.at(-1) !== data.status) seen.push(data.status);
      const [first] = data.response.sunoData;
      if (data.status === "SUCCESS") {
        expect(first.audioUrl).not.toBe("");
        break;
      }
      if (first) expect(first).toMatchObject({ audioUrl: "", duration: null });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    expect(seen).toEqual(["PENDING", "TEXT_SUCCESS", "FIRST_SUCCESS", "SUCCESS"]);
  });

  it("writes its own title and lyrics in simple mode, and none for an instrumental", async () => {
    start();
    const vocal = await suno.song(http, { prompt: "quiet rain on tin roofs" });
    const instrumental = await suno.song(http, { instrumental: true });

    expect(vocal.tracks[0]?.title).toBe("Quiet Rain On Tin Roofs");
    expect(instrumental.tracks[0]).toMatchObject({ prompt: "" });
  });

  it.each([
    ["no callBackUrl", 400, { callBackUrl: undefined }, "Please enter callBackUrl."],
    ["no prompt in simple mode", 400, { prompt: undefined }, "prompt"],
    ["no title in custom mode", 400, { customMode: true, style: "pop", prompt: "la" }, "title"],
    [
      "a custom vocal song without lyrics",
      400,
      { customMode: true, style: "a", title: "b", prompt: undefined },
      "prompt",
    ],
    ["an idea over 500 characters", 413, { prompt: "x".repeat(501) }, "prompt"],
    [
      "a V4 title over 80 characters",
      413,
      { customMode: true, model: "V4", instrumental: true, style: "a", title: "t".repeat(81) },
      "title",
    ],
    ["an unknown model", 400, { model: "V9" }, "model"],
  ])("refuses %s with code %i", async (_case, code, extra, words) => {
    start();
    const { res } = await suno.generate(http, extra);

    expect(res.status).toBe(200);
    expect(res.body.code).toBe(code);
    expect(res.body.msg).toContain(words);
    expect(res.body.data).toBeNull();
  });

  it("answers an unknown task id with code 400", async () => {
    start();
    const body = await suno.record(http, "0".repeat(32));

    expect(body).toMatchObject({ code: 400, data: null });
  });

  it("answers an unknown path with code 404 in the envelope", async () => {
    start();
    const res = await http.post("/api/v1/generate/nope").send({});

    expect(res.status).toBe(200);
    expect(res.body.code).toBe(404);
  });
});

describe("sunoapi extend", () => {
  const extendBody = (audioId: string, extra: Record<string, unknown> = {}) => ({
    defaultParamFlag: true,
    audioId,
    model: "V4_5",
    callBackUrl: CALLBACK,
    prompt: "[Verse] and then the tide turned",
    style: "sea shanty",
    title: "Salt, part two",
    continueAt: 2,
    ...extra,
  });

  it("continues a track at continueAt: the new song is that long plus a new part", async () => {
    start();
    const { tracks } = await suno.song(http);
    const source = tracks[0]!;
    const res = await http.post("/api/v1/generate/extend").send(extendBody(source.id));
    const record = await suno.finished(http, res.body.data.taskId);

    expect(res.body.code).toBe(200);
    expect(record.data).toMatchObject({ status: "SUCCESS", parentMusicId: source.id });
    expect(record.data.operationType).toBe("extend");
    for (const track of record.data.response.sunoData) {
      expect(track.title).toBe("Salt, part two");
      expect(track.duration).toBeGreaterThanOrEqual(2 + 3);
    }
  });

  it("refuses a continueAt at or past the source's duration with code 400", async () => {
    start();
    const source = (await suno.song(http)).tracks[0]!;
    const atEnd = await http
      .post("/api/v1/generate/extend")
      .send(extendBody(source.id, { continueAt: source.duration }));
    const zero = await http
      .post("/api/v1/generate/extend")
      .send(extendBody(source.id, { continueAt: 0 }));

    expect(atEnd.body.code).toBe(400);
    expect(atEnd.body.msg).toContain("continueAt");
    expect(zero.body.code).toBe(400);
  });

  it("inherits the source's text without custom parameters", async () => {
    start();
    const source = (await suno.song(http, { prompt: "old harbour" })).tracks[0]!;
    const res = await http.post("/api/v1/generate/extend").send({
      defaultParamFlag: false,
      audioId: source.id,
      model: "V4_5",
      callBackUrl: CALLBACK,
    });
    const record = await suno.finished(http, res.body.data.taskId);

    expect(record.data.response.sunoData[0].title).toBe(source.title);
  });

  it("refuses an unknown audioId, another model, and missing custom parameters", async () => {
    start();
    const source = (await suno.song(http)).tracks[0]!;
    const unknown = await http.post("/api/v1/generate/extend").send(extendBody("nope"));
    const model = await http
      .post("/api/v1/generate/extend")
      .send(extendBody(source.id, { model: "V5" }));
    const missing = await http
      .post("/api/v1/generate/extend")
      .send(extendBody(source.id, { continueAt: undefined }));

    expect([unknown.body.code, model.body.code, missing.body.code]).toEqual([400, 400, 400]);
    expect(missing.body.msg).toContain("continueAt");
  });

  it("refuses to extend a track whose song has not finished", async () => {
    start();
    // A hanging song shows its tracks (TEXT_SUCCESS) but never their audio.
    const { taskId } = await suno.generate(http, { prompt: "[sim:hang] never ends" });
    const record = await suno.record(http, taskId);
    const source = record.data.response.sunoData[0];
    const res = await http.post("/api/v1/generate/extend").send(extendBody(source.id));

    expect(record.data.status).toBe("TEXT_SUCCESS");
    expect(res.body).toMatchObject({ code: 400, msg: "The source audio is not ready" });
  });
});

describe("sunoapi cover and add-vocals", () => {
  it("covers a track from its audioUrl and keeps its length", async () => {
    start();
    const source = (await suno.song(http)).tracks[0]!;
    const res = await http.post("/api/v1/generate/upload-cover").send({
      uploadUrl: source.audioUrl,
      customMode: false,
      instrumental: false,
      model: "V4_5",
      prompt: "as a jazz ballad",
      callBackUrl: CALLBACK,
    });
    const record = await suno.finished(http, res.body.data.taskId);

    expect(record.data).toMatchObject({ status: "SUCCESS", operationType: "upload_cover" });
    expect(
      record.data.response.sunoData.map((track: { duration: number }) => track.duration),
    ).toEqual([source.duration, source.duration]);
  });

  it("refuses a cover without an uploadUrl", async () => {
    start();
    const res = await http.post("/api/v1/generate/upload-cover").send(suno.generateBody());

    expect(res.body.code).toBe(400);
    expect(res.body.msg).toContain("uploadUrl");
  });

  it("adds vocals over an instrumental, all text fields being required", async () => {
    start();
    const source = (await suno.song(http, { instrumental: true })).tracks[0]!;
    const body = {
      uploadUrl: source.audioUrl,
      prompt: "la la la",
      title: "Sung",
      style: "soul",
      negativeTags: "",
      callBackUrl: CALLBACK,
    };
    const res = await http.post("/api/v1/generate/add-vocals").send(body);
    const record = await suno.finished(http, res.body.data.taskId);
    const missing = await http
      .post("/api/v1/generate/add-vocals")
      .send({ ...body, negativeTags: undefined });

    expect(record.data.response.sunoData[0]).toMatchObject({
      title: "Sung",
      tags: "soul",
      prompt: "la la la",
      modelName: "chirp-v4-5plus",
      duration: source.duration,
    });
    expect(missing.body.code).toBe(400);
  });
});

describe("sunoapi stems", () => {
  it("separates a track into vocals and instrumental of its length", async () => {
    start();
    const song = await suno.song(http);
    const track = song.tracks[1]!;
    const res = await http.post("/api/v1/vocal-removal/generate").send({
      taskId: song.taskId,
      audioId: track.id,
      type: "separate_vocal",
      callBackUrl: CALLBACK,
    });
    const stemsId = res.body.data.taskId;
    const record = await http.get("/api/v1/vocal-removal/record-info").query({ taskId: stemsId });

    expect(record.body.data).toMatchObject({
      taskId: stemsId,
      musicId: song.taskId,
      audioId: track.id,
      successFlag: "SUCCESS",
      errorCode: null,
    });
    const { response } = record.body.data;
    expect(response.originUrl).toBe(track.audioUrl);
    expect(response.vocalUrl).toMatch(/-vocal\/\d+\.wav$/);
    expect(response.instrumentalUrl).toMatch(/-instrumental\/\d+\.wav$/);
    expect(response.drumsUrl).toBeNull();
    expect(response.vocalUrl).toContain(`/${Math.round(track.duration * 100)}.wav`);
  });

  it("splits twelve stems with split_stem", async () => {
    start();
    const song = await suno.song(http);
    const res = await http.post("/api/v1/vocal-removal/generate").send({
      taskId: song.taskId,
      audioId: song.tracks[0]!.id,
      type: "split_stem",
      callBackUrl: CALLBACK,
    });
    const record = await http
      .get("/api/v1/vocal-removal/record-info")
      .query({ taskId: res.body.data.taskId });
    const { originUrl, ...stems } = record.body.data.response;

    expect(Object.values(stems).filter((url) => url !== null)).toHaveLength(12);
    expect(stems.instrumentalUrl).toBeNull();
  });

  it("stays PENDING until its steps have passed", async () => {
    start({ stepLatencyMs: 10_000 });
    const song = await suno.song(http, { prompt: "[sim:latency=0] fast" });
    const res = await http.post("/api/v1/vocal-removal/generate").send({
      taskId: song.taskId,
      audioId: song.tracks[0]!.id,
      callBackUrl: CALLBACK,
    });
    const record = await http
      .get("/api/v1/vocal-removal/record-info")
      .query({ taskId: res.body.data.taskId });

    expect(record.body.data).toMatchObject({ successFlag: "PENDING", completeTime: null });
    expect(record.body.data.response.vocalUrl).toBeNull();
  });

  it("refuses a track that is not in the named task", async () => {
    start();
    const first = await suno.song(http);
    const second = await suno.song(http);
    const res = await http.post("/api/v1/vocal-removal/generate").send({
      taskId: first.taskId,
      audioId: second.tracks[0]!.id,
      callBackUrl: CALLBACK,
    });

    expect(res.body.code).toBe(400);
  });
});

describe("sunoapi auth", () => {
  it("answers code 401 in an HTTP 200 envelope to a missing or wrong key", async () => {
    start({ sunoKey: "k-123" });
    const missing = await http.post("/api/v1/generate").send(suno.generateBody());
    const wrong = await http
      .post("/api/v1/generate")
      .set("authorization", "Bearer k-999")
      .send(suno.generateBody());
    const poll = await http.get("/api/v1/generate/record-info").query({ taskId: "x" });
    const right = await http
      .post("/api/v1/generate")
      .set("authorization", "Bearer k-123")
      .send(suno.generateBody());

    expect([missing.status, wrong.status, poll.status]).toEqual([200, 200, 200]);
    expect([missing.body.code, wrong.body.code, poll.body.code]).toEqual([401, 401, 401]);
    expect(right.body.code).toBe(200);
  });
});
