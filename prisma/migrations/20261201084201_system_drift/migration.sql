-- CreateTable
CREATE TABLE "system_drift" (
    "sku_id" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,
    "sku_code" TEXT NOT NULL,
    "erp_on_hand" INTEGER NOT NULL,
    "wms_on_hand" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "system_drift_pkey" PRIMARY KEY ("sku_id","location_id")
);

-- CreateTable
CREATE TABLE "system_drift_dirty" (
    "sku_id" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,
    "marked_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "system_drift_dirty_pkey" PRIMARY KEY ("sku_id","location_id")
);

-- CreateIndex
CREATE INDEX "system_drift_location_id_idx" ON "system_drift"("location_id");


-- Hand-written below: system drift is kept as a table so it can be ranked by an index instead of
-- pairing every ERP and WMS book on each read. Book writes only queue the SKU × location
-- (system_drift_dirty); the system-drift worker recomputes queued pairs from committed books,
-- so two connectors writing the same pair at once can never leave a stale pair behind.

-- Statement-level with transition tables: one insert per batch of book writes, in key order so
-- two writers queuing the same keys lock them in the same order.
CREATE FUNCTION system_drift_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO system_drift_dirty (sku_id, location_id, marked_at)
  SELECT d.sku_id, d.location_id, clock_timestamp()
  FROM (SELECT DISTINCT c.sku_id, c.location_id FROM changed c JOIN connector k ON k.id = c.connector_id WHERE k.kind IN ('erp', 'wms')) d
  ORDER BY 1, 2
  ON CONFLICT (sku_id, location_id) DO UPDATE SET marked_at = excluded.marked_at;
  RETURN NULL;
END $$;

CREATE TRIGGER reported_position_inserted_marks_system_drift AFTER INSERT ON reported_position
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION system_drift_mark();
CREATE TRIGGER reported_position_updated_marks_system_drift AFTER UPDATE ON reported_position
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION system_drift_mark();
CREATE TRIGGER reported_position_deleted_marks_system_drift AFTER DELETE ON reported_position
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION system_drift_mark();

-- A connector that becomes (or stops being) an ERP or a WMS changes which books pair up.
CREATE FUNCTION system_drift_mark_connector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO system_drift_dirty (sku_id, location_id, marked_at)
  SELECT d.sku_id, d.location_id, clock_timestamp()
  FROM (SELECT DISTINCT sku_id, location_id FROM reported_position WHERE connector_id = NEW.id) d
  ORDER BY 1, 2
  ON CONFLICT (sku_id, location_id) DO UPDATE SET marked_at = excluded.marked_at;
  RETURN NULL;
END $$;

CREATE TRIGGER connector_kind_marks_system_drift AFTER UPDATE OF kind ON connector
  FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind) EXECUTE FUNCTION system_drift_mark_connector();

CREATE FUNCTION sku_code_to_system_drift() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE system_drift SET sku_code = NEW.code WHERE sku_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER sku_code_renamed_system_drift AFTER UPDATE OF code ON sku
  FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code) EXECUTE FUNCTION sku_code_to_system_drift();

-- Largest |erpOnHand − wmsOnHand| first, ties by SKU code (then location, sorted per SKU).
CREATE INDEX "system_drift_rank_idx" ON "system_drift" ((-abs("erp_on_hand" - "wms_on_hand")), "sku_code");
-- Totals per location read only the pairs that differ.
CREATE INDEX "system_drift_drifting_idx" ON "system_drift" ("location_id") INCLUDE ("sku_id", "erp_on_hand", "wms_on_hand") WHERE "erp_on_hand" <> "wms_on_hand";

-- Books reported before this migration are queued once.
INSERT INTO system_drift_dirty (sku_id, location_id)
SELECT DISTINCT rp.sku_id, rp.location_id FROM reported_position rp JOIN connector k ON k.id = rp.connector_id WHERE k.kind IN ('erp', 'wms');
