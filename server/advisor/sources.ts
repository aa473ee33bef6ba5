// The advisor's reads: each one SQL statement over what the KPI roll-up keeps (advisor_order,
// the exposure-time tables, the latency histograms), summed in PostgreSQL to a few rows per
// channel. Nothing here reads the event log or the journal.
import { db } from "@/server/db";
import type { TExposureTime, TSlackRow } from "./curve";
import { MAX_BUFFER_UNITS } from "./rollup";

export type TRange = { from: Date; to: Date; today: Date };

/** Orders per channel by (oversold?, slack e − q, capped), with those the current percent buffer refuses. slack null: no exposure before the order. */
export async function slackRows(range: TRange, channels: { id: number; percent: number | null }[]) {
  return db.$queryRaw<(TSlackRow & { channel_id: number; slack: number | null; percent_refused: number; percent_avoided: number })[]>`
    with ch as (select * from unnest(${channels.map((c) => c.id)}::int[], ${channels.map((c) => c.percent)}::float8[]) as c(id, percent)),
    o as (
      select a.channel_id, a.pool_atp < a.quantity as is_oversold,
             case when a.exposure is null then null else least(greatest(a.exposure - a.quantity, -1), ${MAX_BUFFER_UNITS}) end as slack,
             a.exposure is not null and floor(a.exposure - a.exposure * ch.percent / 100) < a.quantity as is_percent_refused
      from advisor_order a join ch on ch.id = a.channel_id
      where a.occurred_at >= ${range.from} and a.occurred_at < ${range.to})
    select channel_id, is_oversold as "isOversold", slack, count(*)::int as n,
           (count(*) filter (where is_percent_refused and not is_oversold))::int as percent_refused,
           (count(*) filter (where is_percent_refused and is_oversold))::int as percent_avoided
    from o group by 1, 2, 3`;
}

/**
 * Per channel, the 90th percentile over the SKUs it sold in the range of units ordered per hour in
 * stock: the range less the time the channel showed the SKU at 0 (closed and still standing), at least an hour.
 */
export async function velocityRows(range: TRange, channelIds: number[]) {
  const rangeMs = range.to.getTime() - range.from.getTime();
  return db.$queryRaw<{ channel_id: number; p90: number | null }[]>`
    with u as (
      select a.channel_id, a.sku_id, sum(a.quantity)::float8 as units from advisor_order a
      where a.channel_id = any(${channelIds}::int[]) and a.occurred_at >= ${range.from} and a.occurred_at < ${range.to}
      group by 1, 2),
    z as (
      select x.channel_id, x.sku_id, sum(x.ms)::float8 as ms from (
        select s.channel_id, s.sku_id, s.ms::float8 as ms from advisor_stockout_daily s
        where s.channel_id = any(${channelIds}::int[]) and s.day >= ${range.from} and s.day < ${range.to}
        union all
        select s.channel_id, s.sku_id, extract(epoch from ${range.to}::timestamptz - greatest(s.since, ${range.from}::timestamptz)) * 1000 from advisor_stockout_open s
        where s.channel_id = any(${channelIds}::int[]) and s.since < ${range.to}) x
      group by 1, 2)
    select u.channel_id, percentile_disc(0.9) within group (order by u.units / (greatest(${rangeMs}::float8 - coalesce(z.ms, 0), 3600000) / 3600000)) as p90
    from u left join z on z.channel_id = u.channel_id and z.sku_id = u.sku_id
    group by 1`;
}

/** Per channel × exposure (capped): the milliseconds exposures stood at it in the range, those still standing until `to`. */
export async function exposureTimeRows(range: TRange, channelIds: number[]) {
  const fromMs = range.from.getTime();
  const toMs = range.to.getTime();
  return db.$queryRaw<(TExposureTime & { channel_id: number })[]>`
    select x.channel_id, x.exposure, sum(x.ms)::float8 as ms from (
      select d.channel_id, d.exposure, d.ms::float8 as ms from advisor_exposure_daily d
      where d.channel_id = any(${channelIds}::int[]) and d.day >= ${range.from} and d.day < ${range.to}
      union all
      select o.channel_id, o.exposure,
             case when o.day >= ${range.from} then o.skus * (${toMs}::float8 - extract(epoch from o.day) * 1000) - o.offset_ms
                  else o.skus * (${toMs - fromMs}::float8) end
      from advisor_exposure_open o
      where o.channel_id = any(${channelIds}::int[]) and o.skus <> 0 and o.day < ${range.to}) x
    group by 1, 2`;
}

/** Sync-latency histogram rows over the range: whole days from the daily roll-up, today from the hourly one. */
export async function latencyRows(range: TRange, channelIds: number[]) {
  return db.$queryRaw<{ channel_id: number; bucket: number; n: number }[]>`
    select x.channel_id, x.bucket::int as bucket, sum(x.n)::int as n from (
      select l.channel_id, l.bucket, l.n from kpi_latency_daily l
      where l.channel_id = any(${channelIds}::int[]) and l.day >= ${range.from} and l.day < ${range.today}
      union all
      select l.channel_id, l.bucket, l.n from kpi_latency_hourly l
      where l.channel_id = any(${channelIds}::int[]) and l.hour >= ${range.today} and l.hour < ${range.to}) x
    group by 1, 2`;
}
