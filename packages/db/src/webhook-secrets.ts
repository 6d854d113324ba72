import { generateWebhookSecret } from "./accounts.js";
import type { PrismaClient } from "./client.js";

/** A team's Standard Webhooks signing secret, and the one it replaced, if any. */
export interface WebhookSecret {
  secret: string;
  previousSecret: string | null;
  rotatedAt: Date | null;
}

export async function readWebhookSecret(
  prisma: PrismaClient,
  teamId: string,
): Promise<WebhookSecret> {
  const team = await prisma.team.findUniqueOrThrow({
    where: { id: teamId },
    select: { webhookSecret: true, previousWebhookSecret: true, webhookSecretRotatedAt: true },
  });
  return {
    secret: team.webhookSecret,
    previousSecret: team.previousWebhookSecret,
    rotatedAt: team.webhookSecretRotatedAt,
  };
}

/**
 * Gives the team a new secret and keeps the current one as the previous: deliveries are
 * signed with both until the grace period after `rotatedAt` ends. Rotating again within the
 * grace period drops the oldest secret at once; only one previous secret is ever kept.
 */
export async function rotateWebhookSecret(
  prisma: PrismaClient,
  teamId: string,
): Promise<WebhookSecret> {
  const rows = await prisma.$queryRaw<
    { secret: string; previousSecret: string; rotatedAt: Date }[]
  >`UPDATE teams
    SET previous_webhook_secret = webhook_secret, webhook_secret = ${generateWebhookSecret()},
        webhook_secret_rotated_at = now()
    WHERE id = ${teamId}::uuid
    RETURNING webhook_secret AS secret, previous_webhook_secret AS "previousSecret",
              webhook_secret_rotated_at AS "rotatedAt"`;
  const row = rows[0];
  if (!row) throw new Error("no such team");
  return row;
}
