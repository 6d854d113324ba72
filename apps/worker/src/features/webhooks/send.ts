import type { LookupFunction } from "node:net";
import { rootCertificates } from "node:tls";
import got from "got";
import { RequestFilteringHttpsAgent } from "request-filtering-agent";

/** How much of a receiver's answer is read before the connection is dropped. */
const RESPONSE_BODY_CAP_BYTES = 4 * 1024;

/** Loopback, allowed only under the unsafe development setting. */
const LOOPBACK_ADDRESSES = ["127.0.0.1", "::1"];

export interface SenderOptions {
  /** The whole exchange, connection to the end of the answer, in ms. */
  timeoutMs: number;
  /** UNSAFE outside development: lets deliveries reach 127.0.0.1 and ::1. */
  allowLoopback: boolean;
  /** PEM certificates trusted besides the system's, e.g. a test receiver's self-signed one. */
  extraCa?: string;
  /** Resolves host names; replaced in tests to point a name at a private address. */
  lookup?: LookupFunction;
}

/** What a receiver answered: a status, or the error that stood in the way of one. */
export interface Exchange {
  statusCode: number | null;
  error: string | null;
  /** From `Retry-After`, when the receiver sent one. */
  retryAfterMs: number | null;
  durationMs: number;
}

export type SendWebhook = (
  url: string,
  body: string,
  headers: Record<string, string>,
) => Promise<Exchange>;

/**
 * The one way a webhook leaves the worker. The agent checks every address it actually dials
 * (after DNS, so a name that re-resolves to a private address is caught) and refuses
 * anything but public unicast; redirects are never followed; the answer is read up to a small
 * cap and the whole exchange is bounded by the timeout, so a receiver that never answers or
 * streams forever cannot hold a worker.
 */
export function createWebhookSender(options: SenderOptions): SendWebhook {
  const agent = new RequestFilteringHttpsAgent({
    allowIPAddressList: options.allowLoopback ? LOOPBACK_ADDRESSES : [],
    ...(options.extraCa && { ca: [...rootCertificates, options.extraCa] }),
    ...(options.lookup && { lookup: options.lookup }),
  });

  return async (url, body, headers) => {
    const started = performance.now();
    const answer =
      new URL(url).protocol === "https:"
        ? await exchange(url, body, headers, agent, options.timeoutMs)
        : {
            statusCode: null,
            error: "only https:// webhook URLs are delivered",
            retryAfterMs: null,
          };
    return { ...answer, durationMs: Math.round(performance.now() - started) };
  };
}

function exchange(
  url: string,
  body: string,
  headers: Record<string, string>,
  agent: RequestFilteringHttpsAgent,
  timeoutMs: number,
): Promise<Omit<Exchange, "durationMs">> {
  return new Promise((resolve) => {
    const stream = got.stream.post(url, {
      body,
      headers: {
        "content-type": "application/json",
        "user-agent": "Reprise-Webhooks/1",
        ...headers,
      },
      agent: { https: agent },
      followRedirect: false,
      throwHttpErrors: false,
      retry: { limit: 0 },
      timeout: { request: timeoutMs },
    });
    let answered: { statusCode: number; retryAfterMs: number | null } | undefined;
    let received = 0;
    let done = false;
    const finish = (error: string | null) => {
      if (done) return;
      done = true;
      stream.destroy();
      // Once the status is in, what happens to the rest of the body does not matter.
      resolve(
        answered ? { ...answered, error: null } : { statusCode: null, error, retryAfterMs: null },
      );
    };

    stream.on("response", (response: { statusCode: number; headers: Record<string, unknown> }) => {
      answered = {
        statusCode: response.statusCode,
        retryAfterMs: retryAfterOf(response.headers["retry-after"]),
      };
    });
    stream.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received >= RESPONSE_BODY_CAP_BYTES) finish(null);
    });
    stream.on("end", () => finish(null));
    stream.on("error", (error: Error & { code?: string }) => {
      finish(error.code ? `${error.code}: ${error.message}` : error.message);
    });
  });
}

/** `Retry-After` in seconds or as an HTTP date, in ms from now; null when absent or unusable. */
export function retryAfterOf(header: unknown): number | null {
  if (typeof header !== "string" || header.trim() === "") return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1_000 : null;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
