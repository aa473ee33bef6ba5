-- CreateTable
CREATE TABLE "channel_drift_totals" (
    "channel_id" INTEGER NOT NULL,
    "drifting_rows" BIGINT NOT NULL DEFAULT 0,
    "oversell_rows" BIGINT NOT NULL DEFAULT 0,
    "oversell_units" BIGINT NOT NULL DEFAULT 0,
    "lost_rows" BIGINT NOT NULL DEFAULT 0,
    "lost_units" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "channel_drift_totals_pkey" PRIMARY KEY ("channel_id")
);

-- CreateTable
CREATE TABLE "channel_drift_totals_delta" (
    "id" BIGSERIAL NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "drifting_rows" BIGINT NOT NULL,
    "oversell_rows" BIGINT NOT NULL,
    "oversell_units" BIGINT NOT NULL,
    "lost_rows" BIGINT NOT NULL,
    "lost_units" BIGINT NOT NULL,

    CONSTRAINT "channel_drift_totals_delta_pkey" PRIMARY KEY ("id")
);


-- Hand-written below: the drift page's totals per channel without aggregating every drifting
-- position on each read. Each statement that writes channel_position (ingest's exposures, the
-- targets worker's targets) appends one signed delta per channel it changed; readers add the
-- deltas to the compacted totals; the drift worker folds deltas in. Appends never contend.
CREATE FUNCTION channel_drift_totals_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO channel_drift_totals_delta (channel_id, drifting_rows, oversell_rows, oversell_units, lost_rows, lost_units)
    SELECT channel_id, count(*), count(*) FILTER (WHERE exposed > target), sum(greatest(exposed - target, 0)), count(*) FILTER (WHERE exposed < target), sum(greatest(target - exposed, 0))
    FROM new_rows WHERE exposed IS NOT NULL AND exposed <> target GROUP BY channel_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO channel_drift_totals_delta (channel_id, drifting_rows, oversell_rows, oversell_units, lost_rows, lost_units)
    SELECT channel_id, -count(*), -count(*) FILTER (WHERE exposed > target), -sum(greatest(exposed - target, 0)), -count(*) FILTER (WHERE exposed < target), -sum(greatest(target - exposed, 0))
    FROM old_rows WHERE exposed IS NOT NULL AND exposed <> target GROUP BY channel_id;
  ELSE
    INSERT INTO channel_drift_totals_delta (channel_id, drifting_rows, oversell_rows, oversell_units, lost_rows, lost_units)
    SELECT channel_id, sum(d), sum(o), sum(ou), sum(l), sum(lu) FROM (
      SELECT channel_id, 1 AS d, (exposed > target)::int AS o, greatest(exposed - target, 0) AS ou, (exposed < target)::int AS l, greatest(target - exposed, 0) AS lu
      FROM new_rows WHERE exposed IS NOT NULL AND exposed <> target
      UNION ALL
      SELECT channel_id, -1, -(exposed > target)::int, -greatest(exposed - target, 0), -(exposed < target)::int, -greatest(target - exposed, 0)
      FROM old_rows WHERE exposed IS NOT NULL AND exposed <> target
    ) c GROUP BY channel_id
    HAVING sum(d) <> 0 OR sum(o) <> 0 OR sum(ou) <> 0 OR sum(l) <> 0 OR sum(lu) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER channel_position_inserted_totals AFTER INSERT ON channel_position
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION channel_drift_totals_track();
CREATE TRIGGER channel_position_updated_totals AFTER UPDATE ON channel_position
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION channel_drift_totals_track();
CREATE TRIGGER channel_position_deleted_totals AFTER DELETE ON channel_position
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION channel_drift_totals_track();

-- What channel_position holds already.
INSERT INTO channel_drift_totals (channel_id, drifting_rows, oversell_rows, oversell_units, lost_rows, lost_units)
SELECT channel_id, count(*), count(*) FILTER (WHERE exposed > target), sum(greatest(exposed - target, 0)), count(*) FILTER (WHERE exposed < target), sum(greatest(target - exposed, 0))
FROM channel_position WHERE exposed IS NOT NULL AND exposed <> target GROUP BY channel_id;
