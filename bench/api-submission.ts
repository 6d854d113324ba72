import { randomBytes } from "node:crypto";
import { closePrisma, createPrisma, migrate } from "@reprise/db";
import {
  createTestQueuePrefix,
  dropSchema,
  insertJob,
  sampleResult,
  seedCaller,
  stopProcess,
  waitForHttp,
} from "@reprise/testing";
import autocannon from "autocannon";
import { cpuMsBetween, snapshotCpu } from "./cpu-usage.js";
import { startProcess } from "./start-process.js";

// The submission benchmark (issue 3): autocannon loads `POST /v2/images/midjourney/action`
// (an upsample of a valid parent) on the real API, and, in the same run, a bare Express route
// that only parses JSON and answers 202. The API is loaded twice: by one team (every charge
// waits for the lock on that team's balance row) and by 50 teams (one per connection).
//
//   pnpm bench:api            (50 connections, 20 s each; BENCH_SECONDS to change)

const DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = 50;
const API_PORT = 3201;
const BARE_PORT = 3202;

interface Submitter {
  key: string;
  body: string;
}

/** Loads `url`; each request goes out as the next submitter in turn. */
async function load(url: string, submitters: Submitter[]) {
  let turn = 0;
  const cpuBefore = snapshotCpu(named);
  const result = await autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest: (request) => {
          const submitter = submitters[turn++ % submitters.length] as Submitter;
          return {
            ...request,
            body: submitter.body,
            headers: { ...request.headers, "x-api-key": submitter.key },
          };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuMsPerRequest: cpuMsBetween(cpuBefore, snapshotCpu(named), result.requests.total),
  };
}

const schema = `bench_${randomBytes(4).toString("hex")}`;
const queue = createTestQueuePrefix("bench-api");
await migrate({ url: DATABASE_URL, schema });
const prisma = createPrisma({ url: DATABASE_URL, schema });
/** A team with credits for any run, and a completed grid to upsample. */
async function seedSubmitter(): Promise<Submitter> {
  const caller = await seedCaller(prisma, { credits: 100_000_000, maxConcurrentJobs: 10_000_000 });
  const parent = await insertJob(prisma, caller, {
    model: "midjourney",
    action: "generate",
    result: sampleResult("grid"),
  });
  return {
    key: caller.key,
    body: JSON.stringify({ parentJobId: parent.id, action: "upsample", index: 1 }),
  };
}
const oneTeam = [await seedSubmitter()];
const manyTeams = await Promise.all(Array.from({ length: CONNECTIONS }, seedSubmitter));

const api = startProcess("apps/api/dist/main.js", {
  PORT: String(API_PORT),
  DATABASE_URL,
  DATABASE_SCHEMA: schema,
  QUEUE_PREFIX: queue.prefix,
  RATE_LIMIT_PER_MINUTE: "0",
  LOG_LEVEL: "warn",
  NODE_ENV: "production",
});
const bare = startProcess("bench/bare-server.js", { PORT: String(BARE_PORT) });
/** The processes whose CPU time each load reports, besides PostgreSQL and Redis. */
const named = new Map([
  [api.pid ?? 0, "api"],
  [bare.pid ?? 0, "bare route"],
]);

try {
  await waitForHttp(`http://127.0.0.1:${API_PORT}/v2/models`);
  await waitForHttp(`http://127.0.0.1:${BARE_PORT}/`);
  const path = "/v2/images/midjourney/action";

  const baseline = await load(`http://127.0.0.1:${BARE_PORT}${path}`, oneTeam);
  const single = await load(`http://127.0.0.1:${API_PORT}${path}`, oneTeam);
  const spread = await load(`http://127.0.0.1:${API_PORT}${path}`, manyTeams);
  // Every 202 recorded a job: the jobs may only exceed the 202s counted by the requests still
  // in flight when a load stopped (up to one per connection).
  const jobsRecorded = await prisma.job.count({ where: { action: "upsample" } });
  const accepted = single.requests - single.non2xx + (spread.requests - spread.non2xx);

  const report = { seconds: SECONDS, connections: CONNECTIONS, baseline, single, spread };
  console.log(JSON.stringify({ ...report, jobsRecorded, accepted }, null, 2));
  for (const [label, run] of [
    ["one team", single],
    ["50 teams", spread],
  ] as const) {
    const ratio = (run.requestsPerSecond / baseline.requestsPerSecond).toFixed(3);
    console.log(
      `upsample submission, ${label}: ${run.requestsPerSecond} req/s, p50 ${run.p50Ms} ms, ` +
        `p99 ${run.p99Ms} ms; bare route ${baseline.requestsPerSecond} req/s; ratio ${ratio}`,
    );
  }
} finally {
  await stopProcess(api);
  await stopProcess(bare);
  await closePrisma(prisma);
  await dropSchema(schema);
  await queue.clean();
}
