// Partner messages (message.sent) and their acknowledgements (message.acknowledged), one row per
// connector × messageRef, kept by the projection in the ingest transaction. An acknowledgement
// that arrives before its message is kept on the row and matched when the message arrives.
import type pg from "pg";
import type { TProjectable } from "@/server/inventory/projection";

export async function trackPartnerMessages(client: pg.ClientBase, events: TProjectable[]) {
  const facts = events.filter((e) => (e.type === "message.sent" || e.type === "message.acknowledged") && e.detail?.messageRef);
  if (facts.length === 0) return;
  const json = JSON.stringify(
    facts.map((e) => ({
      t: e.type,
      c: e.connectorId,
      ref: e.detail!.messageRef,
      doc: e.detail!.documentType ?? null,
      due: e.detail!.ackDueSeconds ?? null,
      res: e.detail!.result ?? null,
      errs: e.detail!.errors ?? null,
      at: e.occurredAt,
      pk: e.pk,
    })),
  );
  // First message.sent wins (a re-sent message keeps its first due time); the latest acknowledgement's result counts.
  await client.query(
    `with f as (select * from json_to_recordset($1::json) as f(t text, c int, ref text, doc text, due int, res text, errs json, at timestamptz, pk bigint)),
     s as (select distinct on (f.c, f.ref) f.c, f.ref, f.doc, f.at as sent_at, f.at + make_interval(secs => coalesce(f.due, co.ack_slo_seconds)) as due_at, f.pk
           from f join connector co on co.id = f.c where f.t = 'message.sent' order by f.c, f.ref, f.at, f.pk),
     a as (select f.c, f.ref, min(f.at) as acked_at, max(f.at) as result_at,
                  (array_agg(f.res order by f.at desc, f.pk desc))[1] as result, (array_agg(f.errs order by f.at desc, f.pk desc))[1] as errors,
                  (array_agg(f.pk order by f.at desc, f.pk desc))[1] as pk
           from f where f.t = 'message.acknowledged' group by f.c, f.ref),
     k as (select c, ref from s union select c, ref from a)
     insert into partner_message (connector_id, message_ref, document_type, sent_at, ack_due_at, sent_event_pk, acked_at, result, result_at, errors, ack_event_pk, updated_at)
     select k.c, k.ref, s.doc, s.sent_at, s.due_at, s.pk, a.acked_at, a.result, a.result_at, a.errors::jsonb, a.pk, now()
     from k left join s on s.c = k.c and s.ref = k.ref left join a on a.c = k.c and a.ref = k.ref
     order by k.c, k.ref
     on conflict (connector_id, message_ref) do update set
       document_type = case when excluded.sent_at < coalesce(partner_message.sent_at, 'infinity'::timestamptz) then excluded.document_type else partner_message.document_type end,
       ack_due_at = case when excluded.sent_at < coalesce(partner_message.sent_at, 'infinity'::timestamptz) then excluded.ack_due_at else partner_message.ack_due_at end,
       sent_event_pk = case when excluded.sent_at < coalesce(partner_message.sent_at, 'infinity'::timestamptz) then excluded.sent_event_pk else partner_message.sent_event_pk end,
       sent_at = least(partner_message.sent_at, excluded.sent_at),
       acked_at = least(partner_message.acked_at, excluded.acked_at),
       result = case when excluded.result_at >= coalesce(partner_message.result_at, '-infinity'::timestamptz) then excluded.result else partner_message.result end,
       errors = case when excluded.result_at >= coalesce(partner_message.result_at, '-infinity'::timestamptz) then excluded.errors else partner_message.errors end,
       ack_event_pk = case when excluded.result_at >= coalesce(partner_message.result_at, '-infinity'::timestamptz) then excluded.ack_event_pk else partner_message.ack_event_pk end,
       result_at = greatest(partner_message.result_at, excluded.result_at),
       updated_at = now()`,
    [json],
  );
}
