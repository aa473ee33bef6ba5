// Orders per hour (of their creation) × channel, as they stand now: all of them, their fallout
// (cancelled for a reason other than `customer`, or left unallocated past the channel's SLO) and
// their cancellations for `out_of_stock` (DESIGN.md "Orders and partner acknowledgements → KPIs").
// An order's figures change after its hour (it ships, it is cancelled, its SLO passes), so each
// roll-up batch of the event log recomputes the hours of the orders its events name, the worker
// the hours of the orders whose SLO passed since its last pass, and all of history when it starts.
import { Prisma } from "@prisma/client";
import type { TTx } from "@/server/db";
import type { TBatch } from "./rollup";
import { HOUR_MS } from "./window";

/** A pass that does not know when the last one ran looks this far back for SLOs that passed. */
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

/** The hours (of creation) of the orders a batch of the event log names: their figures may have changed. */
export async function rollUpOrderHours(tx: TTx, batch: TBatch) {
  const rows = await tx.$queryRaw<{ hour: Date }[]>`
    select distinct date_trunc('hour', o.created_at, 'UTC') as hour
    from event e join sales_order o on o.order_ref = e.order_ref
    where ${batch.where("e")} and e.order_ref is not null and e.status = 'accepted' and o.created_at is not null`;
  return rows.length ? recomputeHours(tx, rows.map((r) => r.hour)) : 0;
}

/** The hours of orders whose allocation SLO passed since `since` (still open: now fallout); all of them when `isFull`. */
export async function rollUpOrders(tx: TTx, opts: { isFull: boolean; now?: Date; since?: Date }) {
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
  const since = opts.since ?? new Date(now.getTime() - RECENT_MS);
  const rows = await tx.$queryRaw<{ hour: Date }[]>`
    select distinct date_trunc('hour', o.created_at, 'UTC') as hour from sales_order o join channel c on c.id = o.channel_id
    where o.state = 'open' and o.created_at + make_interval(secs => c.order_allocation_slo_seconds) between ${since} and ${now}`;
  if (rows.length === 0) return 0;
  return recomputeHours(tx, rows.map((r) => r.hour));
}
