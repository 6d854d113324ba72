/**
 * Fixtures of the adapter tests: the real simulator in process, the adapters pointed at it,
 * jobs shaped as the worker loads them (a follow-up carries what its parent's run stored),
 * and a submit-and-poll loop that checks results against packages/core's schemas.
 */
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type JobAction, type ModelId, resultKindOf, resultSchemaOf } from "@reprise/core";
import { createSimulator, type Simulator } from "@reprise/simulator";
import type { UpstreamAdapter, UpstreamJob, UpstreamState } from "../../src/upstream/adapter.js";
import { createUpstreams, type UpstreamsConfig } from "../../src/upstream/index.js";

/** The credentials the test simulator demands; the adapters are configured with them. */
export const MJ_SECRET = "sim-mj-secret";
export const SUNO_KEY = "sim-suno-key";

/** A 1×1 PNG: the simulator takes any mask, the real proxy forwards it to Midjourney. */
export const MASK_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0g" +
    "AAAABJRU5ErkJggg==",
  "base64",
);

/** The real simulator, in process, on a free loopback port. */
export interface RunningSimulator {
  simulator: Simulator;
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the simulator with zero latency (tasks finish at once) unless a prompt says more. */
export async function startSimulator(): Promise<RunningSimulator> {
  const simulator = createSimulator({ stepLatencyMs: 0, mjSecret: MJ_SECRET, sunoKey: SUNO_KEY });
  const server: Server = simulator.app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;

  return {
    simulator,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      // Cuts the requests the simulator holds on purpose, so the server can close.
      simulator.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The adapters pointed at `baseUrl`, with the right credentials unless told otherwise. */
export function upstreamsAt(baseUrl: string, overrides: Partial<UpstreamsConfig> = {}) {
  return createUpstreams({
    midjourney: { baseUrl, secret: MJ_SECRET },
    suno: { baseUrl, apiKey: SUNO_KEY, callbackUrl: "http://127.0.0.1:9/never-called" },
    requestTimeoutMs: 5_000,
    ...overrides,
  });
}

/** A job that finished upstream, as a later follow-up finds it in its `parent`. */
export interface Finished {
  job: UpstreamJob;
  taskId: string;
  result: unknown;
  upstream: Record<string, unknown>;
}

/** A generation job with the given input. */
export function generation(model: ModelId, input: Record<string, unknown>): UpstreamJob {
  return {
    id: randomUUID(),
    model,
    action: "generate",
    input: { model, ...input },
    parent: null,
    mask: null,
  };
}

/** A follow-up of `parent`, carrying what the parent's run stored, as the worker loads it. */
export function followUp(
  parent: Finished,
  action: JobAction,
  input: Record<string, unknown> = {},
  mask: Buffer | null = null,
): UpstreamJob {
  return {
    id: randomUUID(),
    model: parent.job.model,
    action,
    input: { parentJobId: parent.job.id, action, ...input },
    mask,
    parent: {
      id: parent.job.id,
      action: parent.job.action,
      input: parent.job.input,
      result: parent.result,
      upstreamTaskId: parent.taskId,
      upstream: parent.upstream,
    },
  };
}

/** Polls until the task leaves "running", recording each progress seen on the way. */
export async function pollUntilDone(
  adapter: UpstreamAdapter,
  job: UpstreamJob,
  taskId: string,
  progress: number[] = [],
): Promise<UpstreamState> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const state = await adapter.poll(job, taskId);
    if (state.kind !== "running") return state;
    if (progress.at(-1) !== state.progress) progress.push(state.progress);
    if (Date.now() > deadline) throw new Error(`task ${taskId} still running after 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Submits and polls `job` to success, and checks its result against the schema of its kind
 * in packages/core, as the worker does before it stores it.
 */
export async function runToSuccess(adapter: UpstreamAdapter, job: UpstreamJob): Promise<Finished> {
  const { taskId } = await adapter.submit(job);
  const state = await pollUntilDone(adapter, job, taskId);
  if (state.kind !== "succeeded") {
    throw new Error(`${job.action} ended ${state.kind}: ${JSON.stringify(state)}`);
  }

  const kind = resultKindOf(job.model, job.action);
  if (kind === undefined) throw new Error(`no result kind for ${job.model} ${job.action}`);
  resultSchemaOf(kind).parse(state.result);
  return { job, taskId, result: state.result, upstream: state.upstream };
}

/** A task as the simulator serves it, every field included, to see what the adapter sent. */
export async function rawMjTask(baseUrl: string, taskId: string): Promise<Record<string, string>> {
  const response = await fetch(`${baseUrl}/mj/task/${taskId}/fetch`, {
    headers: { "mj-api-secret": MJ_SECRET },
  });
  return (await response.json()) as Record<string, string>;
}
