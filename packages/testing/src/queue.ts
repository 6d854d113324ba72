import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface TestQueuePrefix {
  prefix: string;
  /** Deletes every key under the prefix and closes the connection. Call it in afterAll. */
  clean(): Promise<void>;
}

/** A BullMQ key prefix of its own for one test file, so queues never mix across files. */
export function createTestQueuePrefix(label: string): TestQueuePrefix {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 30);
  const prefix = `test-${slug}-${randomBytes(4).toString("hex")}`;

  return {
    prefix,
    async clean() {
      const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
      try {
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
          if (keys.length > 0) await redis.del(...keys);
          cursor = next;
        } while (cursor !== "0");
      } finally {
        redis.disconnect();
      }
    },
  };
}
