-- CreateTable
CREATE TABLE "kpi_hourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "oversold" INTEGER NOT NULL DEFAULT 0,
    "stale_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "accuracy_rows" INTEGER NOT NULL DEFAULT 0,
    "accuracy_within" INTEGER NOT NULL DEFAULT 0,
    "drift_units" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "kpi_hourly_pkey" PRIMARY KEY ("hour","channel_id")
);

-- CreateTable
CREATE TABLE "kpi_exception_hourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "opened" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "resolve_minutes" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "kpi_exception_hourly_pkey" PRIMARY KEY ("hour","channel_id")
);

-- CreateTable
CREATE TABLE "kpi_latency_hourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "kpi_latency_hourly_pkey" PRIMARY KEY ("hour","channel_id","bucket")
);

-- CreateTable
CREATE TABLE "kpi_latency_daily" (
    "day" TIMESTAMPTZ(3) NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "kpi_latency_daily_pkey" PRIMARY KEY ("day","channel_id","bucket")
);

-- CreateTable
CREATE TABLE "kpi_publish" (
    "channel_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "event_pk" BIGINT NOT NULL,

    CONSTRAINT "kpi_publish_pkey" PRIMARY KEY ("channel_id","sku_id","occurred_at","event_pk")
);

-- CreateTable
CREATE TABLE "kpi_late_seen" (
    "event_pk" BIGINT NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "kpi_late_seen_pkey" PRIMARY KEY ("event_pk")
);

-- CreateIndex
CREATE INDEX "kpi_hourly_channel_id_hour_idx" ON "kpi_hourly"("channel_id", "hour");

-- CreateIndex
CREATE INDEX "kpi_publish_channel_id_occurred_at_idx" ON "kpi_publish"("channel_id", "occurred_at");

-- CreateIndex
CREATE INDEX "kpi_late_seen_applied_at_idx" ON "kpi_late_seen"("applied_at");



-- Hand-written below this line ------------------------------------------------------------------
-- Events applied after they were stored (a held event released, a rejected one replayed) have
-- applied_at > received_at; ingest's own inserts set them equal, so this index stays tiny and costs
-- ingest one predicate check per row. The KPI worker's late pass reads it.
CREATE INDEX "event_applied_late_idx" ON "event" ("applied_at") WHERE "applied_at" > "received_at";
-- KPIs count exception openings and resolutions by time.
CREATE INDEX "exception_group_first_seen_at_idx" ON "exception_group" ("first_seen_at");
CREATE INDEX "audit_log_exception_cycle_idx" ON "audit_log" ("at")
  WHERE "target_type" = 'exception' AND "action" IN ('exception.resolve', 'exception.auto_resolve', 'exception.reopen');
