import { createHmac } from "node:crypto";
import type { DeliveryAttempt } from "@reprise/db";
import { Webhook } from "standardwebhooks";

/** The Standard Webhooks message id of an event: the same on every attempt and round. */
export function messageIdOf(eventId: string): string {
  return `msg_${eventId}`;
}

/**
 * The signature headers of one attempt, both schemes:
 * - Apiframe's `X-Webhook-Signature: sha256=<hex>`, an HMAC of the raw body keyed with the raw
 *   SHA-256 digest of the API key that created the job (its stored hash, as bytes);
 * - Standard Webhooks' `webhook-id` / `webhook-timestamp` / `webhook-signature`, signed with
 *   the team's secret, and also with the previous one while the rotation's grace period
 *   lasts (several space-separated `v1,` signatures, any of which a receiver accepts).
 */
export function signatureHeaders(
  attempt: DeliveryAttempt,
  body: string,
  now: Date,
  secretGraceMs: number,
): Record<string, string> {
  const messageId = messageIdOf(attempt.eventId);
  const apiframe = createHmac("sha256", Buffer.from(attempt.apiKeyHash, "hex"))
    .update(body)
    .digest("hex");

  const secrets = [attempt.secret];
  const rotatedAt = attempt.secretRotatedAt?.getTime();
  if (attempt.previousSecret && rotatedAt && now.getTime() - rotatedAt < secretGraceMs) {
    secrets.push(attempt.previousSecret);
  }
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, now, body));

  return {
    "X-Webhook-Event": attempt.event,
    "X-Webhook-Signature": `sha256=${apiframe}`,
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
