import { randomBytes } from "node:crypto";
import { createPrisma, migrate } from "@reprise/db";
import {
  createTestQueuePrefix,
  dropSchema,
  insertJob,
  sampleResult,
  seedCaller,
} from "@reprise/testing";
import autocannon from "autocannon";
import { startProcess, stop, waitForHttp } from "./processes.js";

// The submission benchmark (issue 3): autocannon loads `POST /v2/images/midjourney/action`
// (an upsample of a valid parent) on the real API, and, in the same run, a bare Express route
// that only parses JSON and answers 202. Prints both and their ratio.
//
//   pnpm bench:api            (50 connections, 20 s each; BENCH_SECONDS to change)

const DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = 50;
const API_PORT = 3201;
const BARE_PORT = 3202;

async function load(url: string, headers: Record<string, string>, body: string) {
  const result = await autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const schema = `bench_${randomBytes(4).toString("hex")}`;
const queue = createTestQueuePrefix("bench-api");
await migrate({ url: DATABASE_URL, schema });
const prisma = createPrisma({ url: DATABASE_URL, schema });
const caller = await seedCaller(prisma, { credits: 100_000_000, maxConcurrentJobs: 10_000_000 });
const parent = await insertJob(prisma, caller, {
  model: "midjourney",
  action: "generate",
  result: sampleResult("grid"),
});

const api = startProcess("apps/api/src/main.ts", {
  PORT: String(API_PORT),
  DATABASE_URL,
  DATABASE_SCHEMA: schema,
  QUEUE_PREFIX: queue.prefix,
  RATE_LIMIT_PER_MINUTE: "0",
  LOG_LEVEL: "warn",
  NODE_ENV: "production",
});
const bare = startProcess("bench/bare-server.ts", { PORT: String(BARE_PORT) });

try {
  await waitForHttp(`http://127.0.0.1:${API_PORT}/v2/models`);
  await waitForHttp(`http://127.0.0.1:${BARE_PORT}/`);
  const body = JSON.stringify({ parentJobId: parent.id, action: "upsample", index: 1 });
  const path = "/v2/images/midjourney/action";

  const baseline = await load(`http://127.0.0.1:${BARE_PORT}${path}`, {}, body);
  const reprise = await load(
    `http://127.0.0.1:${API_PORT}${path}`,
    { "x-api-key": caller.key },
    body,
  );
  const jobs = await prisma.job.count({ where: { parentJobId: parent.id } });

  console.log(
    JSON.stringify(
      { seconds: SECONDS, connections: CONNECTIONS, baseline, reprise, jobsRecorded: jobs },
      null,
      2,
    ),
  );
  console.log(
    `upsample submission: ${reprise.requestsPerSecond} req/s, p50 ${reprise.p50Ms} ms, ` +
      `p99 ${reprise.p99Ms} ms; bare route ${baseline.requestsPerSecond} req/s; ` +
      `ratio ${(reprise.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)}`,
  );
} finally {
  await stop(api);
  await stop(bare);
  await prisma.$disconnect();
  await dropSchema(schema);
  await queue.clean();
}
