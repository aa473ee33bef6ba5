-- The target and system-drift queues become append-only marks, like channel_drift_dirty. With a
-- key per SKU (or SKU × location), a writer re-marking a row that the worker's batch had locked
-- waited for that whole batch to commit: ingest held its book locks meanwhile, so every batch
-- behind it queued too. Marks never conflict; the workers take them by id.

-- AlterTable
ALTER TABLE "system_drift_dirty" DROP CONSTRAINT "system_drift_dirty_pkey",
ADD COLUMN     "id" BIGSERIAL NOT NULL,
ADD CONSTRAINT "system_drift_dirty_pkey" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "target_dirty" DROP CONSTRAINT "target_dirty_pkey",
ADD COLUMN     "id" BIGSERIAL NOT NULL,
ADD CONSTRAINT "target_dirty_pkey" PRIMARY KEY ("id");


-- Writers append; the worker de-duplicates what it takes.
CREATE OR REPLACE FUNCTION system_drift_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO system_drift_dirty (sku_id, location_id)
  SELECT DISTINCT c.sku_id, c.location_id
  FROM changed c JOIN connector k ON k.id = c.connector_id WHERE k.kind IN ('erp', 'wms');
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION system_drift_mark_connector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO system_drift_dirty (sku_id, location_id)
  SELECT DISTINCT sku_id, location_id FROM reported_position WHERE connector_id = NEW.id;
  RETURN NULL;
END $$;
