import type { ModelId } from "@reprise/core";
import type { UpstreamAdapter } from "./adapter.js";
import { MidjourneyClient } from "./midjourney/client.js";
import { MidjourneyAdapter } from "./midjourney/midjourney-adapter.js";
import { SunoClient } from "./suno/client.js";
import { SunoAdapter } from "./suno/suno-adapter.js";

/** Where the upstreams are and how to sign in to them. */
export interface UpstreamsConfig {
  midjourney: {
    /** A midjourney-proxy "plus", e.g. the simulator's origin. */
    baseUrl: string;
    /** `mj-api-secret`, when the proxy's operator set one. */
    secret?: string | undefined;
  };
  suno: {
    /** sunoapi.org or a reseller with its contract, e.g. the simulator's origin. */
    baseUrl: string;
    /** Bearer key of the account. */
    apiKey?: string | undefined;
    /** Sent as `callBackUrl`, which the upstream requires; nothing waits for its calls. */
    callbackUrl: string;
  };
  /** Budget of one HTTP request to an upstream, connect to last byte, in ms. */
  requestTimeoutMs: number;
}

/** One adapter per model, each speaking its upstream's protocol. */
export function createUpstreams(config: UpstreamsConfig): Record<ModelId, UpstreamAdapter> {
  const timeoutMs = config.requestTimeoutMs;
  const midjourney = new MidjourneyClient({ ...config.midjourney, timeoutMs });
  const suno = new SunoClient({
    baseUrl: config.suno.baseUrl,
    apiKey: config.suno.apiKey,
    timeoutMs,
  });

  return {
    midjourney: new MidjourneyAdapter(midjourney),
    suno: new SunoAdapter(suno, config.suno.callbackUrl),
  };
}
