import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { Simulator } from "../src/index.js";
import {
  type Http,
  mj,
  type Receiver,
  sleep,
  startReceiver,
  startSimulator,
  suno,
  until,
} from "./support.js";

let simulator: Simulator;
let http: Http;
let receiver: Receiver;

function start(options: Parameters<typeof startSimulator>[0] = {}) {
  ({ simulator, http } = startSimulator(options));
}

beforeEach(async () => {
  receiver = await startReceiver();
});

afterEach(async () => {
  simulator.close();
  await receiver.close();
});

interface MjHookBody {
  id: string;
  action: string;
  status: string;
  progress: string;
}

interface SongCallbackBody {
  code: number;
  data: { callbackType: string; task_id: string; data: Record<string, unknown>[] | null };
}

interface StemsCallbackBody {
  code: number;
  data: { task_id: string; vocal_removal_info: Record<string, string> };
}

describe("Midjourney notifyHook", () => {
  it("posts the task JSON on each change, in order, ending in SUCCESS", async () => {
    start({ stepLatencyMs: 30 });
    const { taskId } = await mj.imagine(http, "a cat", { notifyHook: receiver.url });
    const bodies = (await receiver.received(5)) as MjHookBody[];

    expect(bodies.map((task) => `${task.status} ${task.progress}`)).toEqual([
      "SUBMITTED 0%",
      "IN_PROGRESS 25%",
      "IN_PROGRESS 50%",
      "IN_PROGRESS 75%",
      "SUCCESS 100%",
    ]);
    expect(bodies.at(-1)).toEqual(await mj.fetch(http, taskId));
  });

  it("posts once, the final task, when latency is zero", async () => {
    start();
    await mj.imagine(http, "a cat", { notifyHook: receiver.url });
    await receiver.received(1);
    await sleep(50);

    expect(receiver.bodies).toHaveLength(1);
    expect((receiver.bodies[0] as MjHookBody).status).toBe("SUCCESS");
  });

  it("posts nothing for an inpaint until its modal is confirmed", async () => {
    start();
    const grid = await mj.finished(http, (await mj.imagine(http, "a cat")).taskId);
    const upsample = await mj.finished(
      http,
      (await mj.press(http, grid.id, mj.button(grid, "U1"))).taskId,
    );
    const { taskId } = await http
      .post("/mj/submit/action")
      .send({
        taskId: upsample.id,
        customId: mj.button(upsample, "Vary (Region)"),
        notifyHook: receiver.url,
      })
      .then((res) => ({ taskId: res.body.result as string }));
    await sleep(50);
    expect(receiver.bodies).toHaveLength(0);

    await http.post("/mj/submit/modal").send({ taskId, prompt: "a pond", maskBase64: "bWFzaw==" });
    const [body] = (await receiver.received(1)) as MjHookBody[];
    expect(body).toMatchObject({ id: taskId, status: "SUCCESS", action: "INPAINT" });
  });

  it("counts deliveries that could not be made, without retrying them", async () => {
    start();
    await mj.imagine(http, "a cat", { notifyHook: "http://127.0.0.1:9/closed" });
    const stats = await until(
      async () => simulator.stats(),
      (current) => current.notifications.failed === 1,
    );

    expect(stats.notifications).toEqual({ sent: 0, failed: 1 });
  });
});

describe("Suno callBackUrl", () => {
  it("posts text, first and complete stages with snake_case tracks", async () => {
    start({ stepLatencyMs: 30 });
    const { taskId } = await suno.generate(http, { callBackUrl: receiver.url });
    const bodies = (await receiver.received(3)) as SongCallbackBody[];

    expect(bodies.map((body) => body.data.callbackType)).toEqual(["text", "first", "complete"]);
    const complete = bodies[2]!;
    expect(complete).toMatchObject({ code: 200, data: { task_id: taskId } });
    const tracks = complete.data.data ?? [];
    expect(tracks).toHaveLength(2);
    expect(Object.keys(tracks[0] ?? {})).toEqual(
      expect.arrayContaining(["id", "audio_url", "stream_audio_url", "image_url", "model_name"]),
    );
  });

  it("posts one error callback with code 501 for a failed song", async () => {
    start();
    await suno.generate(http, { prompt: "[sim:fail] a", callBackUrl: receiver.url });
    const [body] = (await receiver.received(1)) as SongCallbackBody[];

    expect(body).toMatchObject({ code: 501, data: { callbackType: "error", data: null } });
  });

  it("posts the stems' URLs once they are separated", async () => {
    start();
    const song = await suno.song(http);
    const res = await http.post("/api/v1/vocal-removal/generate").send({
      taskId: song.taskId,
      audioId: song.tracks[0]!.id,
      callBackUrl: receiver.url,
    });
    const [body] = (await receiver.received(1)) as StemsCallbackBody[];

    expect(body).toMatchObject({ code: 200, data: { task_id: res.body.data.taskId } });
    expect(Object.keys(body!.data.vocal_removal_info).sort()).toEqual([
      "instrumental_url",
      "origin_url",
      "vocal_url",
    ]);
  });

  it("stops pending callbacks on reset", async () => {
    start({ stepLatencyMs: 100 });
    await suno.generate(http, { callBackUrl: receiver.url });
    simulator.reset();
    await sleep(400);

    expect(receiver.bodies).toHaveLength(0);
  });
});
