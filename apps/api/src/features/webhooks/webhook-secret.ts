import { seesWholeTeam } from "@reprise/core";
import { type PrismaClient, readWebhookSecret, rotateWebhookSecret } from "@reprise/db";
import { fail } from "../../http/api-error.js";
import type { Principal } from "../auth/authenticate.js";

/**
 * The signing secret lets its holder forge any webhook of the team, so only the team's admins
 * and owners may read or rotate it; a member gets 403, as for `scope=team`.
 */
function requireAdmin(principal: Principal): void {
  if (!seesWholeTeam(principal.role)) {
    fail("forbidden", { message: "The webhook secret is for team admins and owners" });
  }
}

/** The answer of both endpoints: the secret, and until when the previous one still signs. */
function secretView(
  secret: { secret: string; previousSecret: string | null; rotatedAt: Date | null },
  graceMs: number,
) {
  const until = secret.rotatedAt && new Date(secret.rotatedAt.getTime() + graceMs);
  const previousValid = secret.previousSecret !== null && until !== null && until > new Date();
  return {
    secret: secret.secret,
    rotatedAt: secret.rotatedAt?.toISOString() ?? null,
    previousSecretValidUntil: previousValid ? until.toISOString() : null,
  };
}

export async function showWebhookSecret(
  prisma: PrismaClient,
  principal: Principal,
  graceMs: number,
) {
  requireAdmin(principal);
  return secretView(await readWebhookSecret(prisma, principal.teamId), graceMs);
}

export async function rotateTeamWebhookSecret(
  prisma: PrismaClient,
  principal: Principal,
  graceMs: number,
) {
  requireAdmin(principal);
  return secretView(await rotateWebhookSecret(prisma, principal.teamId), graceMs);
}
