-- Hand-written (no datamodel change): exceptions per hour × channel kept by the transactions that
-- open, reopen and resolve groups, rather than recomputed from the last hours every few seconds
-- (that recompute read every group and audit row of those hours each time: seconds under load).
-- Statement-level triggers with transition tables: one aggregated upsert per statement, whatever
-- its row count. A group opens at its first_seen_at and at each reopen; it resolves at each resolve
-- or auto_resolve, its time to resolve counted from the opening before it.

CREATE FUNCTION kpi_count_exceptions_opened() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_exception_hourly AS k (hour, channel_id, opened, resolved, resolve_minutes)
  SELECT date_trunc('hour', n.first_seen_at, 'UTC'), coalesce(n.channel_id, c.channel_id, 0), count(*), 0, 0
  FROM new_groups n LEFT JOIN connector c ON c.id = n.connector_id
  GROUP BY 1, 2
  ORDER BY 1, 2
  ON CONFLICT (hour, channel_id) DO UPDATE SET opened = k.opened + excluded.opened;
  RETURN NULL;
END $$;

CREATE TRIGGER exception_group_kpi_opened AFTER INSERT ON exception_group
  REFERENCING NEW TABLE AS new_groups FOR EACH STATEMENT EXECUTE FUNCTION kpi_count_exceptions_opened();

CREATE FUNCTION kpi_count_exception_cycles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- most audit statements are about something else: nothing to count, nothing to plan
  IF NOT EXISTS (SELECT 1 FROM new_audit WHERE target_type = 'exception' AND action IN ('exception.resolve', 'exception.auto_resolve', 'exception.reopen')) THEN
    RETURN NULL;
  END IF;
  -- row by row through the primary key and the (target_type, target_id) index: a transition table
  -- has no statistics, and a hash join would read every group for a handful of rows
  INSERT INTO kpi_exception_hourly AS k (hour, channel_id, opened, resolved, resolve_minutes)
  SELECT date_trunc('hour', a.at, 'UTC'), g.ch,
         count(*) FILTER (WHERE a.action = 'exception.reopen'),
         count(*) FILTER (WHERE a.action <> 'exception.reopen'),
         coalesce(sum(extract(epoch FROM a.at - greatest(g.first_seen_at, ro.at))::float8 / 60) FILTER (WHERE a.action <> 'exception.reopen'), 0)
  FROM new_audit a
  CROSS JOIN LATERAL (
    SELECT x.first_seen_at, coalesce(x.channel_id, (SELECT c.channel_id FROM connector c WHERE c.id = x.connector_id), 0) AS ch
    FROM exception_group x WHERE x.id = (CASE WHEN a.target_id ~ '^[0-9]{1,9}$' THEN a.target_id::int END)) g
  -- the group's last reopen before this resolve, if any
  LEFT JOIN LATERAL (
    SELECT max(r.at) AS at FROM audit_log r
    WHERE r.target_type = 'exception' AND r.target_id = a.target_id AND r.action = 'exception.reopen' AND r.at <= a.at) ro ON a.action <> 'exception.reopen'
  WHERE a.target_type = 'exception' AND a.action IN ('exception.resolve', 'exception.auto_resolve', 'exception.reopen')
  GROUP BY 1, 2
  ORDER BY 1, 2
  ON CONFLICT (hour, channel_id) DO UPDATE
    SET opened = k.opened + excluded.opened, resolved = k.resolved + excluded.resolved, resolve_minutes = k.resolve_minutes + excluded.resolve_minutes;
  RETURN NULL;
END $$;

CREATE TRIGGER audit_log_kpi_exception_cycles AFTER INSERT ON audit_log
  REFERENCING NEW TABLE AS new_audit FOR EACH STATEMENT EXECUTE FUNCTION kpi_count_exception_cycles();
