-- CreateIndex
-- 20261201090035_kpi_rollups created this index by hand; schema.prisma now declares it, so later
-- datamodel diffs know it exists. Nothing changes on a database that has it.
CREATE INDEX IF NOT EXISTS "exception_group_first_seen_at_idx" ON "exception_group"("first_seen_at");
