-- Room on each page of the event table for the update that follows an insert, so it stays HOT
-- (no new index entries). The projection writes an event's flags just after inserting it, in
-- the same transaction; on a full page that update moved the row and added an entry to each of
-- the event table's eleven indexes. Applies to pages written from now on. (The books keep the
-- default: most of their updates are HOT already, and publish and availability read them whole.)
ALTER TABLE "event" SET (fillfactor = 85);
