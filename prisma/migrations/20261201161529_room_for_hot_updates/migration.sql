-- Room on each page for the updates that follow an insert, so they stay HOT (no new index
-- entries). An event's flags are written just after it is inserted, in the same transaction;
-- on a full page that update moved the row and added an entry to each of the event table's
-- eleven indexes. Books are updated by nearly every movement. Applies to pages written from now on.
ALTER TABLE "event" SET (fillfactor = 85);
ALTER TABLE "inventory_position" SET (fillfactor = 70);
ALTER TABLE "reported_position" SET (fillfactor = 70);
