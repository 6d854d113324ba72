import { z } from "zod";

/** Thrown when the environment does not satisfy an app's schema; lists every bad variable. */
export class EnvError extends Error {
  override name = "EnvError";
}

/**
 * A real boolean from an environment variable: "true"/"1"/"yes" and "false"/"0"/"no", any case.
 * `z.coerce.boolean()` would read "false" as true, which is why this exists.
 */
export const envBoolean = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], {
      error: "must be true or false",
    })
    .default(fallback ? "true" : "false")
    .transform((value) => value === "true" || value === "1" || value === "yes");

/** A whole number from an environment variable, within [min, max]. */
export const envInt = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** Variables every app shares. */
export const commonEnv = {
  /** "production" switches logs to JSON and turns off development conveniences. */
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** winston level: error, warn, info, debug. */
  LOG_LEVEL: z.enum(["error", "warn", "info", "debug"]).default("info"),
};

/** The database; the default matches the local PostgreSQL with trust auth. */
export const databaseEnv = {
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/reprise"),
  /** Postgres schema to use; tests give each file its own. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, "must be a lowercase SQL identifier")
    .default("public"),
  /** Connections each process keeps to Postgres. */
  DATABASE_POOL_SIZE: envInt(10, 1, 500),
};

/** Redis, for BullMQ. */
export const redisEnv = {
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  /** Key prefix of every queue; tests give each file its own. */
  QUEUE_PREFIX: z.string().min(1).default("reprise"),
};

/**
 * Parses `source` with `schema` and throws one EnvError naming every bad variable,
 * so an operator fixes them all in one go.
 */
export function parseEnv<T extends z.ZodType>(
  schema: T,
  source: Record<string, string | undefined> = process.env,
): z.output<T> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;

  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new EnvError(`invalid environment: ${problems.join("; ")}`);
}

/**
 * Webhook settings the API (which accepts URLs and reports secrets) and the worker (which
 * delivers and signs) must read alike.
 */
export const webhookEnv = {
  /**
   * After `POST /v2/webhooks/secret/rotate`, deliveries are also signed with the previous
   * secret for this many hours, so receivers can switch over without losing a delivery.
   */
  WEBHOOK_SECRET_GRACE_HOURS: envInt(24, 0, 24 * 30),
  /**
   * UNSAFE outside development: webhook URLs on loopback (127.0.0.0/8, ::1, localhost) are
   * accepted and delivered to, so a local receiver can be used. Private, link-local and
   * metadata addresses stay refused.
   */
  WEBHOOK_ALLOW_LOOPBACK: envBoolean(false),
};
