-- AlterTable
ALTER TABLE "event" ADD COLUMN     "flags" JSONB;

-- CreateTable
CREATE TABLE "ingest_hourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "received" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "duplicate" INTEGER NOT NULL DEFAULT 0,
    "conflict" INTEGER NOT NULL DEFAULT 0,
    "held" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ingest_hourly_pkey" PRIMARY KEY ("hour","connector_id")
);

-- CreateIndex
CREATE INDEX "channel_exposure_channel_id_occurred_at_idx" ON "channel_exposure"("channel_id", "occurred_at");

