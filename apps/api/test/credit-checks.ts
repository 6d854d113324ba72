// Assertions on a team's credits, shared by the integration tests of the API.
import { expect } from "@jest/globals";
import type { PrismaClient } from "@reprise/db";
import type { Response } from "supertest";
import { ledgerOf } from "./harness.js";

/** What seedCaller grants a new team unless told otherwise. */
export const SEEDED_CREDITS = 1_000;

export async function balanceOf(prisma: PrismaClient, teamId: string): Promise<number> {
  const team = await prisma.team.findUniqueOrThrow({ where: { id: teamId } });
  return team.credits;
}

/** The team holds its starting grant and nothing else: no charge, no refund. */
export async function expectNoCreditMoved(prisma: PrismaClient, teamId: string) {
  const ledger = await ledgerOf(prisma, teamId);
  expect(ledger.map(({ kind, amount }) => ({ kind, amount }))).toEqual([
    { kind: "GRANT", amount: SEEDED_CREDITS },
  ]);
  expect(await balanceOf(prisma, teamId)).toBe(SEEDED_CREDITS);
}

/** The team was charged `cost` once, for `jobId`, after its starting grant. */
export async function expectChargedOnce(
  prisma: PrismaClient,
  teamId: string,
  jobId: string,
  cost: number,
) {
  const ledger = await ledgerOf(prisma, teamId);
  expect(ledger.map(({ kind, amount, jobId }) => ({ kind, amount, jobId }))).toEqual([
    { kind: "GRANT", amount: SEEDED_CREDITS, jobId: null },
    { kind: "CHARGE", amount: -cost, jobId },
  ]);
  expect(await balanceOf(prisma, teamId)).toBe(SEEDED_CREDITS - cost);
}

/** An error answer of API.md's shape: `{error: <sentence>, code, ...}` with this status. */
export function expectRefusal(response: Response, status: number, code: string) {
  expect({ status: response.status, body: response.body }).toEqual({
    status,
    body: expect.objectContaining({ code, error: expect.any(String) }),
  });
}
