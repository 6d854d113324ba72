import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { runQuery } from "../src/client.js";
import {
  chargeAndRecord,
  createApiKey,
  createTeam,
  createUser,
  findKeyHolders,
  findParentJobs,
  hashApiKey,
  type NewSubmission,
  type PrismaClient,
} from "../src/index.js";
import { type MigratedSchema, migratedSchema, sql } from "./schema-fixture.js";

// The lookups of the submission path must read their rows by key however much the tables grew
// since the connection first ran them. A prepared statement keeps the plan it settled on while
// its tables were nearly empty, where a sequential scan is the cheapest; with nothing to replan
// it (autovacuum is off on this machine), the parent lookup went on scanning the whole jobs
// table. One connection runs everything, so a cached plan would be the one used afterwards.
const GROWN_TO = 5_000;
const BATCH = 20;
let db: MigratedSchema;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await migratedSchema("plans", 1);
  prisma = db.prisma;
});

afterAll(() => db.close());

/** Sequential scans of each table so far, as PostgreSQL counts them. */
async function sequentialScans(): Promise<Record<string, number>> {
  // The pool's one connection sends its counts before it answers this.
  await runQuery(prisma, "SELECT pg_stat_force_next_flush()", []);
  const rows = await sql<{ relname: string; seq_scan: string }>(
    "SELECT relname, seq_scan FROM pg_stat_user_tables WHERE schemaname = $1",
    [db.schema],
  );
  return Object.fromEntries(rows.map((row) => [row.relname, Number(row.seq_scan)]));
}

interface Submitter {
  key: string;
  teamId: string;
  userId: string;
  apiKeyId: string;
}

async function submitter(): Promise<Submitter> {
  const team = await createTeam(prisma, {
    name: randomUUID(),
    credits: 1_000,
    maxConcurrentJobs: 100,
  });
  const user = await createUser(prisma, {
    teamId: team.id,
    email: `${randomUUID()}@reprise.test`,
    role: "MEMBER",
  });
  const { key, record } = await createApiKey(prisma, user.id);
  return { key, teamId: team.id, userId: user.id, apiKeyId: record.id };
}

function submission(who: Submitter): NewSubmission {
  const { key: _, ...owner } = who;
  return {
    job: {
      id: randomUUID(),
      ...owner,
      model: "midjourney",
      action: "generate",
      parentJobId: null,
      input: { prompt: "a lighthouse" },
      creditCost: 1,
      webhookUrl: null,
      webhookEvents: [],
      mask: null,
    },
    idempotency: null,
  };
}

/** Rows enough that a sequential scan costs far more than reading by key. */
async function growTables({ userId, teamId, apiKeyId }: Submitter) {
  const schema = db.schema;
  await sql(
    `INSERT INTO "${schema}".teams (id, name, webhook_secret)
             SELECT gen_random_uuid(), 'filler ' || n, 'whsec_filler' FROM generate_series(1, $1) n`,
    [GROWN_TO],
  );
  await sql(
    `INSERT INTO "${schema}".api_keys (id, user_id, key_hash, prefix, name)
             SELECT gen_random_uuid(), $2, md5(n::text), 'rpk_', 'filler'
             FROM generate_series(1, $1) n`,
    [GROWN_TO, userId],
  );
  await sql(
    `INSERT INTO "${schema}".jobs (id, user_id, team_id, api_key_id, model, action, input,
                                           credit_cost)
             SELECT gen_random_uuid(), $2, $3, $4, 'midjourney', 'generate', '{}', 1
             FROM generate_series(1, $1) n`,
    [GROWN_TO, userId, teamId, apiKeyId],
  );
}

describe("the submission path's lookups", () => {
  it("read by key, not by scanning, after the tables grew", async () => {
    // Batches as the API sends them: a turn's worth of keys, parents and charges.
    const submitters = await Promise.all(Array.from({ length: BATCH }, submitter));
    const hashes = submitters.map((who) => hashApiKey(who.key));
    const parents = submitters.map(submission);
    const batchOfLookups = async () => {
      expect(await findKeyHolders(prisma, hashes)).toHaveLength(BATCH);
      expect(
        await findParentJobs(
          prisma,
          parents.map(({ job }) => job.id),
        ),
      ).toHaveLength(BATCH);
    };
    await chargeAndRecord(prisma, parents);
    // Ten rounds while the tables hold a few rows: enough for a prepared statement to settle
    // on a generic plan.
    for (let round = 0; round < 10; round++) {
      await batchOfLookups();
      await chargeAndRecord(prisma, submitters.map(submission));
    }
    const [someone] = submitters as [Submitter];
    await growTables(someone);
    const before = await sequentialScans();

    for (let round = 0; round < 5; round++) {
      await batchOfLookups();
      const outcomes = await chargeAndRecord(prisma, submitters.map(submission));
      expect(outcomes.every((outcome) => outcome.kind === "recorded")).toBe(true);
    }
    const after = await sequentialScans();

    const scansDuring = (table: string) => (after[table] ?? 0) - (before[table] ?? 0);
    expect({
      api_keys: scansDuring("api_keys"),
      jobs: scansDuring("jobs"),
      teams: scansDuring("teams"),
    }).toEqual({ api_keys: 0, jobs: 0, teams: 0 });
  });
});
