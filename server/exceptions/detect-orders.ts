// The order and partner-message kinds (DESIGN.md "Orders and partner acknowledgements"), judged by
// the evaluator from order life and partner messages as time passes: an order not reserved, picked
// or cancelled within its channel's SLO (order_unallocated), an order past its promised ship date
// (order_late), a message not acknowledged in time (ack_overdue), and an acknowledgement that
// rejected it (ack_rejected; with errors: low). Only scopes without a live group are raised, so a
// tick reads the few that just crossed their line, not every stuck order again.
import type { TTx } from "@/server/db";
import type { TClear } from "./detect-book";
import type { TOccurrenceInput } from "./raise";

/** Per kind and tick: a backlog (a history just loaded) is raised over a few ticks. */
const RAISE_LIMIT = 5_000;

const noLiveGroup = (kind: string, scope: "order" | "message") =>
  scope === "order"
    ? `not exists (select 1 from exception_group g where g.order_ref = o.order_ref and g.channel_id = o.channel_id and g.kind = '${kind}' and (g.state <> 'resolved' or g.awaiting_clear))`
    : `not exists (select 1 from exception_group g where g.message_ref = m.message_ref and g.connector_id = m.connector_id and g.kind = '${kind}' and (g.state <> 'resolved' or g.awaiting_clear))`;

type TOrderRow = { channel_id: number; order_ref: string; units: number; created_at: Date; due_at: Date; slo: number; promised_ship_by: Date | null; state: string };
type TMessageRow = { connector_id: number; message_ref: string; document_type: string | null; sent_at: Date | null; ack_due_at: Date | null; acked_at: Date | null; result: string | null; result_at: Date | null; errors: string[] | null };

export async function findOrderConditions(tx: TTx): Promise<TOccurrenceInput[]> {
  const unallocated = await tx.$queryRawUnsafe<TOrderRow[]>(
    `select o.channel_id, o.order_ref, o.units - o.cancelled_units as units, o.created_at, o.created_at + make_interval(secs => c.order_allocation_slo_seconds) as due_at,
            c.order_allocation_slo_seconds as slo, o.promised_ship_by, o.state
     from sales_order o join channel c on c.id = o.channel_id
     where o.state = 'open' and o.created_at < now() - make_interval(secs => c.order_allocation_slo_seconds) and ${noLiveGroup("order_unallocated", "order")}
     order by o.created_at limit ${RAISE_LIMIT}`,
  );
  const late = await tx.$queryRawUnsafe<TOrderRow[]>(
    `select o.channel_id, o.order_ref, o.units - o.cancelled_units as units, o.created_at, o.promised_ship_by as due_at, 0 as slo, o.promised_ship_by, o.state
     from sales_order o
     where o.state in ('open', 'reserved', 'picked') and o.promised_ship_by < now() and ${noLiveGroup("order_late", "order")}
     order by o.promised_ship_by limit ${RAISE_LIMIT}`,
  );
  const overdue = await tx.$queryRawUnsafe<TMessageRow[]>(
    `select m.* from partner_message m
     where m.acked_at is null and m.sent_at is not null and m.ack_due_at < now() and ${noLiveGroup("ack_overdue", "message")}
     order by m.ack_due_at limit ${RAISE_LIMIT}`,
  );
  const rejected = await tx.$queryRawUnsafe<TMessageRow[]>(
    `select m.* from partner_message m
     where m.result in ('rejected', 'accepted_with_errors') and ${noLiveGroup("ack_rejected", "message")}
     order by m.result_at limit ${RAISE_LIMIT}`,
  );
  const orderScope = (r: TOrderRow) => ({ channelId: r.channel_id, orderRef: r.order_ref });
  const messageScope = (r: TMessageRow) => ({ connectorId: r.connector_id, messageRef: r.message_ref });
  return [
    ...unallocated.map((r) => ({
      kind: "order_unallocated" as const,
      scope: orderScope(r),
      unitsAtRisk: r.units,
      at: r.due_at,
      details: { createdAt: r.created_at.toISOString(), sloSeconds: r.slo, units: r.units, promisedShipBy: r.promised_ship_by?.toISOString() ?? null },
    })),
    ...late.map((r) => ({
      kind: "order_late" as const,
      scope: orderScope(r),
      unitsAtRisk: r.units,
      at: r.due_at,
      details: { createdAt: r.created_at.toISOString(), promisedShipBy: r.promised_ship_by?.toISOString() ?? null, state: r.state, units: r.units },
    })),
    ...overdue.map((r) => ({
      kind: "ack_overdue" as const,
      scope: messageScope(r),
      at: r.ack_due_at ?? undefined,
      details: { documentType: r.document_type, sentAt: r.sent_at?.toISOString() ?? null, ackDueAt: r.ack_due_at?.toISOString() ?? null },
    })),
    ...rejected.map((r) => ({
      kind: "ack_rejected" as const,
      scope: messageScope(r),
      at: r.result_at ?? undefined,
      severity: r.result === "rejected" ? ("high" as const) : undefined,
      details: { documentType: r.document_type, result: r.result, errors: (r.errors ?? []).slice(0, 20).join("; ") || null, acknowledgedAt: r.result_at?.toISOString() ?? null },
    })),
  ];
}

/** Live (or awaiting-clear) order and message groups whose condition no longer holds. */
export async function clearedOrderGroups(tx: TTx): Promise<TClear[]> {
  const rows = await tx.$queryRaw<{ id: number; state: string; reason: string }[]>`
    select g.id, g.state, case when o.order_ref is null then 'the order is gone' else 'the order was ' || o.state end as reason
    from exception_group g left join sales_order o on o.channel_id = g.channel_id and o.order_ref = g.order_ref
    where g.kind = 'order_unallocated' and (g.state <> 'resolved' or g.awaiting_clear) and (o.order_ref is null or o.state <> 'open')
    union all
    select g.id, g.state, case when o.state in ('shipped', 'cancelled') then 'the order was ' || o.state else 'the order is no longer past its promised ship date' end
    from exception_group g left join sales_order o on o.channel_id = g.channel_id and o.order_ref = g.order_ref
    where g.kind = 'order_late' and (g.state <> 'resolved' or g.awaiting_clear)
      and (o.order_ref is null or o.state not in ('open', 'reserved', 'picked') or o.promised_ship_by is null or o.promised_ship_by >= now())
    union all
    select g.id, g.state, 'the partner acknowledged the message'
    from exception_group g left join partner_message m on m.connector_id = g.connector_id and m.message_ref = g.message_ref
    where g.kind = 'ack_overdue' and (g.state <> 'resolved' or g.awaiting_clear) and (m.message_ref is null or m.acked_at is not null)
    union all
    select g.id, g.state, 'the partner accepted the message'
    from exception_group g left join partner_message m on m.connector_id = g.connector_id and m.message_ref = g.message_ref
    where g.kind = 'ack_rejected' and (g.state <> 'resolved' or g.awaiting_clear) and (m.message_ref is null or m.result is null or m.result = 'accepted')`;
  return rows.map((r) => ({ id: r.id, isActive: r.state !== "resolved", reason: r.reason }));
}
