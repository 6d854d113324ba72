import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  beginRun,
  completeJob,
  failJob,
  findUnbalancedTeams,
  markSubmitted,
  purgeExpiredIdempotencyKeys,
  recordProgress,
} from "@reprise/db";
import {
  createTestSchema,
  insertJob,
  type SeededCaller,
  sampleResult,
  seedCaller,
  type TestSchema,
} from "@reprise/testing";

// The guarded transitions of packages/db, raced for real against PostgreSQL.

let db: TestSchema;

beforeAll(async () => {
  db = await createTestSchema("transitions");
});

afterAll(async () => {
  expect(await findUnbalancedTeams(db.prisma)).toEqual([]);
  await db.drop();
});

/** A charged, active job, as the API leaves it: ledger charge, balance and count moved. */
async function chargedJob(owner: SeededCaller, status: "QUEUED" | "PROCESSING" = "PROCESSING") {
  const job = await insertJob(db.prisma, owner, {
    model: "suno",
    action: "generate",
    status,
    creditCost: 11,
  });
  await db.prisma.$transaction([
    db.prisma.creditLedgerEntry.create({
      data: { teamId: owner.teamId, jobId: job.id, kind: "CHARGE", amount: -11 },
    }),
    db.prisma.team.update({
      where: { id: owner.teamId },
      data: { credits: { decrement: 11 }, activeJobs: { increment: 1 } },
    }),
  ]);
  return job;
}

async function teamOf(owner: SeededCaller) {
  return db.prisma.team.findUniqueOrThrow({ where: { id: owner.teamId } });
}

describe("failJob", () => {
  it("fails and refunds once, however many callers race to do it", async () => {
    const owner = await seedCaller(db.prisma, { credits: 100 });
    const job = await chargedJob(owner);

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => failJob(db.prisma, job.id, "upstream failed")),
    );

    expect(outcomes.filter((outcome) => outcome.failed)).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.refunded)).toHaveLength(1);
    const refunds = await db.prisma.creditLedgerEntry.findMany({
      where: { jobId: job.id, kind: "REFUND" },
    });
    expect(refunds.map((refund) => refund.amount)).toEqual([11]);
    expect(await teamOf(owner)).toMatchObject({ credits: 100, activeJobs: 0 });
    expect(await db.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "FAILED",
      error: "upstream failed",
      refundedAt: expect.any(Date),
    });
  });

  it("fails a job that never started (the watchdog's QUEUED case)", async () => {
    const owner = await seedCaller(db.prisma, { credits: 100 });
    const job = await chargedJob(owner, "QUEUED");

    expect(await failJob(db.prisma, job.id, "timed out")).toEqual({
      failed: true,
      refunded: true,
      notified: false,
    });
    expect(await teamOf(owner)).toMatchObject({ credits: 100, activeJobs: 0 });
  });

  it("leaves a completed job alone: no failure, no refund", async () => {
    const owner = await seedCaller(db.prisma, { credits: 100 });
    const job = await chargedJob(owner);
    await completeJob(db.prisma, job.id, sampleResult("song"), { taskId: "t" });

    expect(await failJob(db.prisma, job.id, "late")).toEqual({
      failed: false,
      refunded: false,
      notified: false,
    });
    expect(await teamOf(owner)).toMatchObject({ credits: 89, activeJobs: 0 });
  });
});

describe("completeJob racing failJob", () => {
  it("ends the job exactly one way, and refunds only if it failed", async () => {
    const owner = await seedCaller(db.prisma, { credits: 1_000 });
    const jobs = await Promise.all(Array.from({ length: 10 }, () => chargedJob(owner)));

    await Promise.all(
      jobs.flatMap((job) => [
        completeJob(db.prisma, job.id, sampleResult("song"), { taskId: "t" }),
        failJob(db.prisma, job.id, "watchdog"),
      ]),
    );

    const rows = await db.prisma.job.findMany({ where: { id: { in: jobs.map((j) => j.id) } } });
    const failed = rows.filter((row) => row.status === "FAILED").length;
    expect(rows.every((row) => row.status === "FAILED" || row.status === "COMPLETED")).toBe(true);
    expect(await teamOf(owner)).toMatchObject({
      credits: 1_000 - 11 * (10 - failed),
      activeJobs: 0,
    });
  });
});

describe("beginRun and markSubmitted", () => {
  it("keeps a job QUEUED until the upstream accepts it, and refuses a finished one", async () => {
    const owner = await seedCaller(db.prisma);
    const job = await chargedJob(owner, "QUEUED");
    await db.prisma.outboxEntry.create({ data: { jobId: job.id } });

    const first = await beginRun(db.prisma, job.id, 60_000);
    const submitted = await markSubmitted(db.prisma, job.id, "task-1");
    const again = await beginRun(db.prisma, job.id, 60_000);
    const twice = await markSubmitted(db.prisma, job.id, "task-2");
    await failJob(db.prisma, job.id, "x");
    const finished = await beginRun(db.prisma, job.id, 60_000);

    expect(first).toMatchObject({ status: "QUEUED", attempts: 1, upstreamTaskId: null });
    expect(first).toMatchObject({ claimed: true, parent: null, mask: null, model: "suno" });
    expect(submitted).toBe(true);
    expect(again).toMatchObject({ status: "PROCESSING", attempts: 2, upstreamTaskId: "task-1" });
    expect(twice).toBe(false);
    expect(finished).toBeNull();
    expect(await db.prisma.outboxEntry.count({ where: { jobId: job.id } })).toBe(0);
  });
});

describe("the claim to submit", () => {
  it("goes to exactly one of many runs beginning at once", async () => {
    const owner = await seedCaller(db.prisma);
    const job = await chargedJob(owner, "QUEUED");

    const runs = await Promise.all(
      Array.from({ length: 10 }, () => beginRun(db.prisma, job.id, 60_000)),
    );

    expect(runs.filter((run) => run?.claimed)).toHaveLength(1);
  });

  it("is taken over once it is older than a live submission can be", async () => {
    const owner = await seedCaller(db.prisma);
    const job = await chargedJob(owner, "QUEUED");

    const first = await beginRun(db.prisma, job.id, 60_000);
    const fresh = await beginRun(db.prisma, job.id, 60_000);
    const stale = await beginRun(db.prisma, job.id, 0);

    expect([first?.claimed, fresh?.claimed, stale?.claimed]).toEqual([true, false, true]);
  });
});

describe("recordProgress", () => {
  it("never lowers progress, and answers null once the job is finished", async () => {
    const owner = await seedCaller(db.prisma);
    const job = await chargedJob(owner);

    const up = await recordProgress(db.prisma, job.id, 40);
    const down = await recordProgress(db.prisma, job.id, 10);
    await failJob(db.prisma, job.id, "x");
    const after = await recordProgress(db.prisma, job.id, 90);

    expect(up).toEqual({ progress: 40, changed: true, notified: false });
    expect(down).toEqual({ progress: 40, changed: false, notified: false });
    expect(after).toBeNull();
  });
});

describe("purgeExpiredIdempotencyKeys", () => {
  it("deletes keys past their lifetime and keeps the live ones", async () => {
    const owner = await seedCaller(db.prisma);
    const keys = { teamId: owner.teamId, requestHash: "h" };
    await db.prisma.idempotencyKey.createMany({
      data: [
        { ...keys, key: "expired", expiresAt: new Date(Date.now() - 1_000) },
        { ...keys, key: "live", expiresAt: new Date(Date.now() + 60_000) },
      ],
    });

    const purged = await purgeExpiredIdempotencyKeys(db.prisma, 100);

    const left = await db.prisma.idempotencyKey.findMany({ where: { teamId: owner.teamId } });
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(left.map((key) => key.key)).toEqual(["live"]);
  });
});
