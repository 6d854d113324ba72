import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { GridResult, ImageResult } from "@reprise/core";
import {
  PermanentUpstreamError,
  TransientUpstreamError,
  type UpstreamAdapter,
} from "../../src/upstream/adapter.js";
import { MidjourneyClient } from "../../src/upstream/midjourney/client.js";
import type { StoredTask } from "../../src/upstream/midjourney/stored-task.js";
import {
  type Finished,
  followUp,
  generation,
  MASK_PNG,
  MJ_SECRET,
  pollUntilDone,
  type RunningSimulator,
  rawMjTask,
  runToSuccess,
  startSimulator,
  upstreamsAt,
} from "./support.js";

let sim: RunningSimulator;
let midjourney: UpstreamAdapter;
/** A finished grid and one upsample of it, shared by the tests that only act on them. */
let grid: Finished;
let upsample: Finished;

beforeAll(async () => {
  sim = await startSimulator();
  midjourney = upstreamsAt(sim.baseUrl).midjourney;
  grid = await runToSuccess(midjourney, generation("midjourney", { prompt: "a red fox" }));
  upsample = await runToSuccess(midjourney, followUp(grid, "upsample", { index: 2 }));
});

afterAll(() => sim.close());

function storedOf(finished: Finished): StoredTask {
  return finished.upstream as StoredTask;
}

describe("Midjourney generate", () => {
  it("imagines a grid of four images and the composite", async () => {
    const result = grid.result as GridResult;

    expect(result.images).toHaveLength(4);
    expect(result.gridUrl).toMatch(/\/media\/grid\/.+\.png$/);
    expect(new Set(result.images).size).toBe(4);
  });

  it("stores the task id, its buttons and its prompt for the follow-ups", async () => {
    const stored = storedOf(grid);

    expect(stored.taskId).toBe(grid.taskId);
    expect(stored.prompt).toBe("a red fox");
    expect(stored.buttons.map((button) => button.customId)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^MJ::JOB::upsample::1::/),
        expect.stringMatching(/^MJ::JOB::variation::4::/),
      ]),
    );
  });

  it("sends the aspect ratio inside the prompt as --ar W:H", async () => {
    const job = generation("midjourney", {
      prompt: "a tall tower",
      midjourneyParams: { aspect_ratio: "9:16" },
    });
    const finished = await runToSuccess(midjourney, job);

    expect(storedOf(finished).prompt).toBe("a tall tower --ar 9:16");
  });

  it("passes the job id upstream as the task's state", async () => {
    const task = await rawMjTask(sim.baseUrl, grid.taskId);

    expect(task.state).toBe(grid.job.id);
  });

  it("reports the proxy's rising progress while the task runs", async () => {
    const job = generation("midjourney", { prompt: "a slow snail [sim:latency=40]" });
    const { taskId } = await midjourney.submit(job);
    const progress: number[] = [];
    const state = await pollUntilDone(midjourney, job, taskId, progress);

    expect(state.kind).toBe("succeeded");
    expect(progress).toContain(25);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(Math.max(...progress)).toBeLessThan(100);
  });

  it("takes a queued answer (code 22) as submitted", async () => {
    const job = generation("midjourney", { prompt: "a busy day [sim:queued]" });

    await expect(runToSuccess(midjourney, job)).resolves.toMatchObject({ job });
  });
});

describe("Midjourney upsample and variation", () => {
  it("upsamples one image of a grid by pressing the parent's U button", async () => {
    const result = upsample.result as ImageResult;
    const task = await rawMjTask(sim.baseUrl, upsample.taskId);

    expect(result.images).toHaveLength(1);
    expect(task.description).toBe(`/up ${grid.taskId} U2`);
  });

  it("makes a variation grid, which can itself be upsampled", async () => {
    const variation = await runToSuccess(midjourney, followUp(grid, "variation", { index: 3 }));
    const again = await runToSuccess(midjourney, followUp(variation, "upsample", { index: 1 }));

    expect((variation.result as GridResult).images).toHaveLength(4);
    expect((again.result as ImageResult).images).toHaveLength(1);
    expect((await rawMjTask(sim.baseUrl, variation.taskId)).description).toBe(
      `/up ${grid.taskId} V3`,
    );
  });
});

describe("Midjourney follow-ups of an upsample", () => {
  it.each(["left", "right", "up", "down"])("pans %s into a new grid", async (direction) => {
    const pan = await runToSuccess(midjourney, followUp(upsample, "pan", { direction }));
    const task = await rawMjTask(sim.baseUrl, pan.taskId);

    expect((pan.result as GridResult).images).toHaveLength(4);
    expect(task.description).toBe(`/pan ${upsample.taskId} ${direction}`);
  });

  it.each([
    [2, "2x"],
    [1.5, "1.5x"],
  ])("zooms out %sx with the matching Outpaint button", async (zoomRatio, label) => {
    const zoom = await runToSuccess(midjourney, followUp(upsample, "outpaint", { zoomRatio }));
    const task = await rawMjTask(sim.baseUrl, zoom.taskId);

    expect((zoom.result as GridResult).images).toHaveLength(4);
    expect(task.description).toBe(`/zoom ${upsample.taskId} ${label}`);
  });

  it("inpaints: presses Vary (Region), sends the mask in the modal, ends in a grid", async () => {
    const modalsBefore = sim.simulator.stats().submissions.mj.modal;
    const job = followUp(upsample, "inpaint", { prompt: "a blue fox" }, MASK_PNG);
    const inpaint = await runToSuccess(midjourney, job);
    const task = await rawMjTask(sim.baseUrl, inpaint.taskId);

    expect((inpaint.result as GridResult).images).toHaveLength(4);
    expect(task.prompt).toBe("a blue fox");
    expect(sim.simulator.stats().submissions.mj.modal).toBe(modalsBefore + 1);
  });

  it("reuses the parent's prompt for an inpaint that brings none", async () => {
    const inpaint = await runToSuccess(midjourney, followUp(upsample, "inpaint", {}, MASK_PNG));

    expect((await rawMjTask(sim.baseUrl, inpaint.taskId)).prompt).toBe("a red fox");
  });

  describe("when the worker died between the press and the modal", () => {
    it("sends the modal from the poll that finds the task in MODAL, then finishes", async () => {
      const job = followUp(upsample, "inpaint", { prompt: "a green fox" }, MASK_PNG);
      const client = new MidjourneyClient({
        baseUrl: sim.baseUrl,
        secret: MJ_SECRET,
        timeoutMs: 5_000,
      });
      const inpaintButton = storedOf(upsample).buttons.find((button) =>
        button.customId.startsWith("MJ::Inpaint::"),
      );
      const pressed = await client.action({
        taskId: upsample.taskId,
        customId: inpaintButton?.customId ?? "",
        state: job.id,
      });
      const modalsBefore = sim.simulator.stats().submissions.mj.modal;

      expect(pressed.code).toBe(21);
      expect((await rawMjTask(sim.baseUrl, pressed.taskId)).status).toBe("MODAL");

      const first = await midjourney.poll(job, pressed.taskId);
      expect(first).toEqual({ kind: "running", progress: 0 });
      expect(sim.simulator.stats().submissions.mj.modal).toBe(modalsBefore + 1);

      const state = await pollUntilDone(midjourney, job, pressed.taskId);
      expect(state.kind).toBe("succeeded");
      expect(sim.simulator.stats().submissions.mj.modal).toBe(modalsBefore + 1);
    });
  });
});

describe("Midjourney errors", () => {
  it("fails a prompt refused by the content filter (code 24) permanently", async () => {
    const job = generation("midjourney", { prompt: "something forbidden [sim:banned]" });

    await expect(midjourney.submit(job)).rejects.toThrow(PermanentUpstreamError);
    await expect(midjourney.submit(job)).rejects.toThrow(/content filter/);
  });

  it("retries later when the proxy answers HTTP 5xx, after its Retry-After", async () => {
    const job = generation("midjourney", { prompt: "a fox [sim:5xx=503] [sim:retry-after=3]" });

    const error = await midjourney.submit(job).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransientUpstreamError);
    expect((error as TransientUpstreamError).retryAfterMs).toBe(3_000);
  });

  it("retries later when the proxy's queue is full (code 23)", async () => {
    const job = generation("midjourney", { prompt: "a fox [sim:ratelimit]" });

    await expect(midjourney.submit(job)).rejects.toThrow(/queue is full/);
    await expect(midjourney.submit(job)).rejects.toThrow(TransientUpstreamError);
  });

  it("retries later when the proxy fails to take the task (code 9)", async () => {
    const job = generation("midjourney", { prompt: "a fox [sim:reject]" });

    await expect(midjourney.submit(job)).rejects.toThrow(TransientUpstreamError);
  });

  it("gives up on a request the proxy never answers and retries later", async () => {
    const impatient = upstreamsAt(sim.baseUrl, { requestTimeoutMs: 200 }).midjourney;
    const job = generation("midjourney", { prompt: "a fox [sim:hang-request]" });

    const error = await impatient.submit(job).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransientUpstreamError);
    expect((error as Error).message).toMatch(/did not answer within 200 ms/);
  });

  it("retries later when the proxy cannot be reached", async () => {
    const nowhere = upstreamsAt("http://127.0.0.1:1").midjourney;

    await expect(nowhere.poll(grid.job, grid.taskId)).rejects.toThrow(TransientUpstreamError);
  });

  it("refuses a wrong mj-api-secret (HTTP 401) permanently, without repeating it", async () => {
    const wrong = upstreamsAt(sim.baseUrl, {
      midjourney: { baseUrl: sim.baseUrl, secret: "not-the-secret" },
    }).midjourney;

    const error = await wrong
      .submit(generation("midjourney", { prompt: "a fox" }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentUpstreamError);
    expect((error as Error).message).toMatch(/mj-api-secret/);
    expect((error as Error).message).not.toContain("not-the-secret");
  });

  it("fails permanently when the proxy lost the parent task (code 3, HTTP 404)", async () => {
    const forgotten = { ...grid, taskId: "1000000000000000" };

    await expect(midjourney.submit(followUp(forgotten, "upsample", { index: 1 }))).rejects.toThrow(
      /no longer has the parent task/,
    );
  });

  it("fails permanently when the parent lacks the button to press", async () => {
    const bare = { ...grid, upstream: { ...grid.upstream, buttons: [] } };

    await expect(midjourney.submit(followUp(bare, "upsample", { index: 1 }))).rejects.toThrow(
      new PermanentUpstreamError("The parent job has no U1 button"),
    );
  });

  it("fails permanently when polling a task the proxy does not know (empty answer)", async () => {
    await expect(midjourney.poll(grid.job, "4242")).rejects.toThrow(PermanentUpstreamError);
  });

  it("reports a task that failed upstream with the proxy's reason", async () => {
    const job = generation("midjourney", { prompt: "an unlucky fox [sim:fail]" });
    const { taskId } = await midjourney.submit(job);

    await expect(pollUntilDone(midjourney, job, taskId)).resolves.toEqual({
      kind: "failed",
      reason: "Simulated generation failure",
    });
  });
});

describe("Midjourney modal body", () => {
  it("sends the mask as a PNG data URL, with the parent's prompt, to the modal task", async () => {
    const modals: unknown[] = [];
    const proxy = createServer((req, res) => {
      let text = "";
      req.on("data", (chunk) => {
        text += chunk;
      });
      req.on("end", () => {
        res.setHeader("content-type", "application/json");
        if (req.url === "/mj/submit/modal") {
          modals.push(JSON.parse(text));
          return void res.end(JSON.stringify({ code: 1, description: "ok", result: "77" }));
        }
        res.end(JSON.stringify({ id: "77", status: "MODAL", prompt: "", progress: "0%" }));
      });
    });
    proxy.listen(0, "127.0.0.1");
    await once(proxy, "listening");
    const { port } = proxy.address() as AddressInfo;
    const adapter = upstreamsAt(`http://127.0.0.1:${port}`).midjourney;

    try {
      await adapter.poll(followUp(upsample, "inpaint", {}, MASK_PNG), "77");
    } finally {
      proxy.close();
    }

    expect(modals).toEqual([
      {
        taskId: "77",
        prompt: "a red fox",
        maskBase64: `data:image/png;base64,${MASK_PNG.toString("base64")}`,
      },
    ]);
  });
});
