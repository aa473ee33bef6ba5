import { Prisma } from "@prisma/client";
import { z } from "zod";
import { db, type TTx } from "@/server/db";
import { decodeCursor, pageOf, type TPage } from "@/server/drift/paging";
import { CHANNEL_TYPES } from "@/server/ingest/event-log";
import type { TEventRow } from "./events.types";
import { EVENT_SELECT, eventSkuCondition, toEventRow, type TEventDbRow } from "./list";

const ZTimelineCursor = z.tuple([z.string().nullable(), z.number().int()]);

/**
 * Every event touching a SKU, latest occurredAt first (events without a valid occurredAt, all
 * rejected, come first: that order is the (sku_id, occurred_at) index read backwards).
 */
export async function skuTimeline(
  input: { sku: string; status?: "accepted" | "held" | "rejected"; limit: number; cursor?: string },
  tx: TTx = db,
): Promise<TPage<TEventRow>> {
  const where: Prisma.Sql[] = [eventSkuCondition(input.sku)];
  if (input.status) where.push(Prisma.sql`e.status = ${input.status}`);
  const cursor = decodeCursor(input.cursor, ZTimelineCursor);
  if (cursor) {
    const [at, id] = cursor;
    where.push(
      at === null
        ? Prisma.sql`(e.occurred_at is not null or e.id < ${id}::int8)`
        : Prisma.sql`e.occurred_at is not null and (e.occurred_at < ${new Date(at)} or (e.occurred_at = ${new Date(at)} and e.id < ${id}::int8))`,
    );
  }
  const rows = await tx.$queryRaw<TEventDbRow[]>`
    ${EVENT_SELECT} where ${Prisma.join(where, " and ")}
    order by e.occurred_at desc nulls first, e.id desc
    limit ${input.limit + 1}`;
  return pageOf(rows.map(toEventRow), input.limit, (r) => [r.occurredAt, r.id]);
}

const TRACE_LIMIT = 500;
const QUANTITY_TYPES = CHANNEL_TYPES.filter((t) => t !== "channel.push.failed");
/** How far after the trace's first event to look for each channel's next publish. */
const FOLLOW_UP_WINDOW_MS = 24 * 3600 * 1000;

export type TTrace = {
  ref: string;
  events: TEventRow[];
  followUps: TEventRow[];
  skus: string[];
  isTruncated: boolean;
  /** the orders this reference is (per channel), so a trace links to each order's life */
  orders: { channel: string; orderRef: string; state: string }[];
};

/**
 * Follows one correlationId / orderRef across every connector (ERP, WMS, OMS, channels), in
 * occurredAt order; followUps are, per SKU it touched and per channel, the first channel quantity
 * event after it began: when each channel caught up.
 */
export async function traceEvents(input: { ref: string; channel?: string }, tx: TTx = db): Promise<TTrace> {
  // One order's trace (a channel given) leaves out events of other channels that reuse its reference.
  const channelFilter = input.channel ? Prisma.sql`and (e.channel_id is null or ch.code = ${input.channel})` : Prisma.empty;
  const rows = await tx.$queryRaw<TEventDbRow[]>`
    ${EVENT_SELECT} where (e.correlation_id = ${input.ref} or e.order_ref = ${input.ref}) ${channelFilter}
    order by e.occurred_at asc nulls last, e.id asc
    limit ${TRACE_LIMIT + 1}`;
  const events = rows.slice(0, TRACE_LIMIT).map(toEventRow);
  const skus = [...new Set(events.map((e) => e.sku).filter((s): s is string => !!s))];
  const orders = await tx.$queryRaw<{ channel: string; orderRef: string; state: string }[]>`
    select c.code as channel, o.order_ref as "orderRef", o.state from sales_order o join channel c on c.id = o.channel_id
    where o.order_ref = ${input.ref} and o.state <> 'pending' ${input.channel ? Prisma.sql`and c.code = ${input.channel}` : Prisma.empty} order by c.code`;
  const start = events.find((e) => e.occurredAt)?.occurredAt;
  if (!start || skus.length === 0) return { ref: input.ref, events, followUps: [], skus, isTruncated: rows.length > TRACE_LIMIT, orders };
  const from = new Date(start);
  const until = new Date(from.getTime() + FOLLOW_UP_WINDOW_MS);
  const picks = await tx.$queryRaw<{ id: bigint }[]>`
    select distinct on (e.sku_id, e.channel_id) e.id
    from event e
    where e.sku_id in (select id from sku where code = any(${skus}::text[]))
      and e.type = any(${QUANTITY_TYPES}::text[])
      and e.status = 'accepted' and e.occurred_at >= ${from} and e.occurred_at < ${until}
      and e.id <> all(${events.map((e) => e.id)}::int8[])
    order by e.sku_id, e.channel_id, e.occurred_at, e.id`;
  const followUps =
    picks.length === 0
      ? []
      : (await tx.$queryRaw<TEventDbRow[]>`${EVENT_SELECT} where e.id = any(${picks.map((p) => p.id)}::int8[]) order by e.occurred_at, e.id`).map(toEventRow);
  return { ref: input.ref, events, followUps, skus, isTruncated: rows.length > TRACE_LIMIT, orders };
}
