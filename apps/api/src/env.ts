import { commonEnv, databaseEnv, envInt, parseEnv, redisEnv, webhookEnv } from "@reprise/config";
import { z } from "zod";

export const apiEnvSchema = z.object({
  ...commonEnv,
  ...databaseEnv,
  ...redisEnv,
  ...webhookEnv,
  /** TCP port of the HTTP server. */
  PORT: envInt(3000, 1, 65_535),
  /** Interface to listen on; 127.0.0.1 keeps a local start off the network. */
  HOST: z.string().default("127.0.0.1"),
  /** Requests per minute per API key; 0 turns the limit off (benchmarks). */
  RATE_LIMIT_PER_MINUTE: envInt(600, 0),
  /** Largest JSON body in bytes; the Midjourney action endpoint allows more for masks. */
  BODY_LIMIT_BYTES: envInt(256 * 1024, 1024),
  /**
   * Largest body of `POST /v2/images/midjourney/action`: an 8 MB mask in base64 is 10.7 MB.
   */
  ACTION_BODY_LIMIT_BYTES: envInt(12 * 1024 * 1024, 1024),
  /** Bull Board's basic-auth user, at /admin/queues. */
  BULL_BOARD_USER: z.string().min(1).default("operator"),
  /** Bull Board's password; the board is not served at all while this is unset. */
  BULL_BOARD_PASSWORD: z.string().min(12).optional(),
  /** How long an enqueue may take before the job is left to the outbox relay, in ms. */
  ENQUEUE_TIMEOUT_MS: envInt(1_000, 50),
});

export type ApiEnv = z.infer<typeof apiEnvSchema>;

export function readApiEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  return parseEnv(apiEnvSchema, source);
}
