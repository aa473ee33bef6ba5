-- AlterTable
ALTER TABLE "exception_group" ADD COLUMN     "awaiting_clear" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "severity_rank" SMALLINT NOT NULL DEFAULT 1,
ADD COLUMN     "sla_breached_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "exception_group_state_severity_rank_units_at_risk_id_idx" ON "exception_group"("state", "severity_rank" DESC, "units_at_risk" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "exception_group_state_opened_at_id_idx" ON "exception_group"("state", "opened_at", "id");

-- CreateIndex
CREATE INDEX "exception_group_state_sla_due_at_id_idx" ON "exception_group"("state", "sla_due_at", "id");

-- CreateIndex
CREATE INDEX "exception_group_channel_id_idx" ON "exception_group"("channel_id");

-- CreateIndex
CREATE INDEX "exception_group_assignee_idx" ON "exception_group"("assignee");

-- CreateIndex
CREATE INDEX "exception_occurrence_event_pk_idx" ON "exception_occurrence"("event_pk");


-- Hand-written: the evaluator looks at user-resolved condition groups still waiting for their condition to clear.
CREATE INDEX "exception_group_awaiting_clear_idx" ON "exception_group"("kind") WHERE "awaiting_clear";
