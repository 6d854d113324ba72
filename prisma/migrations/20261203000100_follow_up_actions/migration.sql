-- Follow-up actions need upstream references (Midjourney buttons, Suno audio ids) that jobs
-- recorded before this migration never stored. Every existing row is therefore marked as not
-- supporting follow-ups; every row inserted afterwards supports them unless told otherwise.
ALTER TABLE "jobs" ADD COLUMN "supports_actions" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "jobs" ALTER COLUMN "supports_actions" SET DEFAULT true;

-- The inpaint mask is needed for one upstream call and must never be stored on the job or
-- echoed back. It waits here, beside the job, until the worker has sent it, then is deleted.
CREATE TABLE "job_masks" (
    "job_id" UUID NOT NULL,
    "mask" BYTEA NOT NULL,
    CONSTRAINT "job_masks_pkey" PRIMARY KEY ("job_id")
);
ALTER TABLE "job_masks" ADD CONSTRAINT "job_masks_job_id_fkey"
    FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
