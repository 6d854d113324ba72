import type { ChildProcess } from "node:child_process";
import { execFile } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  freePort,
  REPO_ROOT,
  type SeededCaller,
  seedCaller,
  startAppProcess,
  stopProcess,
  TEST_DATABASE_URL,
  waitForHttp,
} from "@reprise/testing";
import { type Stack, startStack, workerProcessEnv } from "./stack.js";

// Production runs each app from its bundle (`pnpm build`, scripts/bundle.mjs) on plain node,
// while every other test runs the TypeScript sources. This one builds the three bundles and
// runs a job through them, so a dependency that cannot be bundled, or a file one reads at run
// time, fails here rather than in production.

const run = promisify(execFile);
const apps = ["api", "worker", "simulator"] as const;

let stack: Stack;
let caller: SeededCaller;
let api: string;
let simulator: string;
const processes: ChildProcess[] = [];

function startBundle(app: (typeof apps)[number], env: Record<string, string>) {
  const child = startAppProcess(`apps/${app}/dist/main.js`, { env: { LOG_LEVEL: "warn", ...env } });
  processes.push(child);
}

beforeAll(async () => {
  for (const app of apps) {
    await run(process.execPath, [path.join(REPO_ROOT, "scripts/bundle.mjs")], {
      cwd: path.join(REPO_ROOT, "apps", app),
    });
  }
  stack = await startStack("bundles", { worker: false });
  caller = await seedCaller(stack.prisma);

  const simulatorPort = await freePort();
  simulator = `http://127.0.0.1:${simulatorPort}`;
  startBundle("simulator", { PORT: String(simulatorPort) });
  const apiPort = await freePort();
  api = `http://127.0.0.1:${apiPort}`;
  startBundle("api", {
    PORT: String(apiPort),
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: stack.schema,
    REDIS_URL: stack.redisUrl,
    QUEUE_PREFIX: stack.queuePrefix,
  });
  startBundle("worker", {
    ...workerProcessEnv(stack),
    MIDJOURNEY_PROXY_URL: simulator,
    SUNO_API_URL: simulator,
  });
  await waitForHttp(`${simulator}/__sim/health`);
  await waitForHttp(`${api}/v2/models`);
}, 60_000);

afterAll(async () => {
  await Promise.all(processes.map((child) => stopProcess(child)));
  await stack.close();
});

interface EndedJob {
  status: string;
  result: { images: string[] };
}

async function waitForEnd(jobId: string): Promise<EndedJob> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const response = await fetch(`${api}/v2/jobs/${jobId}`, {
      headers: { "x-api-key": caller.key },
    });
    const job = (await response.json()) as EndedJob;
    if (job.status === "COMPLETED" || job.status === "FAILED") return job;
    await sleep(50);
  }
  throw new Error(`job ${jobId} did not end`);
}

describe("the bundled apps", () => {
  it("run a Midjourney generation to the end, images and all", async () => {
    const submitted = await fetch(`${api}/v2/images/generate`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": caller.key },
      body: JSON.stringify({ prompt: "a lighthouse at dusk", model: "midjourney" }),
    });
    expect(submitted.status).toBe(202);
    const { jobId } = (await submitted.json()) as { jobId: string };

    const job = await waitForEnd(jobId);

    expect(job.status).toBe("COMPLETED");
    expect(job.result.images).toHaveLength(4);
    const image = await fetch(job.result.images[0] ?? "");
    expect(image.headers.get("content-type")).toBe("image/png");
    expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it("serve the API's documentation with its assets", async () => {
    for (const page of ["/v2/openapi.json", "/docs/", "/docs/swagger-ui.css"]) {
      const response = await fetch(`${api}${page}`);
      await response.text();
      expect([page, response.status]).toEqual([page, 200]);
    }
  });
});
