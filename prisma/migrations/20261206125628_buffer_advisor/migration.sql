-- AlterTable
ALTER TABLE "kpi_publish" ADD COLUMN     "exposure" INTEGER,
ADD COLUMN     "place" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "quantity" INTEGER;

-- CreateTable
CREATE TABLE "advisor_order" (
    "channel_id" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "event_pk" BIGINT NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "pool_atp" INTEGER NOT NULL,
    "exposure" INTEGER,

    CONSTRAINT "advisor_order_pkey" PRIMARY KEY ("channel_id","occurred_at","event_pk")
);

-- CreateTable
CREATE TABLE "advisor_exposure_daily" (
    "channel_id" INTEGER NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "exposure" INTEGER NOT NULL,
    "ms" BIGINT NOT NULL,

    CONSTRAINT "advisor_exposure_daily_pkey" PRIMARY KEY ("channel_id","day","exposure")
);

-- CreateTable
CREATE TABLE "advisor_exposure_open" (
    "channel_id" INTEGER NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "exposure" INTEGER NOT NULL,
    "skus" INTEGER NOT NULL,
    "offset_ms" BIGINT NOT NULL,

    CONSTRAINT "advisor_exposure_open_pkey" PRIMARY KEY ("channel_id","day","exposure")
);

-- CreateTable
CREATE TABLE "advisor_stockout_daily" (
    "channel_id" INTEGER NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "ms" BIGINT NOT NULL,

    CONSTRAINT "advisor_stockout_daily_pkey" PRIMARY KEY ("channel_id","day","sku_id")
);

-- CreateTable
CREATE TABLE "advisor_stockout_open" (
    "channel_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "advisor_stockout_open_pkey" PRIMARY KEY ("channel_id","sku_id")
);

-- CreateTable
CREATE TABLE "advisor_first_exposure" (
    "channel_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "advisor_first_exposure_pkey" PRIMARY KEY ("channel_id","sku_id")
);

-- CreateIndex
CREATE INDEX "advisor_order_channel_id_sku_id_occurred_at_idx" ON "advisor_order"("channel_id", "sku_id", "occurred_at");

