import type { PrismaClient } from "./client.js";

export interface TeamLedgerCheck {
  teamId: string;
  balance: number;
  /** Grants − charges + refunds, from the ledger. */
  ledgerTotal: number;
}

/**
 * Every team whose balance differs from its ledger: the conservation invariant says this
 * list is always empty. Tests run it after every scenario.
 */
export async function findUnbalancedTeams(prisma: PrismaClient): Promise<TeamLedgerCheck[]> {
  const rows = await prisma.$queryRaw<{ team_id: string; balance: number; total: bigint }[]>`
    SELECT t.id AS team_id, t.credits AS balance, COALESCE(SUM(l.amount), 0) AS total
    FROM teams t LEFT JOIN credit_ledger l ON l.team_id = t.id
    GROUP BY t.id, t.credits
    HAVING t.credits <> COALESCE(SUM(l.amount), 0)`;
  return rows.map((row) => ({
    teamId: row.team_id,
    balance: row.balance,
    ledgerTotal: Number(row.total),
  }));
}
