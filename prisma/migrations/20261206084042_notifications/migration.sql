-- CreateTable
CREATE TABLE "notification_endpoint" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT,
    "to_addresses" TEXT[],
    "description" TEXT NOT NULL DEFAULT '',
    "event_types" TEXT[],
    "filter" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "muted_until" TIMESTAMPTZ(3),
    "rate_limit_per_minute" INTEGER NOT NULL DEFAULT 30,
    "secret_enc" TEXT,
    "previous_secret_enc" TEXT,
    "previous_secret_until" TIMESTAMPTZ(3),
    "failing_since" TIMESTAMPTZ(3),
    "last_success_at" TIMESTAMPTZ(3),
    "last_failure_at" TIMESTAMPTZ(3),
    "disabled_reason" TEXT,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_endpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_event" (
    "id" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "group_id" INTEGER NOT NULL,
    "is_reopen" BOOLEAN NOT NULL DEFAULT false,
    "resolved_for_seconds" INTEGER,
    "assignee" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "dispatched_at" TIMESTAMPTZ(3),
    "outcome" TEXT,

    CONSTRAINT "notification_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_message" (
    "id" TEXT NOT NULL,
    "endpoint_id" TEXT,
    "to_address" TEXT,
    "type" TEXT NOT NULL,
    "group_id" INTEGER,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "retry_step" INTEGER NOT NULL DEFAULT 0,
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "next_attempt_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),
    "leased_until" TIMESTAMPTZ(3),

    CONSTRAINT "notification_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_attempt" (
    "id" BIGSERIAL NOT NULL,
    "message_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status_code" INTEGER,
    "duration_ms" INTEGER NOT NULL,
    "error" TEXT,
    "response_body" TEXT,

    CONSTRAINT "notification_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_group_state" (
    "group_id" INTEGER NOT NULL,
    "is_announced" BOOLEAN NOT NULL DEFAULT false,
    "last_sent_at" TIMESTAMPTZ(3),
    "damped_since" TIMESTAMPTZ(3),

    CONSTRAINT "notification_group_state_pkey" PRIMARY KEY ("group_id")
);

-- CreateTable
CREATE TABLE "notification_digest" (
    "endpoint_id" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "by_kind" JSONB NOT NULL DEFAULT '{}',
    "by_severity" JSONB NOT NULL DEFAULT '{}',
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_digest_pkey" PRIMARY KEY ("endpoint_id","minute")
);

-- CreateTable
CREATE TABLE "availability_change" (
    "id" BIGSERIAL NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "previous_target" INTEGER,
    "target" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "availability_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_channel_state" (
    "channel_id" INTEGER NOT NULL,
    "last_sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_channel_state_pkey" PRIMARY KEY ("channel_id")
);

-- CreateTable
CREATE TABLE "notification_demo_receipt" (
    "id" BIGSERIAL NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "is_verified" BOOLEAN NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "body" TEXT NOT NULL,

    CONSTRAINT "notification_demo_receipt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notification_event_group_id_created_at_idx" ON "notification_event"("group_id", "created_at");

-- CreateIndex
CREATE INDEX "notification_message_endpoint_id_created_at_id_idx" ON "notification_message"("endpoint_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "notification_message_created_at_id_idx" ON "notification_message"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "notification_attempt_message_id_id_idx" ON "notification_attempt"("message_id", "id");

-- CreateIndex
CREATE INDEX "availability_change_channel_id_sku_id_idx" ON "availability_change"("channel_id", "sku_id");

-- AddForeignKey
ALTER TABLE "notification_message" ADD CONSTRAINT "notification_message_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "notification_endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_attempt" ADD CONSTRAINT "notification_attempt_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "notification_message"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written below this line -------------------------------------------------------------

-- What the deliverer claims (due messages of one endpoint) and the dispatcher reads (due transitions).
CREATE INDEX "notification_message_due_idx" ON "notification_message" ("endpoint_id", "next_attempt_at") WHERE "status" IN ('pending', 'retrying');
CREATE INDEX "notification_message_status_idx" ON "notification_message" ("status", "created_at" DESC, "id" DESC);
CREATE INDEX "notification_event_due_idx" ON "notification_event" ("due_at", "id") WHERE "dispatched_at" IS NULL;

-- Every statement that writes transitions into the outbox also adds the dispatcher's job (the job
-- queue's add_job, in the same transaction), to run when the earliest of them is due: the code that
-- makes a transition writes one INSERT … SELECT and nothing else.
CREATE FUNCTION notification_event_kick() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_due timestamptz;
BEGIN
  SELECT min(due_at) INTO v_due FROM new_events;
  IF v_due IS NOT NULL THEN
    PERFORM graphile_worker.add_job('notify_dispatch', '{}'::json, run_at => v_due, max_attempts => 5::smallint);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER notification_event_kick AFTER INSERT ON "notification_event"
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION notification_event_kick();

-- Target changes: one job per channel, keyed, keeping a pending job's time (the drain holds a
-- channel to one message every 5 s by scheduling its next run).
CREATE FUNCTION availability_change_kick() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_changes) THEN
    PERFORM graphile_worker.add_jobs(array(
      SELECT row('notify_availability', json_build_object('channelId', c.channel_id), NULL, now(), 5::smallint,
                 'notify_availability:' || c.channel_id, NULL::smallint, NULL::text[])::graphile_worker.job_spec
      FROM (SELECT DISTINCT channel_id FROM new_changes) c), true);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER availability_change_kick AFTER INSERT ON "availability_change"
  REFERENCING NEW TABLE AS new_changes FOR EACH STATEMENT EXECUTE FUNCTION availability_change_kick();
