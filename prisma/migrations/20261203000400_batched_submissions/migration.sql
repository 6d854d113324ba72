-- Records a batch of submissions in one statement and so in one commit: under load the API
-- gathers the submissions of one event-loop turn, and a commit (a WAL flush) per submission
-- was the larger part of PostgreSQL's work; with one team, each flush also held its balance
-- row locked. The batch is a JSON array in arrival order. For each submission, in that order:
-- a conditional decrement of the team's balance (never below zero, and only while the team
-- runs fewer jobs than its limit), then the job row, its ledger charge, its outbox row, its
-- mask and the completion of its Idempotency-Key, only if the charge happened. One row comes
-- back per submission: when it was recorded (null when refused), and the team's balance and
-- limits after it, which say why a refusal happened.
--
-- Every team of the batch is locked first, in id order, so two batches naming the same teams
-- queue up instead of deadlocking. An error anywhere rolls the whole batch back: nothing of it
-- was charged, and each of its requests is answered with the error.
CREATE FUNCTION "record_submissions"(batch JSONB)
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
BEGIN
    PERFORM 1 FROM "teams"
    WHERE "id" IN (SELECT (item ->> 'teamId')::uuid FROM jsonb_array_elements(batch) AS item)
    ORDER BY "id" FOR UPDATE;

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
