-- record_submissions locked the teams of a batch with one `id IN (…)` query. PL/pgSQL keeps
-- the generic plan of its statements, made from the statistics of the moment, so on a database
-- that started with a handful of teams that lock stays a sequential scan of the whole teams
-- table for every batch. Each team is now locked by its key, a plan that holds at any size,
-- still in id order so that two batches naming the same teams queue up instead of deadlocking.
-- The rest of the function is unchanged.
CREATE OR REPLACE FUNCTION "record_submissions"(batch JSONB)
RETURNS TABLE (
    "submission_id" UUID,
    "recorded_at" TIMESTAMPTZ(3),
    "balance" INTEGER,
    "running_jobs" INTEGER,
    "concurrency_limit" INTEGER
)
LANGUAGE plpgsql AS $$
DECLARE
    s RECORD;
    team UUID;
BEGIN
    FOR team IN
        SELECT DISTINCT (item ->> 'teamId')::uuid FROM jsonb_array_elements(batch) AS item
        ORDER BY 1
    LOOP
        PERFORM 1 FROM "teams" WHERE "id" = team FOR UPDATE;
    END LOOP;

    FOR s IN
        SELECT * FROM jsonb_to_recordset(batch) AS x(
            "id" UUID, "userId" UUID, "teamId" UUID, "apiKeyId" UUID, "model" TEXT,
            "action" TEXT, "parentJobId" UUID, "input" JSONB, "creditCost" INTEGER,
            "webhookUrl" TEXT, "webhookEvents" TEXT[], "mask" TEXT, "idempotencyKey" TEXT,
            "responseBody" JSONB)
    LOOP
        submission_id := s."id";
        recorded_at := NULL;
        UPDATE "teams" t
        SET "credits" = t."credits" - s."creditCost", "active_jobs" = t."active_jobs" + 1
        WHERE t."id" = s."teamId" AND t."credits" >= s."creditCost"
          AND t."active_jobs" < t."max_concurrent_jobs"
        RETURNING t."credits", t."active_jobs", t."max_concurrent_jobs"
        INTO balance, running_jobs, concurrency_limit;

        IF FOUND THEN
            INSERT INTO "jobs" ("id", "user_id", "team_id", "api_key_id", "model", "action",
                                "parent_job_id", "input", "credit_cost", "webhook_url",
                                "webhook_events", "webhook_status")
            VALUES (s."id", s."userId", s."teamId", s."apiKeyId", s."model", s."action",
                    s."parentJobId", s."input", s."creditCost", s."webhookUrl",
                    COALESCE(s."webhookEvents", '{}'),
                    CASE WHEN s."webhookUrl" IS NOT NULL THEN 'pending'::"WebhookStatus" END)
            RETURNING "created_at" INTO recorded_at;
            INSERT INTO "credit_ledger" ("id", "team_id", "job_id", "kind", "amount")
            VALUES (gen_random_uuid(), s."teamId", s."id", 'CHARGE', -s."creditCost");
            INSERT INTO "outbox" ("job_id") VALUES (s."id");
            IF s."mask" IS NOT NULL THEN
                INSERT INTO "job_masks" ("job_id", "mask")
                VALUES (s."id", decode(s."mask", 'base64'));
            END IF;
            IF s."idempotencyKey" IS NOT NULL THEN
                UPDATE "idempotency_keys" k
                SET "state" = 'COMPLETED', "job_id" = s."id", "response_status" = 202,
                    "response_body" = s."responseBody"
                WHERE k."team_id" = s."teamId" AND k."key" = s."idempotencyKey";
            END IF;
        ELSE
            SELECT t."credits", t."active_jobs", t."max_concurrent_jobs"
            INTO balance, running_jobs, concurrency_limit
            FROM "teams" t WHERE t."id" = s."teamId";
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;
