import { Redis, type RedisOptions } from "ioredis";

export type RedisRole = "producer" | "worker";

/**
 * A Redis connection for BullMQ.
 *
 * Workers block on Redis and must never give up a command, so BullMQ requires
 * `maxRetriesPerRequest: null` there. Producers (the API) must fail fast instead: with the
 * offline queue off, a command sent while Redis is down fails at once and the job stays in
 * the outbox, rather than the HTTP request hanging.
 */
export function createRedis(url: string, role: RedisRole): Redis {
  const options: RedisOptions =
    role === "worker"
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
  return new Redis(url, options);
}

/**
 * BullMQ silently loses jobs when Redis evicts keys, and only warns about it. Returns the
 * policy when it is not `noeviction`, so the caller can say so loudly.
 */
export async function findEvictionRisk(redis: Redis): Promise<string | null> {
  const reply = (await redis.config("GET", "maxmemory-policy")) as string[];
  const policy = reply[1] ?? "unknown";
  return policy === "noeviction" ? null : policy;
}
