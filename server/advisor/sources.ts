// The advisor's reads: each one SQL statement over what the KPI roll-up keeps (advisor_order,
// the exposure-time tables, the latency histograms), summed in PostgreSQL to a few rows per
// channel. Nothing here reads the event log or the journal.
import { db } from "@/server/db";
import type { TExposureTime, TSlackRow } from "./curve";
import { MAX_BUFFER_UNITS } from "./rollup";

export type TRange = { from: Date; to: Date; today: Date };

/** Orders per channel by (oversold?, slack e − q, capped at −1 and MAX_BUFFER_UNITS); slack null: no exposure before the order. */
export async function slackRows(range: TRange, channelIds: number[]) {
  return db.$queryRaw<(Omit<TSlackRow, "slack"> & { channel_id: number; slack: number | null })[]>`
    select a.channel_id, a.pool_atp < a.quantity as "isOversold",
           -- (greatest and least skip nulls: an order with no exposure before it must stay null, untested)
           case when a.exposure is not null then least(greatest(a.exposure - a.quantity, -1), ${MAX_BUFFER_UNITS}) end::int as slack, count(*)::int as n
    from advisor_order a
    where a.channel_id = any(${channelIds}::int[]) and a.occurred_at >= ${range.from} and a.occurred_at < ${range.to}
    group by 1, 2, 3`;
}

/**
 * Per channel, the 90th percentile over the SKUs it sold while showing them (exposure above 0) of
 * those units ÷ the hours it showed them in the range: from its first publish of the SKU (or the
 * range's start) until now, less the time it showed 0; at least an hour, so one quick sale is no rate.
 * The small tables join by hash: nothing per SKU is read that was not ordered in the range.
 */
export async function velocityRows(range: TRange, channelIds: number[]) {
  const toMs = range.to.getTime();
  return db.$queryRaw<{ channel_id: number; p90: number | null }[]>`
    with u as (
      select a.channel_id, a.sku_id, sum(a.quantity)::float8 as units from advisor_order a
      where a.channel_id = any(${channelIds}::int[]) and a.occurred_at >= ${range.from} and a.occurred_at < ${range.to} and a.exposure > 0
      group by 1, 2),
    zero as (
      select x.channel_id, x.sku_id, sum(x.ms)::float8 as ms from (
        select s.channel_id, s.sku_id, s.ms::float8 as ms from advisor_stockout_daily s
        where s.channel_id = any(${channelIds}::int[]) and s.day >= ${range.from} and s.day < ${range.to}
        union all
        select s.channel_id, s.sku_id, ${toMs}::float8 - extract(epoch from greatest(s.since, ${range.from}::timestamptz)) * 1000 from advisor_stockout_open s
        where s.channel_id = any(${channelIds}::int[]) and s.since < ${range.to}) x
      group by 1, 2),
    rate as (
      select u.channel_id, u.units / (greatest(${toMs}::float8 - extract(epoch from greatest(f.at, ${range.from}::timestamptz)) * 1000 - coalesce(z.ms, 0), 3600000) / 3600000) as per_hour
      from u join advisor_first_exposure f on f.channel_id = u.channel_id and f.sku_id = u.sku_id
      left join zero z on z.channel_id = u.channel_id and z.sku_id = u.sku_id)
    select channel_id, percentile_cont(0.9) within group (order by per_hour) as p90 from rate group by 1`;
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
