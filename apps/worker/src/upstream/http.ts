import got, {
  type Got,
  type OptionsOfTextResponseBody,
  RequestError,
  type Response,
  TimeoutError,
} from "got";
import { TransientUpstreamError } from "./adapter.js";

/** How to reach one upstream over HTTP. */
export interface JsonHttpOptions {
  /** The upstream as error messages name it, e.g. "The Suno upstream". */
  upstream: string;
  baseUrl: string;
  /** Sent with every request: the upstream's credentials. */
  headers: Record<string, string>;
  /** Budget of one request, from connecting to the last byte of the answer. */
  timeoutMs: number;
}

/** An answer the worker may act on: any status a retry cannot fix. */
export interface JsonAnswer {
  status: number;
  /** The parsed JSON body; null when the body was empty, undefined when it was not JSON. */
  body: unknown;
}

/**
 * JSON over HTTP to one upstream. Whatever a retry can fix (no connection, no answer in time,
 * HTTP 408, 429 and 5xx) is thrown as a TransientUpstreamError; every other answer is returned
 * for the protocol client to read, whatever its status.
 */
export class JsonHttp {
  private readonly got: Got;

  constructor(private readonly options: JsonHttpOptions) {
    this.got = got.extend({
      prefixUrl: options.baseUrl,
      headers: options.headers,
      timeout: { request: options.timeoutMs },
      // The worker decides when to try again: it knows the job's deadline and what it costs.
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
    });
  }

  get(path: string, searchParams: Record<string, string> = {}): Promise<JsonAnswer> {
    return this.send(path, { method: "GET", searchParams });
  }

  post(path: string, body: object): Promise<JsonAnswer> {
    return this.send(path, { method: "POST", json: body });
  }

  private async send(path: string, request: OptionsOfTextResponseBody): Promise<JsonAnswer> {
    const { upstream, timeoutMs } = this.options;
    let response: Response<string>;
    try {
      // got joins paths to prefixUrl only when they do not start with a slash.
      response = await this.got(path.replace(/^\/+/, ""), request);
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw new TransientUpstreamError(`${upstream} did not answer within ${timeoutMs} ms`);
      }
      if (error instanceof RequestError) {
        throw new TransientUpstreamError(`${upstream} could not be reached (${error.code})`);
      }
      throw error;
    }

    const { statusCode: status } = response;
    if (status === 408 || status === 429 || status >= 500) {
      const retryAfterMs = retryAfterOf(response.headers["retry-after"]);
      throw new TransientUpstreamError(`${upstream} answered HTTP ${status}`, retryAfterMs);
    }
    return { status, body: parseJson(response.body) };
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Retry-After holds either whole seconds or an HTTP date. */
function retryAfterOf(header: unknown): number | undefined {
  if (typeof header !== "string" || header.trim() === "") return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;

  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
