import { z } from "zod";
import { type DomainOutcome, outcome } from "../errors.js";

/** The events a caller can subscribe a webhook to. */
export const webhookEvents = ["progress", "completed", "failed"] as const;

/** One webhook event name. */
export type WebhookEvent = (typeof webhookEvents)[number];

/** What a webhook receives when the request names a `webhookUrl` but no `webhookEvents`. */
export const defaultWebhookEvents: readonly WebhookEvent[] = ["completed", "failed"];

/** The webhook settings every submission accepts. */
export interface WebhookSettings {
  readonly webhookUrl?: string | undefined;
  readonly webhookEvents?: readonly WebhookEvent[] | undefined;
}

/**
 * The webhook fields of every request body.
 *
 * `webhookUrl` is only a string here on purpose: API.md answers every bad webhook URL (not a
 * URL, not https, a private address) with 400 `invalid_webhook_url`, not `validation_error`.
 * The syntax half of that rule is {@link checkWebhookUrl}; the API adds the address check,
 * which needs DNS and so cannot live in this package.
 */
export const webhookFields = {
  webhookUrl: z.string().optional(),
  webhookEvents: z
    .array(z.enum(webhookEvents))
    .min(1)
    .refine((events) => new Set(events).size === events.length, "must not repeat an event")
    .optional(),
};

/** Rejects `webhookEvents` sent without a `webhookUrl` to deliver them to. */
export const webhookEventsNeedUrl = z.superRefine<WebhookSettings>((body, ctx) => {
  if (body.webhookEvents !== undefined && body.webhookUrl === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["webhookEvents"],
      message: "needs a webhookUrl to deliver to",
    });
  }
});

/** The events a job's webhook receives: none without a URL, else the chosen ones or defaults. */
export function subscribedWebhookEvents(settings: WebhookSettings): readonly WebhookEvent[] {
  if (settings.webhookUrl === undefined) return [];
  return settings.webhookEvents ?? defaultWebhookEvents;
}

/** Long enough for any real receiver, short enough to store and log safely. */
const maxWebhookUrlLength = 2048;

/** Either the parsed URL or the 400 `invalid_webhook_url` outcome to answer with. */
export type WebhookUrlCheck =
  | { readonly ok: true; readonly url: URL }
  | { readonly ok: false; readonly outcome: DomainOutcome };

/**
 * The part of the webhook URL rule that needs no network: a URL of at most 2048 characters
 * with the `https:` scheme. The caller must still refuse private, loopback, link-local and
 * metadata addresses, which takes a DNS lookup.
 */
export function checkWebhookUrl(webhookUrl: string): WebhookUrlCheck {
  if (webhookUrl.length > maxWebhookUrlLength) {
    return rejectWebhookUrl(`webhookUrl must be at most ${maxWebhookUrlLength} characters`);
  }

  let url: URL;
  try {
    url = new URL(webhookUrl);
  } catch {
    return rejectWebhookUrl("webhookUrl is not a valid URL");
  }

  if (url.protocol !== "https:") return rejectWebhookUrl("webhookUrl must use https://");
  return { ok: true, url };
}

function rejectWebhookUrl(message: string): WebhookUrlCheck {
  return { ok: false, outcome: outcome("invalid_webhook_url", { message }) };
}
