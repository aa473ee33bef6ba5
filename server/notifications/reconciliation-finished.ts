// reconciliation.finished: a run's end (done with its totals, or failed with why), one message to each
// live endpoint that subscribes to it, written in the transaction that ends the run (an outbox like
// every other message: it commits with the run's end or not at all).
import type pg from "pg";
import type { TRunFinished } from "@/server/reconciliation/hooks";
import { notifyConfig } from "./config";
import { kickDelivery, newMessageId } from "./jobs";

export const RECONCILIATION_FINISHED = "reconciliation.finished";

export function reconciliationFinishedPayload(run: TRunFinished, publicUrl: string) {
  return {
    type: RECONCILIATION_FINISHED,
    timestamp: run.finishedAt.toISOString(),
    data: {
      id: run.id,
      status: run.status,
      trigger: run.trigger,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt.toISOString(),
      totals: run.totals,
      error: run.error,
      url: `${publicUrl}/reconciliation/${run.id}`,
    },
  };
}

/** Writes the run's reconciliation.finished messages on `client` (inside the run's ending transaction). */
export async function notifyReconciliationFinished(client: pg.ClientBase, run: TRunFinished): Promise<number> {
  const { rows } = await client.query<{ id: string }>(
    `select id from notification_endpoint
     where enabled and (muted_until is null or muted_until <= now()) and $1 = any(event_types)
     order by created_at, id`,
    [RECONCILIATION_FINISHED],
  );
  if (rows.length === 0) return 0;
  const payload = reconciliationFinishedPayload(run, notifyConfig().publicUrl);
  const messages = rows.map((e) => ({ id: newMessageId(), endpoint_id: e.id }));
  await client.query(
    `insert into notification_message (id, endpoint_id, type, payload, status, next_attempt_at)
     select m.id, m.endpoint_id, $2, $3::jsonb, 'pending', now()
     from jsonb_to_recordset($1::jsonb) as m(id text, endpoint_id text)`,
    [JSON.stringify(messages), RECONCILIATION_FINISHED, JSON.stringify(payload)],
  );
  await kickDelivery(client, messages.map((m) => m.endpoint_id));
  return messages.length;
}
