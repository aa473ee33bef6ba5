-- DropIndex
DROP INDEX "event_status_received_at_idx";

-- DropIndex
DROP INDEX "event_received_at_idx";

-- DropIndex
DROP INDEX "event_correlation_id_idx";

-- DropIndex
DROP INDEX "event_order_ref_idx";

-- DropIndex
DROP INDEX "event_connector_id_status_sequence_idx";

-- DropIndex
DROP INDEX "movement_event_pk_idx";

-- CreateIndex
CREATE INDEX "event_connector_id_received_at_idx" ON "event"("connector_id", "received_at");


-- Hand-written below this line ------------------------------------------------------------------
-- Ingest writes every event: each index on `event` costs every insert, so the ones that only
-- serve a minority of rows are partial.
CREATE INDEX "event_not_accepted_idx" ON "event" ("status", "received_at") WHERE "status" <> 'accepted';
CREATE INDEX "event_held_sequence_idx" ON "event" ("connector_id", "sequence") WHERE "status" = 'held';
CREATE INDEX "event_correlation_id_idx" ON "event" ("correlation_id") WHERE "correlation_id" IS NOT NULL;
CREATE INDEX "event_order_ref_idx" ON "event" ("order_ref") WHERE "order_ref" IS NOT NULL;
