-- Targets are rewritten in bulk (publish, rollback, staleness flips) and exposures on every
-- channel report: room on each page lets those updates stay HOT (no index maintenance).
ALTER TABLE "channel_position" SET (fillfactor = 50);
