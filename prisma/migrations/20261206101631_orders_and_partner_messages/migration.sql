-- AlterTable
ALTER TABLE "channel" ADD COLUMN     "order_allocation_slo_seconds" INTEGER NOT NULL DEFAULT 900;

-- AlterTable
ALTER TABLE "connector" ADD COLUMN     "ack_slo_seconds" INTEGER NOT NULL DEFAULT 14400,
ADD COLUMN     "default_location_id" INTEGER;

-- AlterTable
ALTER TABLE "exception_group" ADD COLUMN     "message_ref" TEXT,
ADD COLUMN     "order_ref" TEXT;

-- CreateTable
CREATE TABLE "order_demand" (
    "order_ref" TEXT NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,
    "ordered" INTEGER NOT NULL DEFAULT 0,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "released" INTEGER NOT NULL DEFAULT 0,
    "picked" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "order_demand_pkey" PRIMARY KEY ("order_ref","sku_id","location_id")
);

-- CreateTable
CREATE TABLE "order_progress" (
    "order_ref" TEXT NOT NULL,
    "reserved_units" INTEGER NOT NULL DEFAULT 0,
    "released_units" INTEGER NOT NULL DEFAULT 0,
    "picked_units" INTEGER NOT NULL DEFAULT 0,
    "shipped_units" INTEGER NOT NULL DEFAULT 0,
    "reserved_at" TIMESTAMPTZ(3),
    "picked_at" TIMESTAMPTZ(3),
    "shipped_at" TIMESTAMPTZ(3),

    CONSTRAINT "order_progress_pkey" PRIMARY KEY ("order_ref")
);

-- CreateTable
CREATE TABLE "sales_order" (
    "channel_id" INTEGER NOT NULL,
    "order_ref" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "units" INTEGER NOT NULL DEFAULT 0,
    "cancelled_units" INTEGER NOT NULL DEFAULT 0,
    "reserved_units" INTEGER NOT NULL DEFAULT 0,
    "released_units" INTEGER NOT NULL DEFAULT 0,
    "picked_units" INTEGER NOT NULL DEFAULT 0,
    "shipped_units" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3),
    "promised_ship_by" TIMESTAMPTZ(3),
    "reserved_at" TIMESTAMPTZ(3),
    "picked_at" TIMESTAMPTZ(3),
    "shipped_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "cancel_reason" TEXT,
    "allocated_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sales_order_pkey" PRIMARY KEY ("order_ref","channel_id")
);

-- CreateTable
CREATE TABLE "partner_message" (
    "connector_id" INTEGER NOT NULL,
    "message_ref" TEXT NOT NULL,
    "document_type" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "ack_due_at" TIMESTAMPTZ(3),
    "acked_at" TIMESTAMPTZ(3),
    "result" TEXT,
    "result_at" TIMESTAMPTZ(3),
    "errors" JSONB,
    "sent_event_pk" BIGINT,
    "ack_event_pk" BIGINT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partner_message_pkey" PRIMARY KEY ("connector_id","message_ref")
);

-- CreateTable
CREATE TABLE "kpi_order_hourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "fallout" INTEGER NOT NULL DEFAULT 0,
    "stock_cancelled" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "kpi_order_hourly_pkey" PRIMARY KEY ("hour","channel_id")
);

-- CreateIndex
CREATE INDEX "partner_message_sent_at_idx" ON "partner_message"("sent_at");

-- AddForeignKey
ALTER TABLE "connector" ADD CONSTRAINT "connector_default_location_id_fkey" FOREIGN KEY ("default_location_id") REFERENCES "location"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Hand-written below this line ------------------------------------------------------------------
-- The orders list reads the active orders (computing which are stuck or late) and the settled
-- ones newest first; the detector reads the open ones by age and the active ones by promise.
CREATE INDEX "sales_order_active_idx" ON "sales_order" ("created_at", "channel_id", "order_ref") WHERE "state" IN ('open', 'reserved', 'picked');
CREATE INDEX "sales_order_settled_idx" ON "sales_order" ("created_at", "channel_id", "order_ref") WHERE "state" IN ('shipped', 'cancelled');
CREATE INDEX "sales_order_promised_idx" ON "sales_order" ("promised_ship_by") WHERE "state" IN ('open', 'reserved', 'picked') AND "promised_ship_by" IS NOT NULL;
-- Order progress is rewritten by every step of an order: room on its pages keeps those updates HOT.
ALTER TABLE "order_progress" SET (fillfactor = 70);
-- Messages still awaiting their acknowledgement, by due time.
CREATE INDEX "partner_message_awaiting_idx" ON "partner_message" ("ack_due_at") WHERE "acked_at" IS NULL AND "sent_at" IS NOT NULL;
-- The order and message kinds' groups, found by their ref (a group exists for this order already?).
CREATE INDEX "exception_group_order_ref_idx" ON "exception_group" ("order_ref", "channel_id") WHERE "order_ref" IS NOT NULL;
CREATE INDEX "exception_group_message_ref_idx" ON "exception_group" ("message_ref", "connector_id") WHERE "message_ref" IS NOT NULL;

-- An existing event log: its order lines, order life and partner messages as the projection would
-- have kept them (the books keep what they had: demand counted twice before this stays counted).
INSERT INTO "order_demand" ("order_ref", "sku_id", "location_id", "ordered", "reserved", "cancelled", "released", "picked")
SELECT order_ref, sku_id, location_id,
       coalesce(sum(quantity) FILTER (WHERE type = 'order.created'), 0), coalesce(sum(quantity) FILTER (WHERE type = 'reservation.created'), 0),
       coalesce(sum(quantity) FILTER (WHERE type = 'order.cancelled'), 0), coalesce(sum(quantity) FILTER (WHERE type = 'reservation.released'), 0),
       coalesce(sum(quantity) FILTER (WHERE type = 'pick.confirmed'), 0)
FROM "event"
WHERE status = 'accepted' AND order_ref IS NOT NULL AND sku_id IS NOT NULL AND location_id IS NOT NULL
  AND type IN ('order.created', 'reservation.created', 'order.cancelled', 'reservation.released', 'pick.confirmed')
  AND coalesce(flags->>'reservationConflict', '') <> 'unknown_order'
GROUP BY 1, 2, 3;

INSERT INTO "order_progress" ("order_ref", "reserved_units", "released_units", "picked_units", "shipped_units", "reserved_at", "picked_at", "shipped_at")
SELECT order_ref,
       coalesce(sum(quantity) FILTER (WHERE type = 'reservation.created'), 0), coalesce(sum(quantity) FILTER (WHERE type = 'reservation.released'), 0),
       coalesce(sum(quantity) FILTER (WHERE type = 'pick.confirmed'), 0), coalesce(sum(quantity) FILTER (WHERE type = 'shipment.posted'), 0),
       max(occurred_at) FILTER (WHERE type = 'reservation.created'), max(occurred_at) FILTER (WHERE type = 'pick.confirmed'), max(occurred_at) FILTER (WHERE type = 'shipment.posted')
FROM "event"
WHERE status = 'accepted' AND order_ref IS NOT NULL
  AND type IN ('order.created', 'order.cancelled', 'reservation.created', 'reservation.released', 'pick.confirmed', 'shipment.posted')
GROUP BY 1;

INSERT INTO "sales_order" ("channel_id", "order_ref", "units", "cancelled_units", "created_at", "promised_ship_by", "cancelled_at", "cancel_reason")
SELECT channel_id, order_ref,
       coalesce(sum(quantity) FILTER (WHERE type = 'order.created'), 0), coalesce(sum(quantity) FILTER (WHERE type = 'order.cancelled'), 0),
       min(occurred_at) FILTER (WHERE type = 'order.created'),
       -- promisedShipBy was not part of the contract before: no stored event carries a checked one
       NULL,
       max(occurred_at) FILTER (WHERE type = 'order.cancelled'),
       (array_agg(CASE WHEN payload->>'reason' IN ('out_of_stock', 'customer', 'fraud', 'other') THEN payload->>'reason' END ORDER BY occurred_at DESC) FILTER (WHERE type = 'order.cancelled'))[1]
FROM "event"
WHERE status = 'accepted' AND order_ref IS NOT NULL AND channel_id IS NOT NULL AND type IN ('order.created', 'order.cancelled')
GROUP BY 1, 2;

UPDATE "sales_order" o SET
  reserved_units = p.reserved_units, released_units = p.released_units, picked_units = p.picked_units, shipped_units = p.shipped_units,
  reserved_at = p.reserved_at, picked_at = p.picked_at, shipped_at = p.shipped_at,
  state = CASE WHEN o.units <= 0 THEN 'pending'
               WHEN o.units - o.cancelled_units <= 0 THEN 'cancelled'
               WHEN p.shipped_units >= o.units - o.cancelled_units THEN 'shipped'
               WHEN greatest(p.picked_units, p.shipped_units) >= o.units - o.cancelled_units THEN 'picked'
               WHEN greatest(p.reserved_units - p.released_units, p.picked_units, p.shipped_units) >= o.units - o.cancelled_units THEN 'reserved'
               ELSE 'open' END
FROM "order_progress" p WHERE p.order_ref = o.order_ref;

UPDATE "sales_order" o SET allocated_at = least(
    CASE WHEN greatest(o.reserved_units - o.released_units, o.picked_units, o.shipped_units) >= o.units - o.cancelled_units THEN o.reserved_at END,
    CASE WHEN greatest(o.picked_units, o.shipped_units) >= o.units - o.cancelled_units THEN coalesce(o.picked_at, o.shipped_at) END,
    CASE WHEN o.shipped_units >= o.units - o.cancelled_units THEN o.shipped_at END,
    CASE WHEN o.cancelled_units > 0 THEN o.cancelled_at END)
WHERE o.state NOT IN ('pending', 'open');
