-- AlterTable
ALTER TABLE "replay_plan" ADD COLUMN     "error" TEXT,
ADD COLUMN     "preview" JSONB,
ADD COLUMN     "stale" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "started_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "event_payload_edit" (
    "id" BIGSERIAL NOT NULL,
    "event_pk" BIGINT NOT NULL,
    "original" JSONB NOT NULL,
    "edited" JSONB NOT NULL,
    "by_email" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT,

    CONSTRAINT "event_payload_edit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "event_payload_edit_event_pk_idx" ON "event_payload_edit"("event_pk");



-- Hand-written below this line ------------------------------------------------------------------
-- The replay worker looks for plans being applied every half second: keep that lookup off the whole table.
CREATE INDEX "replay_plan_applying_idx" ON "replay_plan" ("started_at", "id") WHERE "status" = 'applying';
