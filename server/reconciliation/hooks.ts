// The one place a run's end is announced. It runs inside the transaction that ends the run (done:
// the run's own transaction, with its lines; failed: the one that marks it failed), so whatever
// it writes — e.g. a `reconciliation.finished` notification in the outbox — commits with the end
// of the run or not at all.
import type pg from "pg";
import { notifyReconciliationFinished } from "@/server/notifications/reconciliation-finished";
import type { TRunStatus, TRunTrigger, TTotals } from "./reconciliation.types";

export type TRunFinished = {
  id: number;
  status: Exclude<TRunStatus, "running">;
  trigger: TRunTrigger;
  startedAt: Date;
  finishedAt: Date;
  totals: TTotals | null;
  error: string | null;
};

/** Called once per run, when it becomes done or failed. Notifications hook in here. */
export async function onRunFinished(client: pg.ClientBase, run: TRunFinished): Promise<void> {
  await notifyReconciliationFinished(client, run);
}
