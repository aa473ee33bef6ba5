-- AlterTable
ALTER TABLE "channel_position" ADD COLUMN     "sku_code" TEXT;


-- Hand-written below: what the drift explorer and the event trace read by.

-- channel_position.sku_code mirrors sku.code so one index can rank drift and break ties by SKU
-- code (DESIGN: equal |drift| is ordered by sku, then channel, so cursors are stable). Without it
-- every page inside a large tie (|drift| = 0 is most rows) would sort the whole tie group.
-- Writers never set it: the trigger fills it on insert (and if sku_id changes); codes never change
-- through the API, but a rename made in SQL is carried over by the second trigger.
CREATE FUNCTION channel_position_fill_sku_code() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.sku_code := (SELECT code FROM sku WHERE id = NEW.sku_id);
  RETURN NEW;
END $$;

CREATE TRIGGER channel_position_sku_code
  BEFORE INSERT OR UPDATE OF sku_id ON channel_position
  FOR EACH ROW EXECUTE FUNCTION channel_position_fill_sku_code();

CREATE FUNCTION sku_code_to_channel_position() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE channel_position SET sku_code = NEW.code WHERE sku_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER sku_code_renamed
  AFTER UPDATE OF code ON sku
  FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code)
  EXECUTE FUNCTION sku_code_to_channel_position();

UPDATE channel_position cp SET sku_code = s.code FROM sku s WHERE s.id = cp.sku_id;

-- Largest |drift| first: the negated key lets one ascending row comparison
-- (-|drift|, sku_code) >= (cursor) start the index range exactly at the cursor.
CREATE INDEX "channel_position_drift_rank_idx" ON "channel_position" ((-abs("exposed" - "target")), "sku_code") WHERE "exposed" IS NOT NULL;

-- Units at risk first (exposed − target descending: oversell risk, then lost sales).
CREATE INDEX "channel_position_drift_risk_idx" ON "channel_position" (("target" - "exposed"), "sku_code") WHERE "exposed" IS NOT NULL;

-- Totals per channel read only the rows that drift (an index-only scan).
CREATE INDEX "channel_position_drifting_idx" ON "channel_position" ("channel_id") INCLUDE ("sku_id", "exposed", "target") WHERE "exposed" IS NOT NULL AND "exposed" <> "target";

-- A connector's events, newest first (the event list and the Connectors page).
CREATE INDEX "event_connector_id_id_idx" ON "event" ("connector_id", "id");
