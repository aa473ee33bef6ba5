-- CreateTable
CREATE TABLE "reconciliation_run" (
    "id" SERIAL NOT NULL,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "scope" JSONB NOT NULL DEFAULT '{}',
    "scope_key" TEXT NOT NULL,
    "note" TEXT,
    "started_by" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "tolerance_units" INTEGER NOT NULL,
    "tolerance_percent" DOUBLE PRECISION NOT NULL,
    "previous_run_id" INTEGER,
    "snapshot_at" TIMESTAMPTZ(3),
    "totals" JSONB,
    "by_location" JSONB,
    "by_channel" JSONB,
    "systems" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "error" TEXT,

    CONSTRAINT "reconciliation_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconciliation_progress" (
    "run_id" INTEGER NOT NULL,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "phase" TEXT NOT NULL DEFAULT 'queued',
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reconciliation_progress_pkey" PRIMARY KEY ("run_id")
);

-- CreateTable
CREATE TABLE "reconciliation_line" (
    "run_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "kind" SMALLINT NOT NULL,
    "place_id" INTEGER NOT NULL,
    "status" SMALLINT NOT NULL,
    "spread" INTEGER NOT NULL,
    "book" INTEGER,
    "systems" JSONB,
    "target" INTEGER,
    "exposed" INTEGER,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "since_run_id" INTEGER,
    "moved_by" TEXT,
    "moved_at" TIMESTAMPTZ(3),

    CONSTRAINT "reconciliation_line_pkey" PRIMARY KEY ("run_id","sku_id","kind","place_id")
);

-- CreateIndex
CREATE INDEX "reconciliation_run_scope_key_status_id_idx" ON "reconciliation_run"("scope_key", "status", "id");

-- CreateIndex
CREATE INDEX "reconciliation_run_finished_at_idx" ON "reconciliation_run"("finished_at");


-- Hand-written (Prisma cannot express these) ---------------------------------------------------

-- One run at a time: a second insert while one is running fails here, whichever process tries (409 run_in_progress).
CREATE UNIQUE INDEX "reconciliation_run_one_running" ON "reconciliation_run" ((true)) WHERE "status" = 'running';

-- The lines page reads worst first: status (variance, within, match), then the widest spread, then
-- the SKU. Most lines match (spread 0), and among them that order is the primary key's, so the
-- ordering index holds only the lines that do not match: a run writes one full-size index, not two.
-- Its last column, runs, lets "persisting ≥ N runs" filter inside the index. The primary key also
-- serves the SKU filter, and a small partial index the next run's aging (the previous run's
-- variances, SKU range by SKU range).
CREATE INDEX "reconciliation_line_order" ON "reconciliation_line" ("run_id", "status", (-"spread"), "sku_id", "kind", "place_id", "runs") WHERE "status" < 2;
CREATE INDEX "reconciliation_line_variance" ON "reconciliation_line" ("run_id", "sku_id", "kind", "place_id") WHERE "status" = 0;
