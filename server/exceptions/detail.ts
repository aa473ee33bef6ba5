// One group in full, for /exceptions/{id}: the scope's live numbers, the events behind it
// (sample occurrences and related events from the event log), notes and audit history.
import { listAudit } from "@/server/audit/audit";
import { db, type TTx } from "@/server/db";
import { getException, type TExceptionGroup } from "./queries";

export type TEventSummary = {
  id: string;
  connector: string;
  eventId: string | null;
  type: string | null;
  status: string;
  sku: string | null;
  location: string | null;
  channel: string | null;
  quantity: number | null;
  occurredAt: Date | null;
  receivedAt: Date;
  reasons: { code: string; message: string }[] | null;
};

type TEventRow = Omit<TEventSummary, "id"> & { id: bigint };

const EVENT_SELECT = `select e.id, co.code as connector, e.event_id as "eventId", e.type, e.status, s.code as sku, l.code as location,
    ch.code as channel, e.quantity, e.occurred_at as "occurredAt", e.received_at as "receivedAt", e.reasons
  from event e join connector co on co.id = e.connector_id left join sku s on s.id = e.sku_id
  left join location l on l.id = e.location_id left join channel ch on ch.id = e.channel_id`;

function toSummary(rows: TEventRow[]): TEventSummary[] {
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}

/** The events this group's occurrences point at (newest first). */
async function sampleEvents(tx: TTx, groupId: number) {
  const rows = await tx.$queryRawUnsafe<TEventRow[]>(
    `${EVENT_SELECT} where e.id in (select event_pk from exception_occurrence where group_id = $1 and event_pk is not null order by id desc limit 10) order by e.id desc`,
    groupId,
  );
  return toSummary(rows);
}

/** Recent events in the group's scope, whatever their status. */
async function relatedEvents(tx: TTx, groupId: number) {
  const [g] = await tx.$queryRaw<{ kind: string; sku_id: number | null; location_id: number | null; channel_id: number | null; connector_id: number | null; scope_value: string | null; reason_code: string | null; order_ref: string | null; message_ref: string | null }[]>`
    select kind, sku_id, location_id, channel_id, connector_id, scope_value, details->>'reasonCode' as reason_code, order_ref, message_ref from exception_group where id = ${groupId}`;
  if (!g) return [];
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    args.push(value);
    where.push(clause.replaceAll("?", `$${args.length}`));
  };
  if (g.kind === "rejected_event") {
    add("e.connector_id = ?", g.connector_id);
    where.push("e.status = 'rejected'");
    add("coalesce(e.reasons->0->>'value', e.reasons->0->>'field', '') = ?", g.scope_value ?? "");
  } else if (g.order_ref !== null) {
    // the order's life across every connector (steps name the order, not always the channel)
    add("e.order_ref = ?", g.order_ref);
    add("(e.channel_id = ? or e.channel_id is null)", g.channel_id);
  } else if (g.message_ref !== null) {
    // the message, its acknowledgements, and what the message carried (the X12 846's quantities share its reference)
    add("e.connector_id = ?", g.connector_id);
    add("(e.correlation_id = ? or e.id in (select unnest(array[m.sent_event_pk, m.ack_event_pk]) from partner_message m where m.connector_id = e.connector_id and m.message_ref = ?))", g.message_ref);
  } else if (g.kind === "sequence_gap") {
    add("e.connector_id = ?", g.connector_id);
    where.push("e.status = 'held'");
  } else if (g.sku_id !== null) {
    add("e.sku_id = ?", g.sku_id);
    if (g.location_id !== null) add("(e.location_id = ? or e.to_location_id = ?)", g.location_id);
    if (g.channel_id !== null) add("(e.channel_id = ? or e.channel_id is null)", g.channel_id);
  } else if (g.channel_id !== null) {
    add("e.channel_id = ?", g.channel_id);
  } else if (g.connector_id !== null) {
    add("e.connector_id = ?", g.connector_id);
  } else return [];
  const order = g.sku_id !== null && g.kind !== "rejected_event" ? "e.occurred_at desc nulls last, e.id desc" : "e.id desc";
  const rows = await tx.$queryRawUnsafe<TEventRow[]>(`${EVENT_SELECT} where ${where.join(" and ")} order by ${order} limit 20`, ...args);
  return toSummary(rows);
}

export type TScopeNumbers = { label: string; value: string | number | null }[];

/** The scope's live drift numbers: the book, the channel position, ERP vs WMS, feed age. */
async function scopeNumbers(tx: TTx, group: TExceptionGroup, ids: { sku_id: number | null; location_id: number | null; channel_id: number | null; connector_id: number | null }): Promise<TScopeNumbers> {
  const out: TScopeNumbers = [];
  if (ids.sku_id !== null && ids.location_id !== null) {
    const [p] = await tx.$queryRaw<{ on_hand: number; reserved: number; allocated: number; in_transit: number }[]>`
      select on_hand, reserved, allocated, in_transit from inventory_position where sku_id = ${ids.sku_id} and location_id = ${ids.location_id}`;
    if (p) out.push({ label: "On hand", value: p.on_hand }, { label: "Reserved", value: p.reserved }, { label: "Allocated", value: p.allocated }, { label: "ATP", value: p.on_hand - p.reserved - p.allocated }, { label: "In transit", value: p.in_transit });
    const reported = await tx.$queryRaw<{ code: string; kind: string; on_hand: number }[]>`
      select c.code, c.kind, r.on_hand from reported_position r join connector c on c.id = r.connector_id
      where r.sku_id = ${ids.sku_id} and r.location_id = ${ids.location_id} order by c.kind, c.code`;
    for (const r of reported) out.push({ label: `${r.kind.toUpperCase()} on hand (${r.code})`, value: r.on_hand });
    const erp = reported.find((r) => r.kind === "erp");
    const wms = reported.find((r) => r.kind === "wms");
    if (erp && wms) out.push({ label: "System drift (ERP − WMS)", value: erp.on_hand - wms.on_hand });
  }
  if (ids.sku_id !== null && ids.channel_id !== null) {
    const [cp] = await tx.$queryRaw<{ target: number; exposed: number | null; exposed_at: Date | null }[]>`
      select target, exposed, exposed_at from channel_position where sku_id = ${ids.sku_id} and channel_id = ${ids.channel_id}`;
    if (cp) {
      out.push({ label: "Target", value: cp.target }, { label: "Exposed", value: cp.exposed }, { label: "Channel drift", value: cp.exposed === null ? null : cp.exposed - cp.target });
      out.push({ label: "Exposed at", value: cp.exposed_at?.toISOString() ?? null });
    }
  }
  if (group.kind === "stale_feed" || group.kind === "silent_connector") {
    for (const [k, v] of Object.entries(group.details)) if (typeof v === "string" || typeof v === "number") out.push({ label: k, value: v });
  }
  return out;
}

export async function exceptionDetail(id: number, tx: TTx = db) {
  const group = await getException(id, tx);
  const [ids] = await tx.$queryRaw<{ sku_id: number | null; location_id: number | null; channel_id: number | null; connector_id: number | null }[]>`
    select sku_id, location_id, channel_id, connector_id from exception_group where id = ${id}`;
  const [numbers, samples, related, notes, audit, occurrences] = await Promise.all([
    scopeNumbers(tx, group, ids!),
    sampleEvents(tx, id),
    relatedEvents(tx, id),
    tx.exceptionNote.findMany({ where: { groupId: id }, orderBy: { id: "desc" }, take: 100 }),
    listAudit(tx, { targetType: "exception", targetId: String(id), limit: 100 }),
    tx.exceptionOccurrence.findMany({ where: { groupId: id }, orderBy: { id: "desc" }, take: 20 }),
  ]);
  return {
    group,
    numbers,
    sampleEvents: samples,
    relatedEvents: related,
    notes: notes.map((n) => ({ id: n.id, at: n.at, authorEmail: n.authorEmail, text: n.text })),
    history: audit.items.map((a) => ({ id: a.id, at: a.at, actorEmail: a.actorEmail, action: a.action, reason: a.reason, details: a.details as Record<string, unknown> | null })),
    occurrences: occurrences.map((o) => ({ id: o.id.toString(), at: o.at, eventPk: o.eventPk?.toString() ?? null, details: o.details as Record<string, unknown> | null })),
  };
}
export type TExceptionDetail = Awaited<ReturnType<typeof exceptionDetail>>;
