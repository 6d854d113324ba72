import { type PrismaClient, runQuery } from "./client.js";

// Webhook events are written by the job transitions themselves (see job-transitions.ts), so
// the events a job owes are exactly the transitions it made. Everything here moves one event
// through its delivery: queued, attempted (each attempt a webhook_deliveries row), settled.

/** An event to put in the delivery queue; its round names the BullMQ job of this round. */
export interface EventToQueue {
  id: string;
  jobId: string;
  key: string;
  round: number;
}

const EVENT_TO_QUEUE = `id, job_id AS "jobId", key, round`;

/** The events of a job that are owed and not yet known to be queued. */
export async function findUnqueuedEvents(
  prisma: PrismaClient,
  jobId: string,
): Promise<EventToQueue[]> {
  const { rows } = await runQuery<EventToQueue>(
    prisma,
    `SELECT ${EVENT_TO_QUEUE} FROM webhook_events
     WHERE job_id = $1::uuid AND state = 'pending' AND enqueued_at IS NULL ORDER BY seq`,
    [jobId],
  );
  return rows;
}

/**
 * Owed events of any job that nobody queued since `createdBefore`: the worker that made the
 * transition died before its enqueue, or Redis refused it.
 */
export async function findStrandedEvents(
  prisma: PrismaClient,
  createdBefore: Date,
  limit: number,
): Promise<EventToQueue[]> {
  const { rows } = await runQuery<EventToQueue>(
    prisma,
    `SELECT ${EVENT_TO_QUEUE} FROM webhook_events
     WHERE state = 'pending' AND enqueued_at IS NULL AND created_at < $1
     ORDER BY created_at LIMIT $2`,
    [createdBefore, limit],
  );
  return rows;
}

/** Owed events last seen in the queue before `seenBefore`, oldest first, to check on. */
export async function findQuietEvents(
  prisma: PrismaClient,
  seenBefore: Date,
  limit: number,
): Promise<EventToQueue[]> {
  const { rows } = await runQuery<EventToQueue>(
    prisma,
    `SELECT ${EVENT_TO_QUEUE} FROM webhook_events
     WHERE state = 'pending' AND enqueued_at < $1 ORDER BY enqueued_at LIMIT $2`,
    [seenBefore, limit],
  );
  return rows;
}

/** Notes that these events are in the delivery queue (now, or still). */
export async function markEventsQueued(prisma: PrismaClient, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await runQuery(
    prisma,
    "UPDATE webhook_events SET enqueued_at = now() WHERE id = ANY($1::uuid[])",
    [ids],
  );
}

/** Everything one attempt needs to build, sign and send its delivery. */
export interface DeliveryAttempt {
  deliveryId: string;
  eventId: string;
  event: "progress" | "completed" | "failed";
  /** The progress value a `progress` event announces. */
  progress: number | null;
  /** Counted over every round; numbers the attempt in the deliveries list. */
  attempt: number;
  /** Counted in this round only; decides when to give up. */
  roundAttempt: number;
  job: {
    id: string;
    model: string;
    result: unknown;
    error: string | null;
    creditCost: number;
    completedAt: Date | null;
    webhookUrl: string;
  };
  /** Hex SHA-256 of the API key that created the job. */
  apiKeyHash: string;
  secret: string;
  previousSecret: string | null;
  secretRotatedAt: Date | null;
}

export type AttemptStart =
  | { kind: "begun"; attempt: DeliveryAttempt }
  /** An earlier event of the same job is still owed: this one must wait for it. */
  | { kind: "waiting" }
  /** Delivered or given up already (a duplicate run of the queue job), or gone. */
  | { kind: "settled" };

const BEGIN_ATTEMPT = `
  WITH target AS (
    SELECT e.id,
           EXISTS (SELECT 1 FROM webhook_events earlier
                   WHERE earlier.job_id = e.job_id AND earlier.seq < e.seq
                     AND earlier.state = 'pending') AS blocked
    FROM webhook_events e WHERE e.id = $1::uuid AND e.state = 'pending'
    FOR UPDATE OF e
  ), begun AS (
    UPDATE webhook_events e
    SET attempts = e.attempts + 1, round_attempts = e.round_attempts + 1
    FROM target WHERE e.id = target.id AND NOT target.blocked
    RETURNING e.id, e.job_id, e.event, e.progress, e.attempts, e.round_attempts
  ), attempt AS (
    INSERT INTO webhook_deliveries (id, job_id, event_id, event, message_id, attempt)
    SELECT gen_random_uuid(), job_id, id, event, 'msg_' || id, attempts FROM begun
    RETURNING id
  )
  SELECT t.blocked, a.id AS "deliveryId", b.id AS "eventId", b.event, b.progress,
         b.attempts AS attempt, b.round_attempts AS "roundAttempt",
         j.id AS "jobId", j.model, j.result, j.error, j.credit_cost AS "creditCost",
         j.completed_at AS "completedAt", j.webhook_url AS "webhookUrl",
         k.key_hash AS "apiKeyHash", tm.webhook_secret AS secret,
         tm.previous_webhook_secret AS "previousSecret",
         tm.webhook_secret_rotated_at AS "secretRotatedAt"
  FROM target t
  LEFT JOIN begun b ON true
  LEFT JOIN attempt a ON true
  LEFT JOIN jobs j ON j.id = b.job_id
  LEFT JOIN api_keys k ON k.id = j.api_key_id
  LEFT JOIN teams tm ON tm.id = j.team_id`;

interface BeginAttemptRow extends Omit<DeliveryAttempt, "job"> {
  blocked: boolean;
  jobId: string;
  model: string;
  result: unknown;
  error: string | null;
  creditCost: number;
  completedAt: Date | null;
  webhookUrl: string;
}

/**
 * Begins an attempt at an owed event, in one statement: checks that every earlier event of
 * its job is settled (a job's events are delivered in order), counts the attempt, writes its
 * webhook_deliveries row (so an attempt cut short by a crash still shows) and reads what the
 * delivery needs. The attempt is counted before it is made: an attempt that killed its worker
 * counts towards giving up, so a receiver that crashes workers cannot be retried forever.
 */
export async function beginDeliveryAttempt(
  prisma: PrismaClient,
  eventId: string,
): Promise<AttemptStart> {
  const { rows } = await runQuery<BeginAttemptRow>(prisma, BEGIN_ATTEMPT, [eventId]);
  const row = rows[0];
  if (!row) return { kind: "settled" };
  if (row.blocked) return { kind: "waiting" };

  const { blocked, jobId, model, result, error, creditCost, completedAt, webhookUrl, ...rest } =
    row;
  return {
    kind: "begun",
    attempt: {
      ...rest,
      job: { id: jobId, model, result, error, creditCost, completedAt, webhookUrl },
    },
  };
}

/** What one attempt came to, as recorded on its webhook_deliveries row. */
export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Whether the event is settled by this attempt, and how. */
export type EventSettlement = "delivered" | "failed" | "retrying";

const FINISH_ATTEMPT = `
  WITH attempt AS (
    UPDATE webhook_deliveries SET status_code = $2, error = $3, duration_ms = $4
    WHERE id = $1::uuid
    RETURNING event_id
  ), settled AS (
    UPDATE webhook_events e SET state = $5::text::"WebhookStatus", finished_at = now()
    FROM attempt
    WHERE e.id = attempt.event_id AND $5::text IS NOT NULL AND e.state = 'pending'
    RETURNING e.id, e.job_id, e.event, e.state, e.seq
  ), status AS (
    -- webhookStatus follows the job's terminal event only (docs/webhooks.md).
    UPDATE jobs j SET webhook_status = settled.state FROM settled
    WHERE j.id = settled.job_id AND settled.event IN ('completed', 'failed')
  )
  SELECT n.id, n.job_id AS "jobId", n.key, n.round
  FROM settled s
  JOIN LATERAL (
    SELECT id, job_id, key, round FROM webhook_events next
    WHERE next.job_id = s.job_id AND next.seq > s.seq AND next.state = 'pending'
    ORDER BY seq LIMIT 1
  ) n ON true`;

/**
 * Records how an attempt ended and, unless it is retried, settles its event (a terminal
 * event also settles the job's webhookStatus). Returns the job's next owed event once this
 * one is settled, so its waiting delivery can be started at once.
 */
export async function finishDeliveryAttempt(
  prisma: PrismaClient,
  deliveryId: string,
  result: AttemptResult,
  settlement: EventSettlement,
): Promise<EventToQueue | null> {
  const state = settlement === "retrying" ? null : settlement;
  const { rows } = await runQuery<EventToQueue>(prisma, FINISH_ATTEMPT, [
    deliveryId,
    result.statusCode,
    result.error,
    result.durationMs,
    state,
  ]);
  return rows[0] ?? null;
}

export type Redelivery =
  | { kind: "scheduled"; event: EventToQueue & { event: string } }
  /** The last event is still being delivered: nothing new is scheduled. */
  | { kind: "in_progress"; event: EventToQueue & { event: string } }
  | { kind: "no_event" };

const REDELIVER = `
  WITH last AS (
    SELECT id FROM webhook_events WHERE job_id = $1::uuid ORDER BY seq DESC LIMIT 1 FOR UPDATE
  ), again AS (
    UPDATE webhook_events e
    SET state = 'pending', round = e.round + 1, round_attempts = 0, enqueued_at = NULL,
        finished_at = NULL
    FROM last WHERE e.id = last.id AND e.state <> 'pending'
    RETURNING e.id, e.job_id, e.event
  ), status AS (
    UPDATE jobs j SET webhook_status = 'pending' FROM again
    WHERE j.id = again.job_id AND again.event IN ('completed', 'failed')
  )
  SELECT e.id, e.job_id AS "jobId", e.key, e.round, e.event,
         EXISTS (SELECT 1 FROM again) AS scheduled
  FROM last JOIN webhook_events e ON e.id = last.id`;

/**
 * Owes the job's last event again, in a new round of attempts with the same message id (the
 * receiver sees the same `webhook-id`, and may drop it as a duplicate). An event still being
 * delivered is left alone.
 */
export async function redeliverLastEvent(prisma: PrismaClient, jobId: string): Promise<Redelivery> {
  const { rows } = await runQuery<EventToQueue & { event: string; scheduled: boolean }>(
    prisma,
    REDELIVER,
    [jobId],
  );
  const row = rows[0];
  if (!row) return { kind: "no_event" };
  const { scheduled, ...event } = row;
  // The statement's snapshot predates its own update: the round it read is the old one.
  return scheduled
    ? { kind: "scheduled", event: { ...event, round: event.round + 1 } }
    : { kind: "in_progress", event };
}

/** One attempt at one event, as `GET /v2/jobs/:id/deliveries` lists it. */
export interface DeliveryRecord {
  id: string;
  event: string;
  webhookId: string;
  attempt: number;
  createdAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number | null;
}

/** Every attempt at the job's webhooks, oldest first. */
export async function listDeliveries(
  prisma: PrismaClient,
  jobId: string,
): Promise<DeliveryRecord[]> {
  const { rows } = await runQuery<DeliveryRecord>(
    prisma,
    `SELECT id, event, message_id AS "webhookId", attempt, created_at AS "createdAt",
            status_code AS "statusCode", error, duration_ms AS "durationMs"
     FROM webhook_deliveries WHERE job_id = $1::uuid ORDER BY created_at, attempt`,
    [jobId],
  );
  return rows;
}
