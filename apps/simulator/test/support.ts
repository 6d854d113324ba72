import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { createSimulator, type Simulator, type SimulatorOptions } from "../src/index.js";

/** Origin the test simulators write into media URLs; supertest's own port changes per request. */
export const PUBLIC_URL = "http://simulator.test";

/** A simulator with zero latency unless a test asks for more, and a supertest agent on it. */
export function startSimulator(options: SimulatorOptions = {}) {
  const simulator: Simulator = createSimulator({
    stepLatencyMs: 0,
    publicUrl: PUBLIC_URL,
    ...options,
  });
  return { simulator, http: request(simulator.app) };
}

export type Http = ReturnType<typeof startSimulator>["http"];

/** Path and query of an absolute media URL, to fetch it through supertest. */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Calls `read` until `done` holds for its result, or fails after `timeoutMs`. */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** An HTTP receiver for notifyHook and callBackUrl posts, listening on loopback. */
export interface Receiver {
  url: string;
  bodies: unknown[];
  /** Resolves once `count` bodies have arrived. */
  received(count: number, timeoutMs?: number): Promise<unknown[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const bodies: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => {
      bodies.push(JSON.parse(text));
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"received"}');
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    received: (count, timeoutMs = 5000) =>
      until(
        async () => bodies,
        (all) => all.length >= count,
        timeoutMs,
      ),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Midjourney helpers. */
export const mj = {
  async imagine(http: Http, prompt: string, extra: Record<string, unknown> = {}) {
    const res = await http.post("/mj/submit/imagine").send({ prompt, ...extra });
    return { res, taskId: res.body.result as string };
  },

  async fetch(http: Http, taskId: string) {
    return (await http.get(`/mj/task/${taskId}/fetch`)).body;
  },

  /** Polls until the task ends (SUCCESS or FAILURE). */
  async finished(http: Http, taskId: string) {
    return until(
      () => mj.fetch(http, taskId),
      (task) => task.status === "SUCCESS" || task.status === "FAILURE",
    );
  },

  /** The customId of the parent's button with `label` (or emoji). */
  button(task: { buttons: { customId: string; label: string; emoji: string }[] }, name: string) {
    const button = task.buttons.find((candidate) =>
      [candidate.label, candidate.emoji].includes(name),
    );
    if (!button) throw new Error(`no button ${name}`);
    return button.customId;
  },

  async press(http: Http, taskId: string, customId: string) {
    const res = await http.post("/mj/submit/action").send({ taskId, customId });
    return { res, taskId: res.body.result as string };
  },
};

/** Suno helpers. */
export const CALLBACK = "http://127.0.0.1:9/never-called";

export const suno = {
  generateBody: (extra: Record<string, unknown> = {}) => ({
    customMode: false,
    instrumental: false,
    model: "V4_5",
    prompt: "a song about the sea",
    callBackUrl: CALLBACK,
    ...extra,
  }),

  async generate(http: Http, extra: Record<string, unknown> = {}) {
    const res = await http.post("/api/v1/generate").send(suno.generateBody(extra));
    return { res, taskId: res.body.data?.taskId as string };
  },

  async record(http: Http, taskId: string) {
    return (await http.get("/api/v1/generate/record-info").query({ taskId })).body;
  },

  async finished(http: Http, taskId: string) {
    return until(
      () => suno.record(http, taskId),
      (body) => !["PENDING", "TEXT_SUCCESS", "FIRST_SUCCESS"].includes(body.data.status),
    );
  },

  /** A finished song task and its two tracks. */
  async song(http: Http, extra: Record<string, unknown> = {}) {
    const { taskId } = await suno.generate(http, extra);
    const record = await suno.finished(http, taskId);
    return { taskId, tracks: record.data.response.sunoData as SunoTrack[] };
  },
};

export interface SunoTrack {
  id: string;
  audioUrl: string;
  streamAudioUrl: string;
  imageUrl: string;
  title: string;
  duration: number;
}
