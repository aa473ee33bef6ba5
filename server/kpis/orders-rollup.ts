// Orders per hour (of their creation) × channel, as they stand now: all of them, their fallout
// (cancelled for a reason other than `customer`, or left unallocated past the channel's SLO) and
// their cancellations for `out_of_stock` (DESIGN.md "Orders and partner acknowledgements → KPIs").
// An order's figures change after its hour (it ships, it is cancelled, its SLO passes), so the
// worker recomputes the hours of the orders that changed lately and of those whose SLO just passed,
// and all of history when it starts.
import { Prisma } from "@prisma/client";
import type { TTx } from "@/server/db";
import { HOUR_MS } from "./window";

/** Orders updated this recently are looked at again every pass (an ingest transaction commits well within it). */
export const RECENT_MS = 10 * 60_000;

/** Fallout, in SQL over `sales_order o join channel c`: the same rule the KPI states. */
export const FALLOUT_SQL = Prisma.sql`((o.state = 'cancelled' and coalesce(o.cancel_reason, 'other') <> 'customer')
  or coalesce(o.allocated_at, now()) > o.created_at + make_interval(secs => c.order_allocation_slo_seconds))`;

async function recomputeHours(tx: TTx, hours: Date[]) {
  const from = new Date(Math.min(...hours.map((h) => h.getTime())));
  const to = new Date(Math.max(...hours.map((h) => h.getTime())) + HOUR_MS);
  await tx.$executeRaw`delete from kpi_order_hourly where hour = any(${hours}::timestamptz[])`;
  return tx.$executeRaw`
    insert into kpi_order_hourly (hour, channel_id, orders, fallout, stock_cancelled)
    select date_trunc('hour', o.created_at, 'UTC'), o.channel_id, count(*), count(*) filter (where ${FALLOUT_SQL}),
           count(*) filter (where o.state = 'cancelled' and o.cancel_reason = 'out_of_stock')
    from sales_order o join channel c on c.id = o.channel_id
    where o.state <> 'pending' and o.created_at >= ${from} and o.created_at < ${to}
      and date_trunc('hour', o.created_at, 'UTC') = any(${hours}::timestamptz[])
    group by 1, 2 order by 1, 2`;
}

/** The hours whose orders changed lately or crossed their SLO since the last pass; all of them when `isFull`. */
export async function rollUpOrders(tx: TTx, opts: { isFull: boolean; now?: Date }) {
  const now = opts.now ?? new Date();
  if (opts.isFull) {
    await tx.$executeRaw`delete from kpi_order_hourly`;
    return tx.$executeRaw`
      insert into kpi_order_hourly (hour, channel_id, orders, fallout, stock_cancelled)
      select date_trunc('hour', o.created_at, 'UTC'), o.channel_id, count(*), count(*) filter (where ${FALLOUT_SQL}),
             count(*) filter (where o.state = 'cancelled' and o.cancel_reason = 'out_of_stock')
      from sales_order o join channel c on c.id = o.channel_id where o.state <> 'pending'
      group by 1, 2 order by 1, 2`;
  }
  const since = new Date(now.getTime() - RECENT_MS);
  const rows = await tx.$queryRaw<{ hour: Date }[]>`
    select distinct date_trunc('hour', o.created_at, 'UTC') as hour from sales_order o
    where o.updated_at >= ${since} and o.created_at is not null
    union
    select distinct date_trunc('hour', o.created_at, 'UTC') from sales_order o join channel c on c.id = o.channel_id
    where o.state = 'open' and o.created_at + make_interval(secs => c.order_allocation_slo_seconds) between ${since} and ${now}`;
  if (rows.length === 0) return 0;
  return recomputeHours(tx, rows.map((r) => r.hour));
}
