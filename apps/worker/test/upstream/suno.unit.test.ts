import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { SongResult, StemsResult } from "@reprise/core";
import {
  PermanentUpstreamError,
  TransientUpstreamError,
  type UpstreamAdapter,
  type UpstreamJob,
} from "../../src/upstream/adapter.js";
import type { StoredSong } from "../../src/upstream/suno/song-settings.js";
import {
  type Finished,
  followUp,
  generation,
  pollUntilDone,
  type RunningSimulator,
  runToSuccess,
  startSimulator,
  upstreamsAt,
} from "./support.js";

let sim: RunningSimulator;
let suno: UpstreamAdapter;
/** A finished simple-mode song on V5, shared by the tests that only act on it. */
let song: Finished;

beforeAll(async () => {
  sim = await startSimulator();
  suno = upstreamsAt(sim.baseUrl).suno;
  const job = generation("suno", {
    prompt: "a song about the sea",
    sunoParams: { model_version: "V5" },
  });
  song = await runToSuccess(suno, job);
});

afterAll(() => sim.close());

function tracksOf(finished: Finished): SongResult["tracks"] {
  return (finished.result as SongResult).tracks;
}

function storedOf(finished: Finished): StoredSong {
  return finished.upstream as StoredSong;
}

/** The error a submission that must fail rejects with. */
async function submitError(adapter: UpstreamAdapter, job: UpstreamJob): Promise<Error> {
  return adapter.submit(job).then(
    () => {
      throw new Error("the submission was accepted");
    },
    (error: unknown) => error as Error,
  );
}

describe("Suno generate", () => {
  it("starts a song and polls it to two tracks with audio, art and durations", async () => {
    const [first, second] = tracksOf(song);

    expect(first?.id).not.toBe(second?.id);
    expect(first?.audioUrl).toMatch(/\/media\/audio\/.+\.wav$/);
    expect(first?.imageUrl).toMatch(/\.png$/);
    expect(first?.duration).toBeGreaterThan(0);
  });

  it("stores the task id, the settings follow-ups inherit and each track's lyrics", async () => {
    const stored = storedOf(song);

    expect(stored).toMatchObject({
      taskId: song.taskId,
      model: "V5",
      customMode: false,
      instrumental: false,
      prompt: "a song about the sea",
    });
    expect(stored.tracks.map((track) => track.id)).toEqual(tracksOf(song).map((t) => t.id));
    expect(stored.tracks[0]?.lyrics).toContain("[Verse]");
  });

  it("uses V4_5PLUS when the request names no model", async () => {
    const plain = await runToSuccess(suno, generation("suno", { prompt: "a quiet tune" }));

    expect(storedOf(plain).model).toBe("V4_5PLUS");
  });

  it("sends custom mode with its title, style and lyrics", async () => {
    const job = generation("suno", {
      prompt: "[Verse]\nSalt on the wind",
      sunoParams: { custom_mode: true, title: "Salt", style: "folk", negative_tags: "metal" },
    });
    const custom = await runToSuccess(suno, job);

    expect(tracksOf(custom)[0]).toMatchObject({ title: "Salt", tags: "folk" });
    expect(storedOf(custom)).toMatchObject({ customMode: true, prompt: job.input.prompt });
  });

  it("reports rising progress: lyrics, then the first track, then both", async () => {
    const job = generation("suno", { prompt: "a slow waltz [sim:latency=40]" });
    const { taskId } = await suno.submit(job);
    const progress: number[] = [];
    const state = await pollUntilDone(suno, job, taskId, progress);

    expect(state.kind).toBe("succeeded");
    expect(progress).toEqual([10, 40, 70]);
  });
});

describe("Suno extend", () => {
  it("continues a track from its end by sending only the track", async () => {
    const source = tracksOf(song)[0];
    const extended = await runToSuccess(suno, followUp(song, "extend", { index: 1 }));

    // The extended song is the source, then a new part of 3 to 8 seconds.
    expect(tracksOf(extended)[0]?.duration).toBeGreaterThan(source?.duration ?? 0);
    expect(tracksOf(extended)[0]?.title).toBe(source?.title);
    expect(storedOf(extended)).toMatchObject({ model: "V5", prompt: "a song about the sea" });
  });

  it("continues from continueAt, sending the track's own words and style", async () => {
    const source = tracksOf(song)[1];
    const job = followUp(song, "extend", { trackId: source?.id, continueAt: 1.5 });
    const extended = await runToSuccess(suno, job);
    const [first] = tracksOf(extended);

    expect(first?.duration).toBeGreaterThan(1.5);
    expect(first?.duration).toBeLessThan(1.5 + 8.01);
    expect(first).toMatchObject({ title: source?.title, tags: source?.tags });
  });

  it("sends custom parameters from just before the end when only a title is new", async () => {
    const source = tracksOf(song)[0];
    const extended = await runToSuccess(
      suno,
      followUp(song, "extend", { index: 1, title: "Tide" }),
    );
    const [first] = tracksOf(extended);

    expect(first?.title).toBe("Tide");
    expect(first?.duration).toBeGreaterThan((source?.duration ?? 0) - 0.01);
  });

  it("extends an extend on the first song's model, then splits it into stems", async () => {
    const once = await runToSuccess(suno, followUp(song, "extend", { index: 1 }));
    const twice = await runToSuccess(
      suno,
      followUp(once, "extend", { index: 2, continueAt: 2, prompt: "[Outro]\nGoodbye sea" }),
    );
    const stems = await runToSuccess(suno, followUp(twice, "stems", { index: 2 }));
    const source = tracksOf(twice)[1];
    const [vocals, instrumental] = (stems.result as StemsResult).tracks;

    // The simulator refuses an extend whose model differs from its source's.
    expect(storedOf(twice).model).toBe("V5");
    expect(vocals).toMatchObject({ id: "vocals", title: "Vocals", duration: source?.duration });
    expect(instrumental).toMatchObject({ id: "instrumental", duration: source?.duration });
    expect(vocals?.audioUrl).not.toBe(instrumental?.audioUrl);
    expect(stems.upstream).toEqual({ taskId: stems.taskId });
  });

  describe("when the parent is a generation stored without settings", () => {
    it("inherits the model from the generation's sunoParams", async () => {
      const bare = { ...song, upstream: {} };

      await expect(
        runToSuccess(suno, followUp(bare, "extend", { index: 1, continueAt: 1 })),
      ).resolves.toMatchObject({ upstream: { model: "V5" } });
    });
  });

  describe("when the parent is an action stored without settings", () => {
    it("fails permanently rather than guess the model", async () => {
      const extended = await runToSuccess(suno, followUp(song, "extend", { index: 1 }));
      const bare = { ...extended, upstream: {} };

      await expect(suno.submit(followUp(bare, "extend", { index: 1 }))).rejects.toThrow(
        PermanentUpstreamError,
      );
    });
  });
});

describe("Suno cover", () => {
  it("re-renders a simple-mode track from the parent's description", async () => {
    const cover = await runToSuccess(suno, followUp(song, "cover", { index: 1 }));

    expect(storedOf(cover)).toMatchObject({
      model: "V5",
      customMode: false,
      prompt: "a song about the sea",
    });
    // A cover of one of the simulator's own tracks keeps its length.
    expect(tracksOf(cover)[0]?.duration).toBe(tracksOf(song)[0]?.duration);
  });

  it("keeps the parent's custom mode and instrumental setting", async () => {
    const job = generation("suno", {
      prompt: "an instrumental",
      sunoParams: { custom_mode: true, instrumental: true, title: "Drift", style: "ambient" },
    });
    const parent = await runToSuccess(suno, job);
    const cover = await runToSuccess(
      suno,
      followUp(parent, "cover", { index: 2, style: "jazz", audio_weight: 0.8 }),
    );

    expect(tracksOf(cover)[0]).toMatchObject({ title: "Drift", tags: "jazz" });
    expect(storedOf(cover)).toMatchObject({ customMode: true, instrumental: true });
  });
});

describe("Suno add_vocals", () => {
  it("sings the request's lyrics over a track, making a custom-mode vocal song", async () => {
    const job = followUp(song, "add_vocals", {
      index: 1,
      prompt: "[Verse]\nWaves",
      title: "Waves",
    });
    const vocal = await runToSuccess(suno, job);

    expect(tracksOf(vocal)[0]).toMatchObject({ title: "Waves", tags: tracksOf(song)[0]?.tags });
    expect(storedOf(vocal)).toMatchObject({
      model: "V5",
      customMode: true,
      instrumental: false,
      prompt: "[Verse]\nWaves",
    });
    expect(storedOf(vocal).tracks[0]?.lyrics).toBe("[Verse]\nWaves");
  });
});

describe("Suno errors", () => {
  it("reports a prompt refused for sensitive words as a failed song", async () => {
    const job = generation("suno", { prompt: "forbidden words [sim:banned]" });
    const { taskId } = await suno.submit(job);

    await expect(suno.poll(job, taskId)).resolves.toEqual({
      kind: "failed",
      reason: expect.stringContaining("content filter"),
    });
  });

  it("reports a song that failed upstream with a sentence and the upstream's reason", async () => {
    const job = generation("suno", { prompt: "an unlucky song [sim:fail]" });
    const { taskId } = await suno.submit(job);

    await expect(pollUntilDone(suno, job, taskId)).resolves.toEqual({
      kind: "failed",
      reason: "the audio could not be generated (Audio generation failed)",
    });
  });

  it.each([
    ["405", "rate limit", 10_000],
    ["430", "call frequency", 10_000],
    ["429", "out of credit", 60_000],
  ])("retries later on code %s (%s), after %i ms", async (code, _meaning, wait) => {
    const job = generation("suno", { prompt: `a song [sim:ratelimit=${code}]` });
    const error = await submitError(suno, job);

    expect(error).toBeInstanceOf(TransientUpstreamError);
    expect((error as TransientUpstreamError).retryAfterMs).toBe(wait);
  });

  it("retries later on HTTP 5xx, after the Retry-After the upstream sent", async () => {
    const job = generation("suno", { prompt: "a song [sim:5xx=503] [sim:retry-after=7]" });
    const error = await submitError(suno, job);

    expect(error).toBeInstanceOf(TransientUpstreamError);
    expect((error as TransientUpstreamError).retryAfterMs).toBe(7_000);
  });

  it("retries later on the upstream's own server error (code 500)", async () => {
    const error = await submitError(suno, generation("suno", { prompt: "a song [sim:reject]" }));

    expect(error).toBeInstanceOf(TransientUpstreamError);
  });

  it("gives up on a request the upstream never answers and retries later", async () => {
    const impatient = upstreamsAt(sim.baseUrl, { requestTimeoutMs: 200 }).suno;
    const job = generation("suno", { prompt: "a song [sim:hang-request]" });
    const error = await submitError(impatient, job);

    expect(error).toBeInstanceOf(TransientUpstreamError);
    expect(error.message).toMatch(/did not answer within 200 ms/);
  });

  it("refuses a wrong API key (code 401) permanently, without repeating it", async () => {
    const wrong = upstreamsAt(sim.baseUrl, {
      suno: { baseUrl: sim.baseUrl, apiKey: "not-the-key", callbackUrl: "http://127.0.0.1:9/" },
    }).suno;
    const error = await submitError(wrong, generation("suno", { prompt: "a song" }));

    expect(error).toBeInstanceOf(PermanentUpstreamError);
    expect(error.message).toMatch(/API key/);
    expect(error.message).not.toContain("not-the-key");
  });

  it("refuses a text the upstream finds too long (code 413) permanently", async () => {
    const job = generation("suno", {
      prompt: "lyrics",
      sunoParams: { custom_mode: true, title: "t".repeat(150), style: "pop" },
    });
    const error = await submitError(suno, job);

    expect(error).toBeInstanceOf(PermanentUpstreamError);
    expect(error.message).toMatch(/too long/);
  });

  it("fails permanently when polling a task the upstream does not know", async () => {
    await expect(suno.poll(song.job, "no-such-task")).rejects.toThrow(PermanentUpstreamError);
  });
});
