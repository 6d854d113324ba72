import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { findUnbalancedTeams } from "@reprise/db";
import { seedCaller } from "@reprise/testing";
import request from "supertest";
import { ledgerOf, startTestApi, type TestApi } from "./harness.js";

let api: TestApi;
const generate = { prompt: "a red fox in snow", model: "midjourney" };

beforeAll(async () => {
  api = await startTestApi("idempotency");
});

afterAll(async () => {
  expect(await findUnbalancedTeams(api.prisma)).toEqual([]);
  await api.close();
});

function submit(key: string, caller: { key: string }, body: object = generate) {
  return request(api.app)
    .post("/v2/images/generate")
    .set("X-API-Key", caller.key)
    .set("Idempotency-Key", key)
    .send(body);
}

async function charges(teamId: string) {
  return (await ledgerOf(api.prisma, teamId)).filter((row) => row.kind === "CHARGE");
}

describe("Idempotency-Key", () => {
  it("replays the first answer with the job's current status and charges once", async () => {
    const caller = await seedCaller(api.prisma);
    const first = await submit("order-1", caller);
    await api.prisma.job.update({
      where: { id: first.body.jobId },
      data: { status: "PROCESSING" },
    });

    const second = await submit("order-1", caller);

    expect(first.status).toBe(202);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.status).toBe(202);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.body).toEqual({ jobId: first.body.jobId, status: "PROCESSING" });
    expect(await charges(caller.teamId)).toHaveLength(1);
  });

  it("treats the same body with its keys in another order as the same request", async () => {
    const caller = await seedCaller(api.prisma);
    const first = await submit("order-2", caller, { model: "midjourney", prompt: "a red fox" });

    const second = await submit("order-2", caller, { prompt: "a red fox", model: "midjourney" });

    expect(second.body.jobId).toBe(first.body.jobId);
  });

  it("answers 409 idempotency_key_reused for a different request under the same key", async () => {
    const caller = await seedCaller(api.prisma);
    await submit("order-3", caller);

    const other = await submit("order-3", caller, { ...generate, prompt: "a blue fox" });

    expect(other.status).toBe(409);
    expect(other.body.code).toBe("idempotency_key_reused");
    expect(await charges(caller.teamId)).toHaveLength(1);
  });

  it("answers 409 for the same key on another endpoint", async () => {
    const caller = await seedCaller(api.prisma);
    await submit("order-4", caller);

    const other = await request(api.app)
      .post("/v2/music/generate")
      .set("X-API-Key", caller.key)
      .set("Idempotency-Key", "order-4")
      .send(generate);

    expect(other.status).toBe(409);
    expect(other.body.code).toBe("idempotency_key_reused");
  });

  it("scopes keys to the team: another team's same key creates its own job", async () => {
    const first = await seedCaller(api.prisma);
    const second = await seedCaller(api.prisma);

    const a = await submit("shared-key", first);
    const b = await submit("shared-key", second);

    expect(b.status).toBe(202);
    expect(b.body.jobId).not.toBe(a.body.jobId);
  });

  it("shares keys within a team: a teammate's repeat replays the first job", async () => {
    const owner = await seedCaller(api.prisma);
    const member = await seedCaller(api.prisma, { teamId: owner.teamId, role: "MEMBER" });

    const a = await submit("team-key", owner);
    const b = await submit("team-key", member);

    expect(b.body.jobId).toBe(a.body.jobId);
    expect(b.headers["idempotent-replayed"]).toBe("true");
  });

  it("leaves the key unused after a validation error, so it can be retried", async () => {
    const caller = await seedCaller(api.prisma);

    const bad = await submit("order-5", caller, { ...generate, prompt: "" });
    const good = await submit("order-5", caller);

    expect(bad.status).toBe(400);
    expect(good.status).toBe(202);
    expect(good.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("leaves the key unused after a refusal that created no job", async () => {
    const caller = await seedCaller(api.prisma, { credits: 10 });

    const refused = await submit("order-6", caller);
    await api.prisma.team.update({ where: { id: caller.teamId }, data: { credits: 16 } });
    await api.prisma.creditLedgerEntry.create({
      data: { teamId: caller.teamId, kind: "GRANT", amount: 6 },
    });
    const accepted = await submit("order-6", caller);

    expect(refused.status).toBe(402);
    expect(accepted.status).toBe(202);
  });

  it("refuses a key that is empty, too long or not printable", async () => {
    const caller = await seedCaller(api.prisma);

    for (const key of ["x".repeat(256), "tab\there", "é"]) {
      const response = await submit(key, caller);
      expect(response.status).toBe(400);
      expect(response.body.details).toHaveProperty(["Idempotency-Key"]);
    }
    expect(await charges(caller.teamId)).toHaveLength(0);
  });

  describe("when 50 identical requests arrive at once", () => {
    it("creates one job and one charge; the rest replay it or hear it is running", async () => {
      const caller = await seedCaller(api.prisma);

      const responses = await Promise.all(
        Array.from({ length: 50 }, () => submit("burst", caller)),
      );

      const accepted = responses.filter((response) => response.status === 202);
      const inProgress = responses.filter((response) => response.status === 409);
      expect(accepted.length + inProgress.length).toBe(50);
      expect(new Set(accepted.map((response) => response.body.jobId)).size).toBe(1);
      for (const response of inProgress) {
        expect(response.body.code).toBe("idempotency_in_progress");
      }
      expect(await charges(caller.teamId)).toHaveLength(1);
      expect(await api.prisma.job.count({ where: { teamId: caller.teamId } })).toBe(1);
    });
  });
});

describe("Idempotency-Key on the POSTs that are not submissions", () => {
  function rotate(caller: { key: string }, key: string, body?: object) {
    const call = request(api.app)
      .post("/v2/webhooks/secret/rotate")
      .set("X-API-Key", caller.key)
      .set("Idempotency-Key", key);
    return body === undefined ? call : call.send(body);
  }

  async function secretsOf(teamId: string) {
    const team = await api.prisma.team.findUniqueOrThrow({ where: { id: teamId } });
    return { current: team.webhookSecret, previous: team.previousWebhookSecret };
  }

  it("rotates the secret once for a request sent twice, and replays the answer", async () => {
    const owner = await seedCaller(api.prisma);
    const original = (await secretsOf(owner.teamId)).current;

    const first = await rotate(owner, "rotate-1");
    const second = await rotate(owner, "rotate-1");

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.body).toEqual(first.body);
    // Rotated once: the original still signs beside the new secret through the grace period.
    expect(await secretsOf(owner.teamId)).toEqual({
      current: first.body.secret,
      previous: original,
    });
  });

  it("rotates again under a new key", async () => {
    const owner = await seedCaller(api.prisma);

    const first = await rotate(owner, "rotate-2");
    const second = await rotate(owner, "rotate-3");

    expect(second.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.body.secret).not.toBe(first.body.secret);
  });

  it("gives the key back after a refusal, so the team can use it once allowed", async () => {
    const owner = await seedCaller(api.prisma);
    const member = await seedCaller(api.prisma, { teamId: owner.teamId, role: "MEMBER" });

    const refused = await rotate(member, "rotate-4");
    const allowed = await rotate(owner, "rotate-4");

    expect(refused.status).toBe(403);
    expect(allowed.status).toBe(200);
    expect(allowed.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("refuses a field in the body of a rotation with 400, rotating nothing", async () => {
    const owner = await seedCaller(api.prisma);
    const before = await secretsOf(owner.teamId);

    const response = await rotate(owner, "rotate-5", { keepPrevious: false });

    expect(response.status).toBe(400);
    expect(response.body.details).toEqual({ keepPrevious: ["is not a known field"] });
    expect(await secretsOf(owner.teamId)).toEqual(before);
  });
});
