import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  chargeAndRecord,
  createApiKey,
  createTeam,
  createUser,
  findUnbalancedTeams,
  type NewSubmission,
  type PrismaClient,
} from "../src/index.js";
import { type MigratedSchema, migratedSchema } from "./schema-fixture.js";

// A batch of submissions is one statement and one commit (migration 5), yet each submission
// must be charged in turn as if it were alone, and a batch must fail as a whole.
let db: MigratedSchema;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await migratedSchema("batch", 8);
  prisma = db.prisma;
});

afterAll(() => db.close());

interface Submitter {
  teamId: string;
  userId: string;
  apiKeyId: string;
}

async function submitter(credits: number, maxConcurrentJobs = 100): Promise<Submitter> {
  const team = await createTeam(prisma, { name: randomUUID(), credits, maxConcurrentJobs });
  const user = await createUser(prisma, {
    teamId: team.id,
    email: `${randomUUID()}@reprise.test`,
    role: "MEMBER",
  });
  const { record } = await createApiKey(prisma, user.id);
  return { teamId: team.id, userId: user.id, apiKeyId: record.id };
}

function submission(
  who: Submitter,
  creditCost: number,
  extra: Partial<NewSubmission["job"]> = {},
): NewSubmission {
  return {
    job: {
      id: randomUUID(),
      ...who,
      model: "midjourney",
      action: "generate",
      parentJobId: null,
      input: { prompt: "a lighthouse" },
      creditCost,
      webhookUrl: null,
      webhookEvents: [],
      mask: null,
      ...extra,
    },
    idempotency: null,
  };
}

async function balanceOf(teamId: string) {
  const team = await prisma.team.findUniqueOrThrow({ where: { id: teamId } });
  return { credits: team.credits, activeJobs: team.activeJobs };
}

describe("chargeAndRecord on a batch", () => {
  it("charges each submission in turn, refusing those the balance no longer covers", async () => {
    const who = await submitter(10);
    const batch = [submission(who, 4), submission(who, 4), submission(who, 4), submission(who, 2)];

    const outcomes = await chargeAndRecord(prisma, batch);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      "recorded",
      "recorded",
      "insufficient_credits",
      "recorded",
    ]);
    expect(outcomes[2]).toEqual({ kind: "insufficient_credits", available: 2 });
    expect(await balanceOf(who.teamId)).toEqual({ credits: 0, activeJobs: 3 });
    const recorded = await prisma.job.findMany({ where: { teamId: who.teamId } });
    expect(recorded.map((job) => job.id).sort()).toEqual(
      [batch[0], batch[1], batch[3]].map((item) => item?.job.id).sort(),
    );
    expect(await findUnbalancedTeams(prisma)).toEqual([]);
  });

  it("stops at the team's concurrency limit within one batch", async () => {
    const who = await submitter(100, 2);

    const outcomes = await chargeAndRecord(
      prisma,
      [1, 2, 3].map(() => submission(who, 1)),
    );

    expect(outcomes).toEqual([
      expect.objectContaining({ kind: "recorded" }),
      expect.objectContaining({ kind: "recorded" }),
      { kind: "concurrency_limited", limit: 2 },
    ]);
    expect(await balanceOf(who.teamId)).toEqual({ credits: 98, activeJobs: 2 });
  });

  it("keeps the mask, the webhook subscription and the Idempotency-Key of each job", async () => {
    const who = await submitter(100);
    const mask = Buffer.from([0, 1, 2, 250, 255]);
    const key = `key-${randomUUID()}`;
    await prisma.idempotencyKey.create({
      data: {
        teamId: who.teamId,
        key,
        requestHash: "h",
        state: "IN_PROGRESS",
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    const masked = submission(who, 6, {
      webhookUrl: "https://hooks.reprise.test/in",
      webhookEvents: ["completed"],
      mask,
    });
    masked.idempotency = { key, responseBody: { jobId: masked.job.id, status: "QUEUED" } };

    await chargeAndRecord(prisma, [masked, submission(who, 1)]);

    const job = await prisma.job.findUniqueOrThrow({ where: { id: masked.job.id } });
    expect(job).toMatchObject({ webhookEvents: ["completed"], webhookStatus: "pending" });
    const stored = await prisma.jobMask.findUniqueOrThrow({ where: { jobId: masked.job.id } });
    expect(Buffer.from(stored.mask)).toEqual(mask);
    const completed = await prisma.idempotencyKey.findUniqueOrThrow({
      where: { teamId_key: { teamId: who.teamId, key } },
    });
    expect(completed).toMatchObject({ state: "COMPLETED", jobId: masked.job.id });
    expect(await prisma.outboxEntry.count({ where: { jobId: masked.job.id } })).toBe(1);
  });

  it("fails as a whole: one bad submission leaves nothing of the batch charged", async () => {
    const who = await submitter(50);
    const unknownKey = submission(who, 5, { apiKeyId: randomUUID() });

    await expect(
      chargeAndRecord(prisma, [submission(who, 5), unknownKey, submission(who, 5)]),
    ).rejects.toThrow(/foreign key/);

    expect(await balanceOf(who.teamId)).toEqual({ credits: 50, activeJobs: 0 });
    expect(await prisma.job.count({ where: { teamId: who.teamId } })).toBe(0);
    expect(await prisma.creditLedgerEntry.count({ where: { teamId: who.teamId } })).toBe(1);
  });

  it("never deadlocks when concurrent batches name the same teams in opposite orders", async () => {
    const teams = await Promise.all([1, 2, 3, 4].map(() => submitter(10_000)));
    const forward = () =>
      chargeAndRecord(
        prisma,
        teams.map((who) => submission(who, 1)),
      );
    const backward = () =>
      chargeAndRecord(
        prisma,
        [...teams].reverse().map((who) => submission(who, 1)),
      );

    const batches = Array.from({ length: 40 }, (_, n) => (n % 2 === 0 ? forward() : backward()));
    const outcomes = (await Promise.all(batches)).flat();

    expect(outcomes.every((outcome) => outcome.kind === "recorded")).toBe(true);
    for (const who of teams) {
      expect(await balanceOf(who.teamId)).toEqual({ credits: 10_000 - 40, activeJobs: 40 });
    }
    expect(await findUnbalancedTeams(prisma)).toEqual([]);
  });
});
