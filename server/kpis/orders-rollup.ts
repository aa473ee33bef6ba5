// Orders per hour (of their creation) × channel, as they stand now: all of them, their fallout
// (cancelled for a reason other than `customer`, or left unallocated past the channel's SLO) and
// their cancellations for `out_of_stock` (DESIGN.md "Orders and partner acknowledgements → KPIs").
// An order's figures change after its hour (it ships, it is cancelled, its SLO passes), so the
// worker's orders pass recomputes the hours of the orders that the roll-up's batches named since the
// last pass, the hours of the orders whose SLO passed since then, and all of history when it starts.
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

/** The hours a roll-up batch named and the next orders pass recomputes (a JSON array, in app_setting). */
export const ORDER_HOURS_KEY = "kpis.orderHours";

/**
 * Notes the hours (of creation) of the orders a batch of the event log names: their figures may
 * have changed. The worker's orders pass (every ORDERS_EVERY_MS) recomputes them: an hour holds
 * every order created in it, so recomputing it for each batch (about 90 ms at 3,000 events/s) cost
 * more than the rest of the batch's order work. Both run under the KPI lock.
 */
export async function markOrderHours(tx: TTx, batch: TBatch) {
  await tx.$executeRaw`
    with named as (
      select distinct date_trunc('hour', o.created_at, 'UTC') as hour
      from event e join sales_order o on o.order_ref = e.order_ref
      where ${batch.where("e")} and e.order_ref is not null and e.status = 'accepted' and o.created_at is not null
      union select (h #>> '{}')::timestamptz from app_setting s cross join jsonb_array_elements(s.value) h where s.key = ${ORDER_HOURS_KEY})
    insert into app_setting (key, value, updated_at)
    select ${ORDER_HOURS_KEY}, jsonb_agg(to_jsonb(hour) order by hour), now() from named having count(*) > 0
    on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`;
}

/** Takes the hours noted since the last pass. */
async function takeOrderHours(tx: TTx): Promise<Date[]> {
  const rows = await tx.$queryRaw<{ hour: Date }[]>`
    with taken as (delete from app_setting where key = ${ORDER_HOURS_KEY} returning value)
    select (h #>> '{}')::timestamptz as hour from taken cross join jsonb_array_elements(taken.value) h`;
  return rows.map((r) => r.hour);
}

/**
 * The hours the roll-up's batches noted, and those of orders whose allocation SLO passed since
 * `since` (still open: now fallout); all of them when `isFull`.
 */
export async function rollUpOrders(tx: TTx, opts: { isFull: boolean; now?: Date; since?: Date }) {
  const now = opts.now ?? new Date();
  const noted = await takeOrderHours(tx);
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
  const hours = [...new Map([...noted, ...rows.map((r) => r.hour)].map((h) => [h.getTime(), h])).values()];
  if (hours.length === 0) return 0;
  return recomputeHours(tx, hours);
}
