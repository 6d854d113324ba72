import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "@jest/globals";
import { runQuery } from "../src/client.js";
import {
  beginRun,
  chargeAndRecord,
  completeJob,
  createApiKey,
  createTeam,
  createUser,
  failJob,
  findKeyHolders,
  findParentJobs,
  hashApiKey,
  markSubmitted,
  type NewSubmission,
  recordProgress,
} from "../src/index.js";
import { type MigratedSchema, migratedSchema, sql } from "./schema-fixture.js";

// The statements on every request's and every job's path must find their rows by key however
// much the tables grew since a connection first ran them. PostgreSQL soon settles a prepared
// statement on one generic plan made from the statistics of that moment, and nothing replans
// it before an ANALYZE (autovacuum is off on this machine): planned on nearly empty tables, the
// parent lookup kept a sequential scan of jobs, and the job transitions the status index. Each
// test starts on empty tables and runs everything on one connection, so a plan cached early is
// the one used once the tables have grown.
const GROWN_TO = 5_000;
const BATCH = 20;
const ROUNDS_TO_SETTLE = 10;
let db: MigratedSchema;

afterEach(() => db.close());

/** What PostgreSQL counted so far for the tables and indexes of the test's schema. */
async function readCounts() {
  // The pool's one connection sends its counts before it answers this.
  await runQuery(db.prisma, "SELECT pg_stat_force_next_flush()", []);
  const tables = await sql<{ relname: string; seq_scan: string }>(
    "SELECT relname, seq_scan FROM pg_stat_user_tables WHERE schemaname = $1",
    [db.schema],
  );
  const indexes = await sql<{ indexrelname: string; idx_tup_read: string }>(
    "SELECT indexrelname, idx_tup_read FROM pg_stat_user_indexes WHERE schemaname = $1",
    [db.schema],
  );
  return {
    sequentialScans: (table: string) =>
      Number(tables.find((row) => row.relname === table)?.seq_scan ?? 0),
    entriesRead: (index: string) =>
      Number(indexes.find((row) => row.indexrelname === index)?.idx_tup_read ?? 0),
  };
}

interface Submitter {
  key: string;
  teamId: string;
  userId: string;
  apiKeyId: string;
}

async function submitter(): Promise<Submitter> {
  const team = await createTeam(db.prisma, {
    name: randomUUID(),
    credits: 100_000,
    maxConcurrentJobs: 100_000,
  });
  const user = await createUser(db.prisma, {
    teamId: team.id,
    email: `${randomUUID()}@reprise.test`,
    role: "MEMBER",
  });
  const { key, record } = await createApiKey(db.prisma, user.id);
  return { key, teamId: team.id, userId: user.id, apiKeyId: record.id };
}

function submission({ key: _, ...owner }: Submitter): NewSubmission {
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

/**
 * Rows enough that scanning costs far more than reading by key: teams, keys, and jobs of
 * which half wait QUEUED and half run, as under a backlog.
 */
async function growTables({ userId, teamId, apiKeyId }: Submitter) {
  const schema = db.schema;
  await sql(
    `INSERT INTO "${schema}".teams (id, name, webhook_secret)
     SELECT gen_random_uuid(), 'filler ' || n, 'whsec_filler' FROM generate_series(1, $1) n`,
    [GROWN_TO],
  );
  await sql(
    `INSERT INTO "${schema}".api_keys (id, user_id, key_hash, prefix, name)
     SELECT gen_random_uuid(), $2, md5(n::text), 'rpk_', 'filler' FROM generate_series(1, $1) n`,
    [GROWN_TO, userId],
  );
  await sql(
    `INSERT INTO "${schema}".jobs (id, user_id, team_id, api_key_id, model, action, input,
                                  credit_cost, status)
     SELECT gen_random_uuid(), $2, $3, $4, 'midjourney', 'generate', '{}', 1,
            (CASE WHEN n % 2 = 0 THEN 'QUEUED' ELSE 'PROCESSING' END)::"${schema}"."JobStatus"
     FROM generate_series(1, $1) n`,
    [GROWN_TO, userId, teamId, apiKeyId],
  );
}

describe("as the tables grow", () => {
  it("the submission path's lookups and charges still read by key", async () => {
    db = await migratedSchema("plans_submit", 1);
    // Batches as the API sends them: a turn's worth of keys, parents and charges.
    const submitters = await Promise.all(Array.from({ length: BATCH }, submitter));
    const hashes = submitters.map((who) => hashApiKey(who.key));
    const parents = submitters.map(submission);
    const parentIds = parents.map(({ job }) => job.id);
    await chargeAndRecord(db.prisma, parents);
    const submitBatch = async () => {
      expect(await findKeyHolders(db.prisma, hashes)).toHaveLength(BATCH);
      expect(await findParentJobs(db.prisma, parentIds)).toHaveLength(BATCH);
      const outcomes = await chargeAndRecord(db.prisma, submitters.map(submission));
      expect(outcomes.every((outcome) => outcome.kind === "recorded")).toBe(true);
    };
    for (let round = 0; round < ROUNDS_TO_SETTLE; round++) await submitBatch();
    await growTables(submitters[0] as Submitter);
    const before = await readCounts();

    for (let round = 0; round < 5; round++) await submitBatch();
    const after = await readCounts();

    const scans = (table: string) => after.sequentialScans(table) - before.sequentialScans(table);
    expect({ api_keys: scans("api_keys"), jobs: scans("jobs"), teams: scans("teams") }).toEqual({
      api_keys: 0,
      jobs: 0,
      teams: 0,
    });
  });

  it("the job transitions find their job by its id, however many jobs wait or run", async () => {
    db = await migratedSchema("plans_run", 1);
    const who = await submitter();
    // A job's life as the worker leads it, and one that fails before it was submitted.
    const runTwoJobs = async () => {
      const [completing, failing] = [submission(who), submission(who)];
      await chargeAndRecord(db.prisma, [completing, failing]);
      expect(await beginRun(db.prisma, completing.job.id, 60_000)).not.toBeNull();
      expect(await markSubmitted(db.prisma, completing.job.id, "task-1")).toBe(true);
      expect(await recordProgress(db.prisma, completing.job.id, 50)).not.toBeNull();
      expect((await completeJob(db.prisma, completing.job.id, {}, {})).completed).toBe(true);
      expect(await beginRun(db.prisma, failing.job.id, 60_000)).not.toBeNull();
      expect((await failJob(db.prisma, failing.job.id, "upstream refused")).failed).toBe(true);
    };
    for (let round = 0; round < ROUNDS_TO_SETTLE; round++) await runTwoJobs();
    await growTables(who);
    const before = await readCounts();

    for (let round = 0; round < 5; round++) await runTwoJobs();
    const after = await readCounts();

    expect({
      jobsScanned: after.sequentialScans("jobs") - before.sequentialScans("jobs"),
      statusEntriesRead:
        after.entriesRead("jobs_status_updated_at_idx") -
        before.entriesRead("jobs_status_updated_at_idx"),
    }).toEqual({ jobsScanned: 0, statusEntriesRead: 0 });
  });
});
