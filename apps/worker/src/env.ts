import { commonEnv, databaseEnv, envInt, parseEnv, redisEnv, webhookEnv } from "@reprise/config";
import { z } from "zod";

/** A comma-separated list of delays in ms, e.g. "5000,300000". */
const delayList = (fallback: readonly number[]) =>
  z
    .string()
    .regex(/^\d+(,\d+)*$/, "must be delays in ms, separated by commas")
    .default(fallback.join(","))
    .transform((list) => list.split(",").map(Number));

export const workerEnvSchema = z.object({
  ...commonEnv,
  ...databaseEnv,
  ...redisEnv,
  ...webhookEnv,
  /** midjourney-proxy "plus" base URL; the default is the local simulator. */
  MIDJOURNEY_PROXY_URL: z.url().default("http://127.0.0.1:4010"),
  /** `mj-api-secret`, when the proxy's operator set one. */
  MIDJOURNEY_PROXY_SECRET: z.string().min(1).optional(),
  /** sunoapi.org (or a reseller with the same contract); the default is the local simulator. */
  SUNO_API_URL: z.url().default("http://127.0.0.1:4010"),
  /** Bearer key of the Suno upstream. */
  SUNO_API_KEY: z.string().min(1).optional(),
  /**
   * Sent as `callBackUrl`, which sunoapi requires. Reprise polls and ignores callbacks, so any
   * URL the upstream can reach will do.
   */
  SUNO_CALLBACK_URL: z.url().default("http://127.0.0.1:3000/v2/upstream/suno/callback"),
  /** Timeout of one upstream HTTP request, in ms. */
  UPSTREAM_TIMEOUT_MS: envInt(15_000, 100),
  /** Jobs each queue runs at once in this process; most of their time is spent waiting. */
  WORKER_CONCURRENCY: envInt(20, 1, 1_000),
  /** New Suno tasks per 10 s across all replicas: sunoapi's limit is 20 per account. */
  SUNO_TASKS_PER_10S: envInt(20, 1),
  /** Pause between two polls of one upstream task, in ms. */
  POLL_INTERVAL_MS: envInt(2_000, 0),
  /** First retry delay after a failed run (ms); it doubles per attempt, up to 8 attempts. */
  RETRY_BASE_MS: envInt(5_000, 1),
  /**
   * BullMQ lock of a running job (ms). A worker killed mid-job is noticed once this runs out,
   * and another replica resumes the job.
   */
  LOCK_DURATION_MS: envInt(30_000, 500),
  /** A PROCESSING job whose progress has not moved for this long fails with a timeout (ms). */
  JOB_DEADLINE_MS: envInt(15 * 60_000, 1_000),
  /** A QUEUED job not started after this long fails with a timeout (ms). */
  QUEUED_DEADLINE_MS: envInt(6 * 60 * 60_000, 1_000),
  /** How often the outbox relay and the reconciler look for lost jobs (ms). */
  RECOVERY_INTERVAL_MS: envInt(5_000, 100),
  /** A job this long without a move is checked against Redis by the reconciler (ms). */
  RECONCILE_AFTER_MS: envInt(30_000, 100),
  /**
   * Port of this worker's `GET /metrics` (Prometheus); unset, none is served. Replicas on one
   * host each need their own.
   */
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** Address the metrics port listens on: keep it where only Prometheus reaches it. */
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** On SIGTERM, how long running jobs may finish before they are handed back (ms). */
  SHUTDOWN_GRACE_MS: envInt(20_000, 0),
  /** A delivery succeeds on a 2xx status within this long; the whole exchange is cut then (ms). */
  WEBHOOK_TIMEOUT_MS: envInt(15_000, 100, 120_000),
  /**
   * Delays before each retry of a failed delivery (ms): API.md's 5 s, 5 min, 30 min, 2 h, 5 h,
   * 10 h; after the last retry the event is given up. A longer `Retry-After` wins.
   */
  WEBHOOK_RETRY_DELAYS_MS: delayList([
    5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000,
  ]),
  /** Deliveries in flight at once in this process; most of their time is spent waiting. */
  WEBHOOK_CONCURRENCY: envInt(50, 1, 1_000),
  /** How long an event waits for an earlier event of its job before looking again (ms). */
  WEBHOOK_ORDER_WAIT_MS: envInt(30_000, 10),
  /**
   * A PEM file of certificates trusted for webhook receivers besides the system's roots, e.g. a
   * development receiver's self-signed certificate. TLS is verified either way.
   */
  WEBHOOK_EXTRA_CA_FILE: z.string().min(1).optional(),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function readWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  return parseEnv(workerEnvSchema, source);
}
