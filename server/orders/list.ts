// Orders by state and age, the ones needing attention first: stuck in pending allocation past
// their channel's SLO or past their promised ship date (oldest first), then the other active ones
// (oldest first), then shipped and cancelled (newest first). Active orders are few (the ones in
// flight), so their rank is computed as they are read; settled ones page through an index.
import { Prisma } from "@prisma/client";
import { z } from "zod";
import { db, type TTx } from "@/server/db";
import { decodeCursor, encodeCursor, type TPage } from "@/server/drift/paging";
import type { TCancelReason } from "@/server/ingest/event-log";
import type { TOrderItem, TOrdersQuery } from "./orders.types";
import type { TOrderState } from "./state";

const ZOrderCursor = z.tuple([z.number().int().min(0).max(2), z.string().datetime(), z.number().int(), z.string()]);
type TOrderCursor = z.infer<typeof ZOrderCursor>;

type TRow = {
  channel_id: number;
  channel: string;
  order_ref: string;
  state: TOrderState;
  created_at: Date;
  reserved_at: Date | null;
  picked_at: Date | null;
  shipped_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: TCancelReason | null;
  promised_ship_by: Date | null;
  units: number;
  cancelled_units: number;
  shipped_units: number;
  allocation_due_at: Date;
  is_unallocated: boolean;
  is_late: boolean;
  rank: number;
};

const SELECT = Prisma.sql`
  select o.channel_id, c.code as channel, o.order_ref, o.state, o.created_at, o.reserved_at, o.picked_at, o.shipped_at, o.cancelled_at, o.cancel_reason,
         o.promised_ship_by, o.units, o.cancelled_units, o.shipped_units,
         o.created_at + make_interval(secs => c.order_allocation_slo_seconds) as allocation_due_at,
         (o.state = 'open' and o.created_at + make_interval(secs => c.order_allocation_slo_seconds) < now()) as is_unallocated,
         (o.state in ('open', 'reserved', 'picked') and o.promised_ship_by < now()) as is_late`;

const ATTENTION = Prisma.sql`((o.state = 'open' and o.created_at + make_interval(secs => c.order_allocation_slo_seconds) < now())
  or (o.state in ('open', 'reserved', 'picked') and o.promised_ship_by < now()))`;

export function toOrderItem(r: TRow): TOrderItem {
  const at = (d: Date | null) => (d ? d.toISOString() : undefined);
  const attention: TOrderItem["attention"] = [];
  if (r.is_unallocated) attention.push("unallocated");
  if (r.is_late) attention.push("late");
  return {
    channel: r.channel,
    orderRef: r.order_ref,
    state: r.state,
    createdAt: r.created_at.toISOString(),
    ...(r.reserved_at ? { reservedAt: at(r.reserved_at) } : {}),
    ...(r.picked_at ? { pickedAt: at(r.picked_at) } : {}),
    ...(r.shipped_at ? { shippedAt: at(r.shipped_at) } : {}),
    ...(r.cancelled_at ? { cancelledAt: at(r.cancelled_at) } : {}),
    ...(r.cancel_reason ? { cancelReason: r.cancel_reason } : {}),
    ...(r.promised_ship_by ? { promisedShipBy: at(r.promised_ship_by) } : {}),
    units: r.units,
    attention,
    allocationDueAt: r.allocation_due_at.toISOString(),
    openUnits: Math.max(0, r.units - r.cancelled_units),
    shippedUnits: r.shipped_units,
  };
}

function filters(q: TOrdersQuery, channelId: number | null): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (channelId !== null) where.push(Prisma.sql`o.channel_id = ${channelId}`);
  if (q.orderRef) where.push(Prisma.sql`o.order_ref = ${q.orderRef}`);
  if (q.state && q.state !== "open") where.push(Prisma.sql`o.state = ${q.state}`);
  if (q.attention) where.push(ATTENTION);
  return where;
}

async function activePage(tx: TTx, q: TOrdersQuery, channelId: number | null, after: TOrderCursor | undefined, limit: number): Promise<TRow[]> {
  const where = [Prisma.sql`o.state in ('open', 'reserved', 'picked')`, ...filters(q, channelId)];
  const rank = Prisma.sql`(case when ${ATTENTION} then 0 else 1 end)`;
  if (after) where.push(Prisma.sql`(${rank}, o.created_at, o.channel_id, o.order_ref) > (${after[0]}::int, ${new Date(after[1])}::timestamptz, ${after[2]}::int, ${after[3]}::text)`);
  return tx.$queryRaw<TRow[]>`
    ${SELECT}, ${rank} as rank
    from sales_order o join channel c on c.id = o.channel_id
    where ${Prisma.join(where, " and ")}
    order by ${rank}, o.created_at, o.channel_id, o.order_ref limit ${limit}`;
}

async function settledPage(tx: TTx, q: TOrdersQuery, channelId: number | null, after: TOrderCursor | undefined, limit: number): Promise<TRow[]> {
  const where = [Prisma.sql`o.state in ('shipped', 'cancelled')`, ...filters(q, channelId)];
  if (after?.[0] === 2) where.push(Prisma.sql`(o.created_at, o.channel_id, o.order_ref) < (${new Date(after[1])}::timestamptz, ${after[2]}::int, ${after[3]}::text)`);
  return tx.$queryRaw<TRow[]>`
    ${SELECT}, 2 as rank
    from sales_order o join channel c on c.id = o.channel_id
    where ${Prisma.join(where, " and ")}
    order by o.created_at desc, o.channel_id desc, o.order_ref desc limit ${limit}`;
}

/** GET /api/v1/orders and the /orders page: keyset-paged by (attention rank, age, channel, orderRef). */
export async function listOrders(q: TOrdersQuery, tx: TTx = db): Promise<TPage<TOrderItem>> {
  const after = decodeCursor(q.cursor, ZOrderCursor);
  let channelId: number | null = null;
  if (q.channel) {
    const [c] = await tx.$queryRaw<{ id: number }[]>`select id from channel where code = ${q.channel}`;
    if (!c) return { items: [], nextCursor: null };
    channelId = c.id;
  }
  const wantsActive = !q.state || q.state === "open" || q.state === "reserved" || q.state === "picked";
  const wantsSettled = !q.attention && (!q.state || q.state === "shipped" || q.state === "cancelled");
  const rows: TRow[] = [];
  if (wantsActive && (!after || after[0] < 2)) rows.push(...(await activePage(tx, q, channelId, after, q.limit + 1)));
  if (wantsSettled && rows.length <= q.limit) rows.push(...(await settledPage(tx, q, channelId, after, q.limit + 1 - rows.length)));
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(toOrderItem),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.rank, last.created_at.toISOString(), last.channel_id, last.order_ref] satisfies TOrderCursor) : null,
  };
}

/** One order, or null. */
export async function findOrder(channel: string, orderRef: string, tx: TTx = db): Promise<(TOrderItem & { channelId: number }) | null> {
  const [r] = await tx.$queryRaw<TRow[]>`
    ${SELECT}, 0 as rank from sales_order o join channel c on c.id = o.channel_id
    where c.code = ${channel} and o.order_ref = ${orderRef} and o.state <> 'pending'`;
  return r ? { ...toOrderItem(r), channelId: r.channel_id } : null;
}

/** Orders needing attention now, per kind (the Overview). */
export async function ordersNeedingAttention(tx: TTx = db): Promise<{ unallocated: number; late: number; active: number }> {
  const [r] = await tx.$queryRaw<{ unallocated: number; late: number; active: number }[]>`
    select count(*) filter (where o.state = 'open' and o.created_at + make_interval(secs => c.order_allocation_slo_seconds) < now())::int as unallocated,
           count(*) filter (where o.promised_ship_by < now())::int as late, count(*)::int as active
    from sales_order o join channel c on c.id = o.channel_id where o.state in ('open', 'reserved', 'picked')`;
  return r ?? { unallocated: 0, late: 0, active: 0 };
}
