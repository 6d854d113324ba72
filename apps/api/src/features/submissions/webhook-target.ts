import { lookup } from "node:dns/promises";
import { checkWebhookUrl } from "@reprise/core";
import ipaddr from "ipaddr.js";
import { fail } from "../../http/api-error.js";

export interface WebhookTargetOptions {
  /** Development only: let webhooks reach loopback receivers. */
  allowLoopback: boolean;
  /** Resolves a host name to every address it has; replaced in tests. */
  resolve?: (host: string) => Promise<string[]>;
}

const LOOKUP_TIMEOUT_MS = 2_000;

async function resolveAll(host: string): Promise<string[]> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error("lookup timed out")), LOOKUP_TIMEOUT_MS).unref(),
  );
  const found = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
  return found.map((entry) => entry.address);
}

/**
 * Whether an address is one a webhook may be sent to. Only ordinary public unicast passes:
 * private, loopback, link-local (and so cloud metadata), carrier-grade NAT, multicast,
 * reserved, and IPv6 forms that tunnel IPv4 are all refused. IPv4-mapped IPv6 is judged as
 * the IPv4 address it carries.
 */
export function isPublicAddress(address: string, allowLoopback: boolean): boolean {
  if (!ipaddr.isValid(address)) return false;
  const range = ipaddr.process(address).range();
  return range === "unicast" || (allowLoopback && range === "loopback");
}

/**
 * Refuses, with 400 `invalid_webhook_url`, a webhook URL that is not https or whose host has
 * any address that is not public. Every address counts: a name that resolves to one public
 * and one private address is refused, since the connection could use either.
 */
export async function checkWebhookTarget(
  webhookUrl: string,
  options: WebhookTargetOptions,
): Promise<void> {
  const syntax = checkWebhookUrl(webhookUrl);
  if (!syntax.ok) fail("invalid_webhook_url", { message: syntax.outcome.message });

  const host = syntax.url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : await (options.resolve ?? resolveAll)(host);
  } catch {
    fail("invalid_webhook_url", { message: "webhookUrl's host does not resolve" });
  }

  if (
    addresses.length === 0 ||
    !addresses.every((a) => isPublicAddress(a, options.allowLoopback))
  ) {
    fail("invalid_webhook_url", { message: "webhookUrl must not point at a private address" });
  }
}
