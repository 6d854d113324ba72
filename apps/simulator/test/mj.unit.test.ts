import { afterEach, describe, expect, it } from "@jest/globals";
import type { Simulator } from "../src/index.js";
import { type Http, mj, startSimulator } from "./support.js";

let simulator: Simulator;
let http: Http;

function start(options: Parameters<typeof startSimulator>[0] = {}) {
  ({ simulator, http } = startSimulator(options));
}

afterEach(() => simulator.close());

describe("midjourney-proxy imagine", () => {
  it("answers code 1 with a numeric-string task id", async () => {
    start();
    const { res, taskId } = await mj.imagine(http, "a lighthouse at dawn");

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 1, description: "Submit success" });
    expect(taskId).toMatch(/^\d{16,}$/);
  });

  it("finishes at once with zero latency: a grid, four pictures and nine buttons", async () => {
    start();
    const { taskId } = await mj.imagine(http, "a lighthouse at dawn", { state: "job-7" });
    const task = await mj.fetch(http, taskId);

    expect(task).toMatchObject({
      id: taskId,
      action: "IMAGINE",
      status: "SUCCESS",
      progress: "100%",
      prompt: "a lighthouse at dawn",
      promptEn: "a lighthouse at dawn",
      description: "/imagine a lighthouse at dawn",
      state: "job-7",
      failReason: null,
    });
    expect(task.imageUrl).toMatch(/\/media\/grid\/.+\.png$/);
    expect(task.imageUrls).toHaveLength(4);
    expect(
      task.buttons.map((button: { label: string; emoji: string }) => button.label || button.emoji),
    ).toEqual(["U1", "U2", "U3", "U4", "🔄", "V1", "V2", "V3", "V4"]);
    expect(task.finishTime).toBeGreaterThanOrEqual(task.submitTime);
  });

  it("walks NOT_START, SUBMITTED and IN_PROGRESS steps before SUCCESS", async () => {
    start({ stepLatencyMs: 150 });
    const { taskId } = await mj.imagine(http, "slow cat");
    const seen: string[] = [];
    for (;;) {
      const task = await mj.fetch(http, taskId);
      const step = `${task.status} ${task.progress}`;
      if (seen.at(-1) !== step) seen.push(step);
      if (task.status === "SUCCESS") break;
      expect(task.imageUrl).toBeNull();
      expect(task.buttons).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    expect(seen).toEqual([
      "NOT_START 0%",
      "SUBMITTED 0%",
      "IN_PROGRESS 25%",
      "IN_PROGRESS 50%",
      "IN_PROGRESS 75%",
      "SUCCESS 100%",
    ]);
  });

  it("refuses an empty prompt with code 4", async () => {
    start();
    const res = await http.post("/mj/submit/imagine").send({ prompt: "  " });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 4, result: null });
  });

  it("refuses a body that is not JSON with code 4 and HTTP 400", async () => {
    start();
    const res = await http
      .post("/mj/submit/imagine")
      .set("content-type", "application/json")
      .send("{not json");

    expect(res.status).toBe(400);
    expect(res.body.code).toBe(4);
  });
});

describe("midjourney-proxy fetch", () => {
  it("answers an unknown id with HTTP 200 and an empty body", async () => {
    start();
    const res = await http.get("/mj/task/123456/fetch");

    expect(res.status).toBe(200);
    expect(res.text).toBe("");
  });

  it("lists many tasks by id and skips unknown ones", async () => {
    start();
    const first = await mj.imagine(http, "one");
    const second = await mj.imagine(http, "two");
    const res = await http
      .post("/mj/task/list-by-condition")
      .send({ ids: [first.taskId, "999", second.taskId] });

    expect(res.body.map((task: { id: string }) => task.id)).toEqual([first.taskId, second.taskId]);
  });
});

describe("midjourney-proxy actions", () => {
  it("upsamples a quarter through the button's customId into a single picture", async () => {
    start();
    const grid = await mj.finished(http, (await mj.imagine(http, "a fox")).taskId);
    const { res, taskId } = await mj.press(http, grid.id, mj.button(grid, "U2"));
    const upsample = await mj.finished(http, taskId);

    expect(res.body.code).toBe(1);
    expect(upsample).toMatchObject({
      action: "UPSCALE",
      status: "SUCCESS",
      prompt: "a fox",
      description: `/up ${grid.id} U2`,
      imageUrl: grid.imageUrls[1],
    });
    expect(
      upsample.buttons.map(
        (button: { label: string; emoji: string }) => button.label || button.emoji,
      ),
    ).toEqual(["Vary (Region)", "Zoom Out 2x", "Zoom Out 1.5x", "⬅️", "➡️", "⬆️", "⬇️"]);
  });

  it.each([
    ["V3", "VARIATION"],
    ["🔄", "REROLL"],
  ])("turns grid button %s into a new %s grid", async (button, action) => {
    start();
    const grid = await mj.finished(http, (await mj.imagine(http, "a fox")).taskId);
    const child = await mj.finished(
      http,
      (await mj.press(http, grid.id, mj.button(grid, button))).taskId,
    );

    expect(child).toMatchObject({ action, status: "SUCCESS" });
    expect(child.imageUrls).toHaveLength(4);
    expect(child.imageUrl).not.toBe(grid.imageUrl);
  });

  it.each([
    ["Zoom Out 2x", "ACTION", "2x"],
    ["Zoom Out 1.5x", "ACTION", "1.5x"],
    ["⬅️", "PAN", "left"],
    ["⬇️", "PAN", "down"],
  ])("runs upsample button %s as action %s, making a new grid", async (button, action, word) => {
    start();
    const grid = await mj.finished(http, (await mj.imagine(http, "a fox")).taskId);
    const upsample = await mj.finished(
      http,
      (await mj.press(http, grid.id, mj.button(grid, "U1"))).taskId,
    );
    const child = await mj.finished(
      http,
      (await mj.press(http, upsample.id, mj.button(upsample, button))).taskId,
    );

    expect(child).toMatchObject({ action, status: "SUCCESS" });
    expect(child.description).toContain(word);
    expect(child.imageUrls).toHaveLength(4);
    expect(child.buttons).toHaveLength(9);
  });

  it("answers 404 with code 3 when the parent task does not exist", async () => {
    start();
    const res = await http
      .post("/mj/submit/action")
      .send({ taskId: "42", customId: "MJ::JOB::upsample::1::abc" });

    expect(res.status).toBe(404);
    expect(res.body.code).toBe(3);
  });

  it("refuses with code 4 a customId that is not one of the parent's buttons", async () => {
    start();
    const grid = await mj.finished(http, (await mj.imagine(http, "a fox")).taskId);
    const forged = mj.button(grid, "U1").replace(/::[^:]+$/, "::0000");
    const { res } = await mj.press(http, grid.id, forged);

    expect(res.body).toMatchObject({ code: 4, result: null });
  });

  it("refuses with code 4 a press on a parent that has not succeeded yet", async () => {
    start({ stepLatencyMs: 10_000 });
    const { taskId } = await mj.imagine(http, "a fox");
    const { res } = await mj.press(http, taskId, "MJ::JOB::upsample::1::whatever");

    expect(res.body.code).toBe(4);
  });
});

describe("midjourney-proxy inpaint", () => {
  async function upsampled() {
    const grid = await mj.finished(http, (await mj.imagine(http, "a garden")).taskId);
    return mj.finished(http, (await mj.press(http, grid.id, mj.button(grid, "U4"))).taskId);
  }

  it("waits for its modal: code 21 with a new task id in MODAL status", async () => {
    start();
    const upsample = await upsampled();
    const inpaint = mj.button(upsample, "Vary (Region)");
    const { res, taskId } = await mj.press(http, upsample.id, inpaint);
    const waiting = await mj.fetch(http, taskId);

    expect(res.body).toMatchObject({ code: 21, description: "Waiting for window confirm" });
    expect(taskId).not.toBe(upsample.id);
    expect(waiting).toMatchObject({ action: "INPAINT", status: "MODAL", prompt: "" });
  });

  it("runs once the modal brings a prompt and a mask", async () => {
    start();
    const upsample = await upsampled();
    const { taskId } = await mj.press(http, upsample.id, mj.button(upsample, "Vary (Region)"));
    const res = await http
      .post("/mj/submit/modal")
      .send({ taskId, prompt: "a pond instead", maskBase64: "data:image/png;base64,iVBORw0K" });
    const done = await mj.finished(http, taskId);

    expect(res.body).toMatchObject({ code: 1, result: taskId });
    expect(done).toMatchObject({ status: "SUCCESS", prompt: "a pond instead" });
    expect(done.imageUrls).toHaveLength(4);
  });

  it("refuses a modal without a mask, and a second modal for the same task", async () => {
    start();
    const upsample = await upsampled();
    const { taskId } = await mj.press(http, upsample.id, mj.button(upsample, "Vary (Region)"));
    const noMask = await http.post("/mj/submit/modal").send({ taskId, prompt: "x" });
    const modal = { taskId, prompt: "x", maskBase64: "bWFzaw==" };
    await http.post("/mj/submit/modal").send(modal);
    const again = await http.post("/mj/submit/modal").send(modal);

    expect(noMask.body.code).toBe(4);
    expect(again.body.code).toBe(4);
  });

  it("answers 404 with code 3 for a modal on an unknown task", async () => {
    start();
    const res = await http
      .post("/mj/submit/modal")
      .send({ taskId: "77", prompt: "x", maskBase64: "bWFzaw==" });

    expect(res.status).toBe(404);
    expect(res.body.code).toBe(3);
  });
});

describe("midjourney-proxy auth", () => {
  it("answers 401 to a missing or wrong mj-api-secret when a secret is set", async () => {
    start({ mjSecret: "s3cret" });
    const missing = await http.post("/mj/submit/imagine").send({ prompt: "a" });
    const wrong = await http
      .post("/mj/submit/imagine")
      .set("mj-api-secret", "guess")
      .send({ prompt: "a" });
    const right = await http
      .post("/mj/submit/imagine")
      .set("mj-api-secret", "s3cret")
      .send({ prompt: "a" });

    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(right.body.code).toBe(1);
    expect(simulator.stats().refusals.mj.unauthorized).toBe(2);
  });

  it("checks nothing when no secret is set", async () => {
    start();
    const res = await http
      .post("/mj/submit/imagine")
      .set("mj-api-secret", "any")
      .send({ prompt: "a" });

    expect(res.body.code).toBe(1);
  });
});

describe("media URLs", () => {
  it("use the origin the submission came in on when no public URL is configured", async () => {
    start({ publicUrl: undefined });
    const submit = await http
      .post("/mj/submit/imagine")
      .set("host", "sim.internal:4010")
      .send({ prompt: "a fox" });
    const task = await mj.fetch(http, submit.body.result);

    expect(task.imageUrl).toMatch(/^http:\/\/sim\.internal:4010\/media\/grid\//);
  });
});
