-- Hand-written (no datamodel change): the dead letters of one rejected_event group, looked up by the
-- group's own match — connector, first reason code and the value that failed. The replay selector,
-- the dead-letter lists and the exception evaluator's "has this group cleared?" check all use exactly
-- these expressions; without it each of them scans every rejected event. Partial: only rejected
-- rows are indexed, so accepted ingest pays nothing and a replayed event leaves the index.
CREATE INDEX "event_rejected_group_idx" ON "event" (
  "connector_id",
  (coalesce("reasons"->0->>'code', 'unknown')),
  (coalesce("reasons"->0->>'value', "reasons"->0->>'field', ''))
) WHERE "status" = 'rejected';
