-- Follow-up actions need upstream references (Midjourney buttons, Suno audio ids) that jobs
-- recorded before this migration never stored. Every existing row is therefore marked as not
-- supporting follow-ups; every row inserted afterwards supports them unless told otherwise.
ALTER TABLE "jobs" ADD COLUMN "supports_actions" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "jobs" ALTER COLUMN "supports_actions" SET DEFAULT true;
