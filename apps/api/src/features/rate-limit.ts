import type { RequestHandler } from "express";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { fail } from "../http/api-error.js";
import { principalOf } from "./auth/authenticate.js";

/**
 * Requests per minute per API key, counted in Redis so every API replica shares one budget.
 * While Redis is down each replica counts on its own in memory instead, so the limit still
 * holds roughly and no request waits on Redis.
 */
export function rateLimit(redis: Redis, perMinute: number, prefix: string): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();

  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:rate`,
    points: perMinute,
    duration: 60,
    insuranceLimiter: new RateLimiterMemory({ points: perMinute, duration: 60 }),
  });

  return async (_req, res, next) => {
    try {
      await limiter.consume(principalOf(res).apiKeyId);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      fail("rate_limited", { headers: { "Retry-After": String(seconds) } });
    }
    next();
  };
}
