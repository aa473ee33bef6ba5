import { Prisma } from "@prisma/client";
import { z } from "zod";
import { db, type TTx } from "@/server/db";
import { decodeCursor, iso, pageOf, type TPage } from "@/server/drift/paging";
import type { TEventFlags } from "@/server/ingest/event-log";
import type { TEventReason, TEventRow, TEventsQuery } from "./events.types";

// Event log reads are raw SQL so one statement joins the codes of every reference (SKU,
// locations, channel, connector) and pages by keyset on the event's id.

export type TEventDbRow = {
  id: bigint;
  connector: string;
  connector_kind: string;
  event_id: string | null;
  type: string | null;
  status: "accepted" | "held" | "rejected";
  occurred_at: Date | null;
  received_at: Date;
  applied_at: Date | null;
  reasons: TEventReason[] | null;
  flags: TEventFlags | null;
  quantity: number | null;
  sequence: bigint | null;
  correlation_id: string | null;
  order_ref: string | null;
  sku: string | null;
  location: string | null;
  to_location: string | null;
  channel: string | null;
};

/** The select list and joins every event query shares (`e` is the event row). */
export const EVENT_SELECT = Prisma.sql`
  select e.id, c.code as connector, c.kind as connector_kind, e.event_id, e.type, e.status, e.occurred_at, e.received_at, e.applied_at,
    e.reasons, e.flags, e.quantity, e.sequence, e.correlation_id, e.order_ref,
    coalesce(s.code, case when e.sku_id is null then e.payload->>'sku' end) as sku,
    l.code as location, tl.code as to_location, ch.code as channel
  from event e
  join connector c on c.id = e.connector_id
  left join sku s on s.id = e.sku_id
  left join location l on l.id = e.location_id
  left join location tl on tl.id = e.to_location_id
  left join channel ch on ch.id = e.channel_id`;

export function toEventRow(r: TEventDbRow): TEventRow {
  const lag = r.occurred_at ? Math.round((r.received_at.getTime() - r.occurred_at.getTime()) / 1000) : null;
  return {
    id: Number(r.id),
    connector: r.connector,
    connectorKind: r.connector_kind,
    eventId: r.event_id,
    type: r.type,
    status: r.status,
    occurredAt: iso(r.occurred_at),
    receivedAt: iso(r.received_at)!,
    ...(r.reasons ? { reasons: r.reasons } : {}),
    appliedAt: iso(r.applied_at),
    sku: r.sku,
    location: r.location,
    toLocation: r.to_location,
    channel: r.channel,
    quantity: r.quantity,
    sequence: r.sequence === null ? null : Number(r.sequence),
    correlationId: r.correlation_id,
    orderRef: r.order_ref,
    flags: r.flags,
    lagSeconds: lag,
  };
}

/** Events about a SKU code: its own, and those rejected because that code was unknown then. */
export function eventSkuCondition(code: string) {
  return Prisma.sql`(e.sku_id = (select id from sku where code = ${code}) or (e.status = 'rejected' and e.sku_id is null and e.payload->>'sku' = ${code}))`;
}

export type TEventFilter = Omit<TEventsQuery, "limit" | "cursor"> & {
  /** correlationId or orderRef equal to this (a trace) */
  ref?: string;
  receivedAfter?: Date;
  receivedBefore?: Date;
};

export function eventFilterConditions(f: TEventFilter): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`true`];
  if (f.sku) where.push(eventSkuCondition(f.sku));
  if (f.connector) where.push(Prisma.sql`e.connector_id = (select id from connector where code = ${f.connector})`);
  if (f.status) where.push(Prisma.sql`e.status = ${f.status}`);
  if (f.correlationId) where.push(Prisma.sql`e.correlation_id = ${f.correlationId}`);
  if (f.orderRef) where.push(Prisma.sql`e.order_ref = ${f.orderRef}`);
  if (f.ref) where.push(Prisma.sql`(e.correlation_id = ${f.ref} or e.order_ref = ${f.ref})`);
  if (f.type) where.push(Prisma.sql`e.type = ${f.type}`);
  if (f.receivedAfter) where.push(Prisma.sql`e.received_at >= ${f.receivedAfter}`);
  if (f.receivedBefore) where.push(Prisma.sql`e.received_at < ${f.receivedBefore}`);
  return where;
}

const ZIdCursor = z.tuple([z.number().int()]);

/** The event log, newest received first, under any combination of filters. */
export async function listEvents(input: TEventFilter & { limit: number; cursor?: string }, tx: TTx = db): Promise<TPage<TEventRow>> {
  const where = eventFilterConditions(input);
  const cursor = decodeCursor(input.cursor, ZIdCursor);
  if (cursor) where.push(Prisma.sql`e.id < ${cursor[0]}::int8`);
  const rows = await tx.$queryRaw<TEventDbRow[]>`${EVENT_SELECT} where ${Prisma.join(where, " and ")} order by e.id desc limit ${input.limit + 1}`;
  return pageOf(rows.map(toEventRow), input.limit, (r) => [r.id]);
}
