import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { closePrisma, createPrisma, migrate, type PrismaClient } from "@reprise/db";
import {
  createTestQueuePrefix,
  dropSchema,
  seedCaller,
  stopProcess,
  waitForHttp,
} from "@reprise/testing";
import autocannon from "autocannon";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { cpuMsBetween, snapshotCpu } from "./cpu-usage.js";
import { startProcess } from "./start-process.js";

// The worker benchmarks (issue 4), each through the real API, worker and simulator processes:
//  1. throughput: 5,000 jobs on a zero-latency simulator with one worker, completed jobs per
//     second end to end, beside a no-op BullMQ worker draining 5,000 jobs on the same Redis;
//  2. scale-out: a simulator taking 2 s per job, one worker replica and then two;
//  3. memory: the peak RSS of the worker during run 1.
//
//   pnpm bench:worker         (BENCH_JOBS, BENCH_SCALE_JOBS to change the sizes)

const DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const JOBS = Number(process.env.BENCH_JOBS ?? 5_000);
const SCALE_JOBS = Number(process.env.BENCH_SCALE_JOBS ?? 600);
const API = "http://127.0.0.1:3211";
/** As in apps/worker's start script: a smaller young generation keeps the worker's RSS down. */
const WORKER_NODE_FLAGS = ["--max-semi-space-size=4"];
const SIMULATOR = "http://127.0.0.1:3212";

interface Run {
  /** The API and simulator processes, by the name their CPU time is reported under. */
  services: Map<number, string>;
  schema: string;
  prefix: string;
  prisma: PrismaClient;
  key: string;
  close(): Promise<void>;
}

async function prepareRun(label: string): Promise<Run> {
  const schema = `bench_${label}_${randomBytes(3).toString("hex")}`;
  const queue = createTestQueuePrefix(`bench-${label}`);
  await migrate({ url: DATABASE_URL, schema });
  const prisma = createPrisma({ url: DATABASE_URL, schema });
  const caller = await seedCaller(prisma, { credits: 100_000_000, maxConcurrentJobs: 1_000_000 });
  return {
    services: new Map(),
    schema,
    prefix: queue.prefix,
    prisma,
    key: caller.key,
    async close() {
      await closePrisma(prisma);
      await dropSchema(schema);
      await queue.clean();
    },
  };
}

function appEnv(run: Run): Record<string, string> {
  return {
    DATABASE_URL,
    DATABASE_SCHEMA: run.schema,
    REDIS_URL,
    QUEUE_PREFIX: run.prefix,
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
  };
}

/**
 * Submits `count` Midjourney generations through the API, 50 at a time, with autocannon: a
 * load generator light enough to leave the two cores to Reprise.
 */
async function submitJobs(run: Run, count: number): Promise<void> {
  let next = 0;
  const result = await autocannon({
    url: `${API}/v2/images/generate`,
    method: "POST",
    connections: Math.min(50, count),
    amount: count,
    headers: { "content-type": "application/json", "x-api-key": run.key },
    requests: [
      {
        setupRequest: (request) => {
          next += 1;
          return {
            ...request,
            body: JSON.stringify({ prompt: `bench ${next}`, model: "midjourney" }),
          };
        },
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${result.non2xx} submissions refused, ${result.errors} errors`);
  }
}

async function waitForCompleted(run: Run, count: number): Promise<void> {
  for (;;) {
    const done = await run.prisma.job.count({ where: { status: { in: ["COMPLETED", "FAILED"] } } });
    if (done >= count) return;
    await sleep(50);
  }
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** Jobs per second of Reprise end to end: submit `count` jobs and wait for every one to end. */
async function endToEnd(
  run: Run,
  count: number,
  workers: number,
  workerEnv: Record<string, string>,
) {
  const replicas = Array.from({ length: workers }, () =>
    startProcess("apps/worker/dist/main.js", { ...appEnv(run), ...workerEnv }, WORKER_NODE_FLAGS),
  );
  const named = new Map(run.services);
  for (const replica of replicas) named.set(replica.pid ?? 0, "worker");
  let seconds: number;
  let peakMb: number;
  let cpuMsPerJob: Record<string, number>;
  try {
    await sleep(2_000);
    const cpuBefore = snapshotCpu(named);
    const started = performance.now();
    await submitJobs(run, count);
    await waitForCompleted(run, count);
    seconds = (performance.now() - started) / 1000;
    cpuMsPerJob = cpuMsBetween(cpuBefore, snapshotCpu(named), count);
    peakMb = Math.max(...replicas.map((replica) => peakRssMb(replica.pid ?? 0)));
  } finally {
    await Promise.all(replicas.map((replica) => stopProcess(replica)));
  }
  const failed = await run.prisma.job.count({ where: { status: "FAILED" } });
  return {
    jobs: count,
    seconds: Number(seconds.toFixed(2)),
    jobsPerSecond: Math.round(count / seconds),
    failed,
    peakWorkerRssMb: peakMb,
    cpuMsPerJob,
  };
}

/** The same Redis with nothing but BullMQ: a no-op worker draining `count` jobs. */
async function noOpBaseline(count: number) {
  const prefix = createTestQueuePrefix("bench-noop");
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue("noop", { connection, prefix: prefix.prefix });
  await queue.addBulk(
    Array.from({ length: count }, (_, n) => ({
      name: "noop",
      data: { n },
      opts: { removeOnComplete: true },
    })),
  );
  let completed = 0;
  const started = performance.now();
  const worker = new Worker("noop", async () => {}, {
    connection,
    prefix: prefix.prefix,
    concurrency: 20,
  });
  worker.on("completed", () => {
    completed += 1;
  });
  while (completed < count) await sleep(10);
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.close();
  connection.disconnect();
  await prefix.clean();
  return {
    jobs: count,
    seconds: Number(seconds.toFixed(2)),
    jobsPerSecond: Math.round(count / seconds),
  };
}

async function withStack<T>(label: string, stepLatencyMs: number, body: (run: Run) => Promise<T>) {
  const run = await prepareRun(label);
  const simulator = startProcess("apps/simulator/dist/main.js", {
    PORT: "3212",
    SIMULATOR_STEP_LATENCY_MS: String(stepLatencyMs),
    LOG_LEVEL: "warn",
  });
  const api = startProcess("apps/api/dist/main.js", {
    ...appEnv(run),
    PORT: "3211",
    RATE_LIMIT_PER_MINUTE: "0",
  });
  run.services.set(simulator.pid ?? 0, "simulator");
  run.services.set(api.pid ?? 0, "api");
  try {
    await waitForHttp(`${SIMULATOR}/__sim/health`);
    await waitForHttp(`${API}/v2/models`);
    return await body(run);
  } finally {
    await stopProcess(api);
    await stopProcess(simulator);
    await run.close();
  }
}

const upstream = { MIDJOURNEY_PROXY_URL: SIMULATOR, SUNO_API_URL: SIMULATOR };

const noOp = await noOpBaseline(JOBS);
const throughput = await withStack("throughput", 0, (run) =>
  endToEnd(run, JOBS, 1, { ...upstream, WORKER_CONCURRENCY: "50", POLL_INTERVAL_MS: "50" }),
);
// A Midjourney task has five lifecycle steps: 400 ms each makes 2 s per job.
const scaleEnv = { ...upstream, WORKER_CONCURRENCY: "20", POLL_INTERVAL_MS: "100" };
const oneReplica = await withStack("scale1", 400, (run) => endToEnd(run, SCALE_JOBS, 1, scaleEnv));
const twoReplicas = await withStack("scale2", 400, (run) => endToEnd(run, SCALE_JOBS, 2, scaleEnv));

const scaleOut = twoReplicas.jobsPerSecond / oneReplica.jobsPerSecond;
console.log(JSON.stringify({ noOp, throughput, oneReplica, twoReplicas }, null, 2));
console.log(
  `throughput: ${throughput.jobsPerSecond} jobs/s end to end (no-op BullMQ worker: ` +
    `${noOp.jobsPerSecond} jobs/s); peak worker RSS ${throughput.peakWorkerRssMb} MB`,
);
console.log(
  `scale-out at 2 s per job: 1 replica ${oneReplica.jobsPerSecond} jobs/s, 2 replicas ` +
    `${twoReplicas.jobsPerSecond} jobs/s, ratio ${scaleOut.toFixed(2)}`,
);
