import { createHash, randomBytes } from "node:crypto";
import { type PrismaClient, runQuery } from "./client.js";
import type { Role } from "./generated/prisma/client.js";

/** Prefix of every API key; clients must not rely on it, operators like to recognise it. */
const API_KEY_PREFIX = "rpk_";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export class AccountError extends Error {
  override name = "AccountError";
}

/**
 * Hex SHA-256 of an API key: what is stored, and (as raw bytes) the key of the Apiframe-style
 * webhook signature, so the raw key is never needed after it is shown once.
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** `rpk_` and 40 base62 characters (about 238 bits) from the system's CSPRNG. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  // Bytes of 248 and above are dropped: 248 is 4 × 62, so the rest map evenly onto base62.
  let body = "";
  while (body.length < 40) {
    for (const byte of randomBytes(48)) {
      if (byte < 248 && body.length < 40) body += BASE62[byte % 62];
    }
  }
  const key = API_KEY_PREFIX + body;
  return { key, prefix: key.slice(0, 8), hash: hashApiKey(key) };
}

/** A Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export interface NewTeam {
  name: string;
  credits: number;
  maxConcurrentJobs?: number;
}

/** Creates a team; its starting credits are written to the ledger as a grant. */
export async function createTeam(prisma: PrismaClient, team: NewTeam) {
  if (!Number.isInteger(team.credits) || team.credits < 0) {
    throw new AccountError("credits must be a whole number of at least 0");
  }
  return prisma.$transaction(async (tx) => {
    const created = await tx.team.create({
      data: {
        name: team.name,
        credits: team.credits,
        maxConcurrentJobs: team.maxConcurrentJobs ?? 10,
        webhookSecret: generateWebhookSecret(),
      },
    });
    if (team.credits > 0) {
      await tx.creditLedgerEntry.create({
        data: { teamId: created.id, kind: "GRANT", amount: team.credits },
      });
    }
    return created;
  });
}

/** Adds credits to a team, with its ledger row, in one transaction. */
export async function grantCredits(prisma: PrismaClient, teamId: string, amount: number) {
  if (!Number.isInteger(amount) || amount < 1) {
    throw new AccountError("amount must be a whole number of at least 1");
  }
  return prisma.$transaction(async (tx) => {
    const team = await tx.team.update({
      where: { id: teamId },
      data: { credits: { increment: amount } },
    });
    await tx.creditLedgerEntry.create({ data: { teamId, kind: "GRANT", amount } });
    return team;
  });
}

export async function createUser(
  prisma: PrismaClient,
  user: { teamId: string; email: string; role: Role },
) {
  return prisma.user.create({ data: user });
}

/** Creates a key for a user. The raw key is returned here and never again. */
export async function createApiKey(prisma: PrismaClient, userId: string, name = "default") {
  const { key, prefix, hash } = generateApiKey();
  const record = await prisma.apiKey.create({ data: { userId, name, prefix, keyHash: hash } });
  return { key, record };
}

/** Deactivates a key given its id or the raw key itself. */
export async function deactivateApiKey(prisma: PrismaClient, idOrKey: string) {
  const where = idOrKey.startsWith(API_KEY_PREFIX)
    ? { keyHash: hashApiKey(idOrKey) }
    : { id: idOrKey };
  const found = await prisma.apiKey.findUnique({ where });
  if (!found) throw new AccountError("no such API key");

  return prisma.apiKey.update({
    where: { id: found.id },
    data: { active: false, deactivatedAt: found.deactivatedAt ?? new Date() },
  });
}

/** A key with the user and team it acts for, as authentication needs them. */
export interface KeyHolder {
  keyHash: string;
  apiKeyId: string;
  apiKeyName: string;
  apiKeyPrefix: string;
  active: boolean;
  userId: string;
  email: string;
  role: Role;
  teamId: string;
  teamName: string;
}

/** The holders of the keys with these digests ({@link hashApiKey}), for those that exist. */
export async function findKeyHolders(
  prisma: PrismaClient,
  keyHashes: readonly string[],
): Promise<KeyHolder[]> {
  const { rows } = await runQuery<KeyHolder>(prisma, KEY_HOLDERS, [keyHashes]);
  return rows;
}

const KEY_HOLDERS = `
  SELECT k.key_hash AS "keyHash", k.id AS "apiKeyId", k.name AS "apiKeyName",
         k.prefix AS "apiKeyPrefix", k.active, u.id AS "userId", u.email, u.role,
         t.id AS "teamId", t.name AS "teamName"
  FROM api_keys k JOIN users u ON u.id = k.user_id JOIN teams t ON t.id = u.team_id
  WHERE k.key_hash = ANY($1::text[])`;
