-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "user" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_verified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" TEXT NOT NULL DEFAULT 'executive',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "user_id" TEXT NOT NULL,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "access_token" TEXT,
    "refresh_token" TEXT,
    "id_token" TEXT,
    "access_token_expires_at" TIMESTAMPTZ(3),
    "refresh_token_expires_at" TIMESTAMPTZ(3),
    "scope" TEXT,
    "password" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_token" (
    "id" SERIAL NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sku" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "upc" TEXT,
    "name" TEXT,
    "category" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sku_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sku_alias" (
    "alias" TEXT NOT NULL,
    "sku_id" INTEGER NOT NULL,

    CONSTRAINT "sku_alias_pkey" PRIMARY KEY ("alias")
);

-- CreateTable
CREATE TABLE "location" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "authoritative_connector_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "location_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "location_alias" (
    "alias" TEXT NOT NULL,
    "location_id" INTEGER NOT NULL,

    CONSTRAINT "location_alias_pkey" PRIMARY KEY ("alias")
);

-- CreateTable
CREATE TABLE "channel" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "freshness_slo_seconds" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channel_location" (
    "channel_id" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,

    CONSTRAINT "channel_location_pkey" PRIMARY KEY ("channel_id","location_id")
);

-- CreateTable
CREATE TABLE "connector" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "heartbeat_seconds" INTEGER NOT NULL DEFAULT 300,
    "channel_id" INTEGER,
    "key_hash" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "webhook_secret_enc" TEXT,
    "rate_limit_per_second" INTEGER NOT NULL DEFAULT 100,
    "last_seen_at" TIMESTAMPTZ(3),
    "last_event_at" TIMESTAMPTZ(3),
    "last_sequence" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connector_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event" (
    "id" BIGSERIAL NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "event_id" TEXT,
    "type" TEXT,
    "status" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "body_hash" TEXT NOT NULL,
    "reasons" JSONB,
    "sequence" BIGINT,
    "occurred_at" TIMESTAMPTZ(3),
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),
    "sku_id" INTEGER,
    "location_id" INTEGER,
    "to_location_id" INTEGER,
    "channel_id" INTEGER,
    "quantity" INTEGER,
    "correlation_id" TEXT,
    "order_ref" TEXT,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_conflict" (
    "id" BIGSERIAL NOT NULL,
    "event_pk" BIGINT NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "event_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "body_hash" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_conflict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dead_letter_body" (
    "id" BIGSERIAL NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "content_type" TEXT,
    "body" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dead_letter_body_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_position" (
    "sku_id" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,
    "on_hand" INTEGER NOT NULL DEFAULT 0,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "allocated" INTEGER NOT NULL DEFAULT 0,
    "in_transit" INTEGER NOT NULL DEFAULT 0,
    "damaged" INTEGER NOT NULL DEFAULT 0,
    "quarantine" INTEGER NOT NULL DEFAULT 0,
    "snapshot_at" TIMESTAMPTZ(3),
    "snapshot_fields" INTEGER NOT NULL DEFAULT 0,
    "rev" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inventory_position_pkey" PRIMARY KEY ("sku_id","location_id")
);

-- CreateTable
CREATE TABLE "reported_position" (
    "connector_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,
    "on_hand" INTEGER NOT NULL DEFAULT 0,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "allocated" INTEGER NOT NULL DEFAULT 0,
    "in_transit" INTEGER NOT NULL DEFAULT 0,
    "damaged" INTEGER NOT NULL DEFAULT 0,
    "quarantine" INTEGER NOT NULL DEFAULT 0,
    "snapshot_at" TIMESTAMPTZ(3),
    "snapshot_fields" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reported_position_pkey" PRIMARY KEY ("connector_id","sku_id","location_id")
);

-- CreateTable
CREATE TABLE "movement" (
    "id" BIGSERIAL NOT NULL,
    "event_pk" BIGINT NOT NULL,
    "book" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "d_on_hand" INTEGER NOT NULL DEFAULT 0,
    "d_reserved" INTEGER NOT NULL DEFAULT 0,
    "d_allocated" INTEGER NOT NULL DEFAULT 0,
    "d_in_transit" INTEGER NOT NULL DEFAULT 0,
    "d_damaged" INTEGER NOT NULL DEFAULT 0,
    "d_quarantine" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "movement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channel_exposure" (
    "channel_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "channel_location" TEXT NOT NULL DEFAULT '',
    "quantity" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "event_pk" BIGINT NOT NULL,

    CONSTRAINT "channel_exposure_pkey" PRIMARY KEY ("channel_id","sku_id","channel_location")
);

-- CreateTable
CREATE TABLE "channel_position" (
    "sku_id" INTEGER NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "target" INTEGER NOT NULL DEFAULT 0,
    "exposed" INTEGER,
    "exposed_at" TIMESTAMPTZ(3),
    "target_updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rev" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "channel_position_pkey" PRIMARY KEY ("sku_id","channel_id")
);

-- CreateTable
CREATE TABLE "policy_version" (
    "version" INTEGER NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL,
    "by_email" TEXT NOT NULL,
    "rules" JSONB NOT NULL,
    "rollback_of" INTEGER,

    CONSTRAINT "policy_version_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "policy_draft" (
    "id" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "rules" JSONB NOT NULL,
    "based_on" INTEGER,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_draft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exception_group" (
    "id" SERIAL NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sku_id" INTEGER,
    "location_id" INTEGER,
    "channel_id" INTEGER,
    "connector_id" INTEGER,
    "scope_value" TEXT,
    "severity" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "sla_due_at" TIMESTAMPTZ(3),
    "assignee" TEXT,
    "units_at_risk" INTEGER NOT NULL DEFAULT 0,
    "resolution" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "snoozed_until" TIMESTAMPTZ(3),
    "details" JSONB,

    CONSTRAINT "exception_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exception_occurrence" (
    "id" BIGSERIAL NOT NULL,
    "group_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "event_pk" BIGINT,
    "details" JSONB,

    CONSTRAINT "exception_occurrence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exception_note" (
    "id" SERIAL NOT NULL,
    "group_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "author_email" TEXT NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "exception_note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "replay_plan" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "selector" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "event_pks" BIGINT[],
    "would_apply" INTEGER NOT NULL,
    "would_skip" INTEGER NOT NULL,
    "would_fail" INTEGER NOT NULL,
    "effects" JSONB NOT NULL,
    "basis" JSONB NOT NULL,
    "reason" TEXT,
    "applied_at" TIMESTAMPTZ(3),
    "applied_by" TEXT,
    "result" JSONB,
    "progress" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "replay_plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_email" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "reason" TEXT,
    "details" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "target_dirty" (
    "sku_id" INTEGER NOT NULL,
    "marked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "target_dirty_pkey" PRIMARY KEY ("sku_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "session_token_key" ON "session"("token");

-- CreateIndex
CREATE INDEX "session_user_id_idx" ON "session"("user_id");

-- CreateIndex
CREATE INDEX "account_user_id_idx" ON "account"("user_id");

-- CreateIndex
CREATE INDEX "verification_identifier_idx" ON "verification"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"("token_hash");

-- CreateIndex
CREATE INDEX "api_token_user_id_idx" ON "api_token"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "sku_code_key" ON "sku"("code");

-- CreateIndex
CREATE UNIQUE INDEX "sku_upc_key" ON "sku"("upc");

-- CreateIndex
CREATE INDEX "sku_category_idx" ON "sku"("category");

-- CreateIndex
CREATE INDEX "sku_alias_sku_id_idx" ON "sku_alias"("sku_id");

-- CreateIndex
CREATE UNIQUE INDEX "location_code_key" ON "location"("code");

-- CreateIndex
CREATE INDEX "location_alias_location_id_idx" ON "location_alias"("location_id");

-- CreateIndex
CREATE UNIQUE INDEX "channel_code_key" ON "channel"("code");

-- CreateIndex
CREATE INDEX "channel_location_location_id_idx" ON "channel_location"("location_id");

-- CreateIndex
CREATE UNIQUE INDEX "connector_code_key" ON "connector"("code");

-- CreateIndex
CREATE UNIQUE INDEX "connector_key_hash_key" ON "connector"("key_hash");

-- CreateIndex
CREATE INDEX "event_sku_id_occurred_at_idx" ON "event"("sku_id", "occurred_at");

-- CreateIndex
CREATE INDEX "event_status_received_at_idx" ON "event"("status", "received_at");

-- CreateIndex
CREATE INDEX "event_received_at_idx" ON "event"("received_at");

-- CreateIndex
CREATE INDEX "event_correlation_id_idx" ON "event"("correlation_id");

-- CreateIndex
CREATE INDEX "event_order_ref_idx" ON "event"("order_ref");

-- CreateIndex
CREATE INDEX "event_connector_id_status_sequence_idx" ON "event"("connector_id", "status", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "event_connector_id_event_id_key" ON "event"("connector_id", "event_id");

-- CreateIndex
CREATE INDEX "event_conflict_event_pk_idx" ON "event_conflict"("event_pk");

-- CreateIndex
CREATE INDEX "dead_letter_body_connector_id_received_at_idx" ON "dead_letter_body"("connector_id", "received_at");

-- CreateIndex
CREATE INDEX "inventory_position_location_id_idx" ON "inventory_position"("location_id");

-- CreateIndex
CREATE INDEX "reported_position_sku_id_location_id_idx" ON "reported_position"("sku_id", "location_id");

-- CreateIndex
CREATE INDEX "movement_book_sku_id_location_id_occurred_at_idx" ON "movement"("book", "sku_id", "location_id", "occurred_at");

-- CreateIndex
CREATE INDEX "movement_event_pk_idx" ON "movement"("event_pk");

-- CreateIndex
CREATE INDEX "channel_position_channel_id_idx" ON "channel_position"("channel_id");

-- CreateIndex
CREATE UNIQUE INDEX "exception_group_fingerprint_key" ON "exception_group"("fingerprint");

-- CreateIndex
CREATE INDEX "exception_group_state_severity_idx" ON "exception_group"("state", "severity");

-- CreateIndex
CREATE INDEX "exception_group_kind_state_idx" ON "exception_group"("kind", "state");

-- CreateIndex
CREATE INDEX "exception_group_sku_id_idx" ON "exception_group"("sku_id");

-- CreateIndex
CREATE INDEX "exception_group_last_seen_at_idx" ON "exception_group"("last_seen_at");

-- CreateIndex
CREATE INDEX "exception_occurrence_group_id_at_idx" ON "exception_occurrence"("group_id", "at");

-- CreateIndex
CREATE INDEX "exception_note_group_id_idx" ON "exception_note"("group_id");

-- CreateIndex
CREATE INDEX "replay_plan_created_at_idx" ON "replay_plan"("created_at");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE INDEX "audit_log_target_type_target_id_idx" ON "audit_log"("target_type", "target_id");

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sku_alias" ADD CONSTRAINT "sku_alias_sku_id_fkey" FOREIGN KEY ("sku_id") REFERENCES "sku"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "location" ADD CONSTRAINT "location_authoritative_connector_id_fkey" FOREIGN KEY ("authoritative_connector_id") REFERENCES "connector"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "location_alias" ADD CONSTRAINT "location_alias_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "channel_location" ADD CONSTRAINT "channel_location_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "channel_location" ADD CONSTRAINT "channel_location_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connector" ADD CONSTRAINT "connector_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exception_occurrence" ADD CONSTRAINT "exception_occurrence_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "exception_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exception_note" ADD CONSTRAINT "exception_note_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "exception_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written below this line ------------------------------------------------------------------

-- The audit log is append-only: the application may insert, never change or remove.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
