-- CreateTable
CREATE TABLE "connector_rate_bucket" (
    "connector_id" INTEGER NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL,
    "allowed" BOOLEAN NOT NULL,

    CONSTRAINT "connector_rate_bucket_pkey" PRIMARY KEY ("connector_id")
);


-- Hand-written: the buckets change on every connector request. Unlogged, they cost no WAL (so no
-- commit flush and nothing for a streaming replica to replay); after a crash they start empty,
-- which lets each connector a full burst again.
ALTER TABLE "connector_rate_bucket" SET UNLOGGED;
