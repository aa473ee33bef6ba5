// What the buffer advisor's backtest reads, kept by the KPI roll-up in its own batches (so the
// watermark and the late pass decide, as for the KPIs, that each order and publish counts once):
//  - every channel publish joins kpi_publish with the channel's whole exposure of the SKU once it
//    stood (the sum of the latest quantity per channel location, as channel_position sums them);
//  - the time each exposure stood (publish → next publish of that SKU on that channel) is added up
//    per channel × UTC day × exposure, the exposures still standing per day they began, and the
//    time each SKU stood at 0 per day, since when it stands at 0, and when the channel first showed it
//    (the velocity's "in stock" is from that first publish on, less the time at 0);
//  - every order keeps its quantity, the pool's ATP just before it (the oversell test, computed by
//    the roll-up's own journal scan) and the channel's exposure just before it (ADVISOR_ORDER_INSERT).
// A publish that arrives late (older than ones already rolled up) re-splits the intervals after it:
// the old ones are taken out and the new ones added, in the same statement.
import { Prisma } from "@prisma/client";
import type { TTx } from "@/server/db";
import type { TBatch } from "@/server/kpis/rollup";

/** The largest buffer the backtest tries: exposures above it withhold at most this much. */
export const MAX_BUFFER_UNITS = 1000;

/**
 * Rolls the batch's channel publishes into kpi_publish (with place, quantity and exposure) and the
 * exposure-time tables. `isPublish` is the roll-up's own test of a publish over `event e`.
 * Returns how many publishes were added.
 */
export async function rollUpPublishes(tx: TTx, batch: TBatch, isPublish: Prisma.Sql): Promise<number> {
  const rows = await tx.$queryRaw<{ publishes: number }[]>`
    with b as (
      select e.channel_id, e.sku_id, e.occurred_at, e.id as event_pk, coalesce(e.quantity, 0) as quantity, coalesce(e.location_id, 0) as place
      from event e
      where ${batch.where("e")} and ${isPublish}
        and not exists (select 1 from kpi_publish k where k.channel_id = e.channel_id and k.sku_id = e.sku_id and k.occurred_at = e.occurred_at and k.event_pk = e.id)),
    pairs as (select channel_id, sku_id, min(occurred_at) as lo from b group by 1, 2),
    -- the publish before the batch's first of the pair: what stood when the span starts
    st as (
      select p.channel_id, p.sku_id, p.lo, s.occurred_at as t0, s.exposure as e0
      from pairs p left join lateral (
        select k.occurred_at, k.exposure from kpi_publish k
        where k.channel_id = p.channel_id and k.sku_id = p.sku_id and k.occurred_at < p.lo
        order by k.occurred_at desc, k.event_pk desc limit 1) s on true),
    -- publishes already rolled up after it (only when one of the batch's arrived late)
    old as (
      select k.channel_id, k.sku_id, k.occurred_at, k.event_pk, coalesce(k.quantity, 0) as quantity, k.place, k.exposure
      from pairs p join kpi_publish k on k.channel_id = p.channel_id and k.sku_id = p.sku_id and k.occurred_at >= p.lo),
    span as (
      select channel_id, sku_id, occurred_at, event_pk, quantity, place, false as is_new from old
      union all select channel_id, sku_id, occurred_at, event_pk, quantity, place, true from b),
    places as (select distinct channel_id, sku_id, place from span),
    -- each place's quantity when the span starts
    seed as (
      select pl.channel_id, pl.sku_id, pl.place, q.quantity
      from places pl join st on st.channel_id = pl.channel_id and st.sku_id = pl.sku_id
      cross join lateral (
        select coalesce(k.quantity, 0) as quantity from kpi_publish k
        where k.channel_id = pl.channel_id and k.sku_id = pl.sku_id and k.place = pl.place and k.occurred_at < st.lo
        order by k.occurred_at desc, k.event_pk desc limit 1) q
      where st.t0 is not null),
    step as (
      select s.*, s.quantity - coalesce(lag(s.quantity) over (partition by s.channel_id, s.sku_id, s.place order by s.occurred_at, s.event_pk), sd.quantity, 0) as d
      from span s left join seed sd on sd.channel_id = s.channel_id and sd.sku_id = s.sku_id and sd.place = s.place),
    xn as (
      select x.channel_id, x.sku_id, x.occurred_at, x.event_pk, x.quantity, x.place, x.is_new,
             (coalesce(st.e0, 0) + sum(x.d) over (partition by x.channel_id, x.sku_id order by x.occurred_at, x.event_pk))::int as exposure
      from step x join st on st.channel_id = x.channel_id and st.sku_id = x.sku_id),
    -- the exposures in time order, as they stood before the batch (o) and as they stand now (n)
    seq as (
      select 'o' as v, channel_id, sku_id, t0 as t, -1::bigint as pk, e0 as exposure from st where t0 is not null
      union all select 'n', channel_id, sku_id, t0, -1::bigint, e0 from st where t0 is not null
      union all select 'o', channel_id, sku_id, occurred_at, event_pk, exposure from old
      union all select 'n', channel_id, sku_id, occurred_at, event_pk, exposure from xn),
    iv as (
      select case when v = 'n' then 1 else -1 end as sign, channel_id, sku_id, t, exposure,
             lead(t) over (partition by v, channel_id, sku_id order by t, pk) as t_next
      from seq),
    split as (
      select iv.sign, iv.channel_id, iv.sku_id, iv.exposure, d.day,
             (extract(epoch from least(iv.t_next, d.day + interval '24 hours') - greatest(iv.t, d.day)) * 1000)::bigint as ms
      from iv cross join lateral generate_series(date_trunc('day', iv.t, 'UTC'), iv.t_next, interval '24 hours') as d(day)
      where iv.t_next is not null and iv.t_next > iv.t and iv.exposure is not null and d.day < iv.t_next),
    tails as (select sign, channel_id, sku_id, t, exposure from iv where t_next is null and exposure is not null),
    ins as (
      insert into kpi_publish (channel_id, sku_id, occurred_at, event_pk, place, quantity, exposure)
      select channel_id, sku_id, occurred_at, event_pk, place, quantity, exposure from xn where is_new
      on conflict do nothing
      returning 1),
    upd as (
      update kpi_publish k set exposure = x.exposure from xn x
      where not x.is_new and k.channel_id = x.channel_id and k.sku_id = x.sku_id and k.occurred_at = x.occurred_at and k.event_pk = x.event_pk
        and k.exposure is distinct from x.exposure
      returning 1),
    daily as (
      insert into advisor_exposure_daily (channel_id, day, exposure, ms)
      select channel_id, day, least(exposure, ${MAX_BUFFER_UNITS}), sum(sign * ms) from split group by 1, 2, 3 having sum(sign * ms) <> 0 order by 1, 2, 3
      on conflict (channel_id, day, exposure) do update set ms = advisor_exposure_daily.ms + excluded.ms
      returning 1),
    stockout as (
      insert into advisor_stockout_daily (channel_id, day, sku_id, ms)
      select channel_id, day, sku_id, sum(sign * ms) from split where exposure <= 0 group by 1, 2, 3 having sum(sign * ms) <> 0 order by 1, 2, 3
      on conflict (channel_id, day, sku_id) do update set ms = advisor_stockout_daily.ms + excluded.ms
      returning 1),
    standing as (
      insert into advisor_exposure_open (channel_id, day, exposure, skus, offset_ms)
      select channel_id, date_trunc('day', t, 'UTC'), least(exposure, ${MAX_BUFFER_UNITS}), sum(sign),
             sum(sign * (extract(epoch from t - date_trunc('day', t, 'UTC')) * 1000)::bigint)
      from tails group by 1, 2, 3 order by 1, 2, 3
      on conflict (channel_id, day, exposure) do update
        set skus = advisor_exposure_open.skus + excluded.skus, offset_ms = advisor_exposure_open.offset_ms + excluded.offset_ms
      returning 1),
    out_now as (
      insert into advisor_stockout_open (channel_id, sku_id, since)
      select channel_id, sku_id, t from tails where sign = 1 and exposure <= 0 order by 1, 2
      on conflict (channel_id, sku_id) do update set since = excluded.since
      returning 1),
    back_in as (
      delete from advisor_stockout_open s using tails x
      where x.sign = 1 and x.exposure > 0 and s.channel_id = x.channel_id and s.sku_id = x.sku_id
      returning 1),
    firsts as (
      insert into advisor_first_exposure (channel_id, sku_id, at)
      select channel_id, sku_id, min(occurred_at) from b group by 1, 2 order by 1, 2
      on conflict (channel_id, sku_id) do update set at = least(advisor_first_exposure.at, excluded.at)
      returning 1)
    select (select count(*) from ins)::int
           + 0 * ((select count(*) from upd) + (select count(*) from daily) + (select count(*) from stockout) + (select count(*) from standing)
                  + (select count(*) from out_now) + (select count(*) from back_in) + (select count(*) from firsts))::int as publishes`;
  await reexposeOrders(tx, batch, isPublish);
  return rows[0]?.publishes ?? 0;
}

/**
 * Orders already rolled up that a publish of this batch now precedes (it arrived after them, or
 * late) take the exposure that stood just before them: "the channel's last exposure before the order".
 * Usually none: an index probe per channel × SKU the batch published.
 */
async function reexposeOrders(tx: TTx, batch: TBatch, isPublish: Prisma.Sql) {
  await tx.$executeRaw`
    with p as (select e.channel_id, e.sku_id, min(e.occurred_at) as lo from event e where ${batch.where("e")} and ${isPublish} group by 1, 2),
    x as (
      select a.channel_id, a.occurred_at, a.event_pk, k.exposure
      from p join advisor_order a on a.channel_id = p.channel_id and a.sku_id = p.sku_id and a.occurred_at > p.lo
      left join lateral (
        select k.exposure from kpi_publish k
        where k.channel_id = a.channel_id and k.sku_id = a.sku_id and k.occurred_at < a.occurred_at
        order by k.occurred_at desc, k.event_pk desc limit 1) k on true)
    update advisor_order a set exposure = x.exposure from x
    where a.channel_id = x.channel_id and a.occurred_at = x.occurred_at and a.event_pk = x.event_pk and a.exposure is distinct from x.exposure`;
}

/**
 * A data-modifying CTE for the roll-up's order statement, which defines `o` (the batch's orders:
 * id, sku_id, channel_id, quantity, occurred_at) and `pool` (id, atp: the pool's ATP just before).
 * kpi_publish already holds the batch's publishes (they are rolled up first).
 */
export const ADVISOR_ORDER_INSERT = Prisma.sql`
    kept as (
      insert into advisor_order (channel_id, occurred_at, event_pk, sku_id, quantity, pool_atp, exposure)
      select o.channel_id, o.occurred_at, o.id, o.sku_id, o.quantity, coalesce(pool.atp, 0)::int, ex.exposure
      from o left join pool on pool.id = o.id
      left join lateral (
        select k.exposure from kpi_publish k
        where k.channel_id = o.channel_id and k.sku_id = o.sku_id and k.occurred_at < o.occurred_at
        order by k.occurred_at desc, k.event_pk desc limit 1) ex on true
      order by 1, 2, 3
      on conflict do nothing
      returning 1)`;
