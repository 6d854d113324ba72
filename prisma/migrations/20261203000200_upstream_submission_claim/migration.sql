-- An upstream task must be submitted once per job. Before submitting, a worker claims the job
-- by stamping this column; another worker running the same job (a stalled BullMQ job that came
-- back) sees the fresh claim and waits instead of submitting a second task.
ALTER TABLE "jobs" ADD COLUMN "submit_claimed_at" TIMESTAMPTZ(3);
