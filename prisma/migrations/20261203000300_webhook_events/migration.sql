-- Webhook events: one row per event a job owes its receiver, written by the same statement as
-- the job's transition (so an event can never be lost between the transition and the enqueue:
-- rows with no "enqueued_at" are enqueued by the worker's delivery relay). The key names the
-- event ("completed", "failed", "progress_45") and is unique per job, so a job that ran twice
-- still owes each event once. "seq" orders a job's events: one is only attempted once every
-- earlier one of its job is delivered or given up.
CREATE TABLE "webhook_events" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "progress" INTEGER,
    "state" "WebhookStatus" NOT NULL DEFAULT 'pending',
    "round" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "round_attempts" INTEGER NOT NULL DEFAULT 0,
    "enqueued_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "webhook_events_job_id_key_key" ON "webhook_events"("job_id", "key");
CREATE INDEX "webhook_events_job_id_seq_idx" ON "webhook_events"("job_id", "seq");
CREATE INDEX "webhook_events_state_enqueued_at_idx" ON "webhook_events"("state", "enqueued_at");
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_job_id_fkey"
    FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The progress last announced to the receiver, and when: progress events go out at most once
-- per second per job, and only for a value above the one announced.
ALTER TABLE "jobs" ADD COLUMN "notified_progress" INTEGER;
ALTER TABLE "jobs" ADD COLUMN "notified_progress_at" TIMESTAMPTZ(3);

-- Each attempt's row is written when the attempt begins and completed when it ends, so an
-- attempt cut short by a crash still shows; "event_id" links it to its event.
ALTER TABLE "webhook_deliveries" ADD COLUMN "event_id" UUID;
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_fkey"
    FOREIGN KEY ("event_id") REFERENCES "webhook_events"("id") ON DELETE SET NULL ON UPDATE CASCADE;
