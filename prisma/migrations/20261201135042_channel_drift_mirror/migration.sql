-- Hand-written first: channel_position loses its drift ranking indexes and sku_code, so the
-- triggers that fill sku_code and keep the totals go before the column does.
--
-- Why: every index that names `target` makes a target update non-HOT, so a publish that changes a
-- million targets also wrote a million entries into each of channel_position's five indexes
-- (measured: 25.8 s for 1.2 M rows with exposures, 3.5 s once HOT). The ranking now lives on
-- channel_drift, a copy the drift worker keeps from channel_drift_dirty (about twice a second),
-- so publish and ingest pay only for the rows they change and the explorer catches up behind.
DROP TRIGGER "channel_position_sku_code" ON "channel_position";
DROP FUNCTION channel_position_fill_sku_code();
DROP TRIGGER "sku_code_renamed" ON "sku";
DROP FUNCTION sku_code_to_channel_position();
DROP TRIGGER "channel_position_inserted_totals" ON "channel_position";
DROP TRIGGER "channel_position_updated_totals" ON "channel_position";
DROP TRIGGER "channel_position_deleted_totals" ON "channel_position";
DROP INDEX "channel_position_drift_rank_idx";
DROP INDEX "channel_position_drift_risk_idx";
DROP INDEX "channel_position_drifting_idx";

-- AlterTable
ALTER TABLE "channel_position" DROP COLUMN "sku_code";

-- CreateTable
CREATE TABLE "channel_drift" (
    "sku_id" INTEGER NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "sku_code" TEXT NOT NULL,
    "target" INTEGER NOT NULL,
    "exposed" INTEGER NOT NULL,
    "exposed_at" TIMESTAMPTZ(3),

    CONSTRAINT "channel_drift_pkey" PRIMARY KEY ("sku_id","channel_id")
);

-- CreateTable
CREATE TABLE "channel_drift_dirty" (
    "id" BIGSERIAL NOT NULL,
    "sku_id" INTEGER NOT NULL,

    CONSTRAINT "channel_drift_dirty_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "channel_drift_channel_id_idx" ON "channel_drift"("channel_id");


-- Hand-written below.

-- The copy as of now. The totals (channel_drift_totals and its deltas) were kept from the same
-- rows, so they stay right: the totals triggers move over only after this insert.
INSERT INTO channel_drift (sku_id, channel_id, sku_code, target, exposed, exposed_at)
SELECT cp.sku_id, cp.channel_id, s.code, cp.target, cp.exposed, cp.exposed_at
FROM channel_position cp JOIN sku s ON s.id = cp.sku_id
WHERE cp.exposed IS NOT NULL;

-- The same ranking indexes as migration drift_read_indexes had on channel_position. Every row
-- here has an exposure, so they need no predicate on it.
-- Largest |drift| first: the negated key lets one ascending row comparison
-- (-|drift|, sku_code) >= (cursor) start the index range exactly at the cursor.
CREATE INDEX "channel_drift_rank_idx" ON "channel_drift" ((-abs("exposed" - "target")), "sku_code");
-- Units at risk first (exposed − target descending: oversell risk, then lost sales).
CREATE INDEX "channel_drift_risk_idx" ON "channel_drift" (("target" - "exposed"), "sku_code");
-- Totals per channel read only the rows that drift (an index-only scan).
CREATE INDEX "channel_drift_drifting_idx" ON "channel_drift" ("channel_id") INCLUDE ("sku_id", "exposed", "target") WHERE "exposed" <> "target";

-- The drift totals follow channel_drift now (same function, same deltas).
CREATE TRIGGER channel_drift_inserted_totals AFTER INSERT ON channel_drift
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION channel_drift_totals_track();
CREATE TRIGGER channel_drift_updated_totals AFTER UPDATE ON channel_drift
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION channel_drift_totals_track();
CREATE TRIGGER channel_drift_deleted_totals AFTER DELETE ON channel_drift
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION channel_drift_totals_track();

-- Every statement that writes channel_position appends the SKUs it touched: inserted rows with an
-- exposure (rows without one are not in the copy), every updated or deleted row (an exposure set
-- back to null must leave the copy). One distinct list per statement, appended, so writers never
-- wait on each other here.
CREATE FUNCTION channel_drift_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    -- A delete, not a truncate, so the totals triggers take the rows out of the totals.
    DELETE FROM channel_drift;
    DELETE FROM channel_drift_dirty;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO channel_drift_dirty (sku_id) SELECT DISTINCT sku_id FROM old_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO channel_drift_dirty (sku_id) SELECT DISTINCT sku_id FROM new_rows;
  ELSE
    INSERT INTO channel_drift_dirty (sku_id) SELECT DISTINCT sku_id FROM new_rows WHERE exposed IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER channel_position_inserted_dirty AFTER INSERT ON channel_position
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION channel_drift_mark_dirty();
CREATE TRIGGER channel_position_updated_dirty AFTER UPDATE ON channel_position
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION channel_drift_mark_dirty();
CREATE TRIGGER channel_position_deleted_dirty AFTER DELETE ON channel_position
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION channel_drift_mark_dirty();
CREATE TRIGGER channel_position_truncated_dirty AFTER TRUNCATE ON channel_position
  FOR EACH STATEMENT EXECUTE FUNCTION channel_drift_mark_dirty();

-- A SKU renamed in SQL (codes never change through the API) carries over to the copy.
CREATE FUNCTION sku_code_to_channel_drift() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE channel_drift SET sku_code = NEW.code WHERE sku_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER sku_code_renamed
  AFTER UPDATE OF code ON sku
  FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code)
  EXECUTE FUNCTION sku_code_to_channel_drift();
