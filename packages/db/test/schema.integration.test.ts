import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  createApiKey,
  createTeam,
  createUser,
  findUnbalancedTeams,
  type PrismaClient,
} from "../src/index.js";
import { type MigratedSchema, migratedSchema } from "./schema-fixture.js";

// Proves that the hand-written SQL migrations give the schema the generated client expects:
// every model is written with every field set and read back unchanged.
let db: MigratedSchema;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await migratedSchema("agree");
  prisma = db.prisma;
});

afterAll(() => db.close());

describe("the migrated database and the Prisma client", () => {
  it("agree on every model", async () => {
    const team = await createTeam(prisma, { name: "Acme", credits: 100, maxConcurrentJobs: 3 });
    const user = await createUser(prisma, { teamId: team.id, email: "o@acme.test", role: "OWNER" });
    const { record: key } = await createApiKey(prisma, user.id, "ci");
    const parentId = randomUUID();
    const jobId = randomUUID();
    const now = new Date(Date.UTC(2026, 11, 3, 10, 0, 0, 123));

    const parent = await prisma.job.create({
      data: {
        id: parentId,
        userId: user.id,
        teamId: team.id,
        apiKeyId: key.id,
        model: "midjourney",
        action: "generate",
        status: "COMPLETED",
        progress: 100,
        input: { prompt: "a lighthouse" },
        result: { images: ["a", "b", "c", "d"], gridUrl: "g" },
        upstreamTaskId: "1730000000000",
        upstream: { buttons: [{ customId: "MJ::JOB::upsample::1::abc" }] },
        creditCost: 16,
        webhookUrl: "https://hooks.example.com/r",
        webhookEvents: ["completed", "failed"],
        webhookStatus: "delivered",
        attempts: 1,
        startedAt: now,
        completedAt: now,
      },
    });
    const job = await prisma.job.create({
      data: {
        id: jobId,
        userId: user.id,
        teamId: team.id,
        apiKeyId: key.id,
        model: "midjourney",
        action: "upsample",
        parentJobId: parentId,
        status: "FAILED",
        input: { index: 1 },
        error: "upstream failed",
        supportsActions: false,
        creditCost: 4,
        refundedAt: now,
      },
    });
    await prisma.creditLedgerEntry.create({
      data: { teamId: team.id, jobId, kind: "CHARGE", amount: -4 },
    });
    await prisma.creditLedgerEntry.create({
      data: { teamId: team.id, jobId, kind: "REFUND", amount: 4 },
    });
    await prisma.idempotencyKey.create({
      data: {
        teamId: team.id,
        key: "k-1",
        requestHash: "h",
        state: "COMPLETED",
        responseStatus: 202,
        responseBody: { jobId },
        jobId,
        expiresAt: now,
      },
    });
    const event = await prisma.webhookEvent.create({
      data: {
        id: randomUUID(),
        jobId,
        key: "failed",
        event: "failed",
        state: "failed",
        round: 1,
        attempts: 7,
        roundAttempts: 1,
        enqueuedAt: now,
        finishedAt: now,
      },
    });
    await prisma.webhookDelivery.create({
      data: {
        jobId,
        eventId: event.id,
        event: "failed",
        messageId: "msg_1",
        attempt: 1,
        statusCode: 500,
      },
    });
    await prisma.outboxEntry.create({ data: { jobId, attempts: 2, lastError: "redis down" } });

    const read = await prisma.job.findUniqueOrThrow({
      where: { id: jobId },
      include: {
        parent: true,
        ledger: true,
        deliveries: true,
        events: true,
        outbox: true,
        apiKey: true,
      },
    });
    expect(read.parent).toEqual(parent);
    expect(read).toMatchObject({ ...job, supportsActions: false, refundedAt: now });
    expect(read.ledger.map((entry) => entry.amount).sort()).toEqual([-4, 4]);
    expect(read.deliveries[0]).toMatchObject({ statusCode: 500, eventId: event.id });
    expect(read.events).toEqual([event]);
    expect(read.outbox).toMatchObject({ attempts: 2, lastError: "redis down" });
    expect(read.apiKey.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await prisma.idempotencyKey.findFirstOrThrow()).toMatchObject({
      state: "COMPLETED",
      responseBody: { jobId },
    });
    expect(await prisma.team.findUniqueOrThrow({ where: { id: team.id } })).toMatchObject({
      credits: 100,
      maxConcurrentJobs: 3,
      webhookSecret: expect.stringMatching(/^whsec_/),
    });
    expect(await findUnbalancedTeams(prisma)).toEqual([]);
  });

  it("refuses a balance below zero", async () => {
    const team = await createTeam(prisma, { name: "Broke", credits: 1 });

    await expect(
      prisma.team.update({ where: { id: team.id }, data: { credits: { decrement: 2 } } }),
    ).rejects.toThrow();
  });

  it("refuses a second refund of the same job", async () => {
    const team = await createTeam(prisma, { name: "Twice", credits: 0 });
    const user = await createUser(prisma, { teamId: team.id, email: "t@t.test", role: "MEMBER" });
    const { record: key } = await createApiKey(prisma, user.id);
    const job = await prisma.job.create({
      data: {
        id: randomUUID(),
        userId: user.id,
        teamId: team.id,
        apiKeyId: key.id,
        model: "suno",
        action: "generate",
        input: {},
        creditCost: 11,
      },
    });
    const refund = { teamId: team.id, jobId: job.id, kind: "REFUND" as const, amount: 11 };

    await prisma.creditLedgerEntry.create({ data: refund });
    await expect(prisma.creditLedgerEntry.create({ data: refund })).rejects.toThrow();
  });
});
