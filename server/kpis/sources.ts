// The KPI read side's SQL: each source summed per (period, trend point, channel) over a window.
// Roll-ups keep these small (90 days × channels is thousands of rows; latency reads the daily
// histogram for whole days).
import { Prisma } from "@prisma/client";
import { db, pgPool } from "@/server/db";
import { latencyBucketSql } from "./histogram";
import { splitDays, DAY_MS, HOUR_MS, type TSpan, type TWindow } from "./window";

/** A row of any source: period (1 = the window, 0 = the period before), point start (ms), channel id (0 = none). */
export type TKey = { cur: number; t: number; ch: number };

const stepSec = (w: TWindow) => Math.round(w.stepMs / 1000);
const point = (col: Prisma.Sql, w: TWindow) => Prisma.sql`((floor(extract(epoch from ${col}) / ${stepSec(w)}) * ${stepSec(w)})::bigint * 1000)::float8`;
const period = (col: Prisma.Sql, w: TWindow) => Prisma.sql`(${col} >= ${w.from})::int`;
const inWindow = (col: Prisma.Sql, w: TWindow) => Prisma.sql`${col} >= ${w.prevFrom} and ${col} < ${w.to}`;
const channelIs = (col: Prisma.Sql, channelId: number | null) => (channelId === null ? Prisma.sql`true` : Prisma.sql`${col} = ${channelId}`);

export type TCounterRow = TKey & { orders: number; oversold: number; stale: number; acc_rows: number; acc_within: number; drift: number; drift_samples: number };

export function counterRows(w: TWindow, channelId: number | null) {
  const hour = Prisma.sql`k.hour`;
  return db.$queryRaw<TCounterRow[]>`
    select ${period(hour, w)} as cur, ${point(hour, w)} as t, k.channel_id as ch,
           sum(k.orders)::int as orders, sum(k.oversold)::int as oversold, sum(k.stale_seconds)::float8 as stale,
           sum(k.accuracy_rows)::int as acc_rows, sum(k.accuracy_within)::int as acc_within,
           sum(k.drift_units)::float8 as drift, (count(*) filter (where k.accuracy_rows > 0))::int as drift_samples
    from kpi_hourly k where ${inWindow(hour, w)} and ${channelIs(Prisma.sql`k.channel_id`, channelId)}
    group by 1, 2, 3`;
}

export type TLatencyRow = TKey & { bucket: number; n: number };

/** Histogram rows of one table over a span: by point, or summed over the span (byPoint false). */
async function latencySpan(table: "hourly" | "daily", span: TSpan, cur: number, w: TWindow, channelId: number | null, byPoint: boolean): Promise<TLatencyRow[]> {
  const col = table === "hourly" ? "hour" : "day";
  const grain = table === "hourly" ? HOUR_MS : DAY_MS;
  // Rows already one per point (the step is the table's grain) need no grouping: an index range read.
  const isOnePerPoint = byPoint && w.stepMs === grain;
  const t = byPoint ? (isOnePerPoint ? `(extract(epoch from l.${col}) * 1000)::float8` : `((floor(extract(epoch from l.${col}) / ${w.stepMs / 1000}) * ${w.stepMs / 1000})::bigint * 1000)::float8`) : "0::float8";
  const select = isOnePerPoint ? `${t} as t, l.channel_id as ch, l.bucket::int as bucket, l.n as n` : `${t} as t, l.channel_id as ch, l.bucket::int as bucket, sum(l.n)::int as n`;
  const groupBy = isOnePerPoint ? "" : "group by 1, 2, 3";
  // node-postgres with array rows: a 90-day read is ~100,000 small rows, which Prisma's row mapping makes several times slower.
  const { rows } = await pgPool().query<[number, number, number, number]>({
    text: `select ${select} from kpi_latency_${table} l where l.${col} >= $1 and l.${col} < $2 ${channelId === null ? "" : "and l.channel_id = $3"} ${groupBy}`,
    values: channelId === null ? [span.from, span.to] : [span.from, span.to, channelId],
    rowMode: "array",
  });
  return rows.map(([tv, ch, bucket, n]) => ({ cur, t: tv, ch, bucket, n }));
}

/** Histogram rows: the window's by point (whole days from the daily roll-up when points are days or longer), the previous period's as one total. */
export async function latencyRows(w: TWindow, channelId: number | null): Promise<TLatencyRow[]> {
  const current: TSpan = { from: w.from, to: w.to };
  const previous: TSpan = { from: w.prevFrom, to: w.from };
  const parts: Promise<TLatencyRow[]>[] = [];
  const add = (span: TSpan, cur: number, byPoint: boolean, useDays: boolean) => {
    const split = useDays ? splitDays(span) : { days: null, hours: [span] };
    if (split.days) parts.push(latencySpan("daily", split.days, cur, w, channelId, byPoint));
    for (const h of split.hours) parts.push(latencySpan("hourly", h, cur, w, channelId, byPoint));
  };
  add(current, 1, true, w.stepMs >= DAY_MS);
  add(previous, 0, false, true);
  return (await Promise.all(parts)).flat();
}

export type TIngestRow = TKey & { received: number; duplicate: number; rejected: number };

export function ingestRows(w: TWindow, channelId: number | null) {
  const hour = Prisma.sql`i.hour`;
  return db.$queryRaw<TIngestRow[]>`
    select ${period(hour, w)} as cur, ${point(hour, w)} as t, coalesce(c.channel_id, 0) as ch,
           sum(i.received)::int as received, sum(i.duplicate)::int as duplicate, sum(i.rejected)::int as rejected
    from ingest_hourly i join connector c on c.id = i.connector_id
    where ${inWindow(hour, w)} and ${channelIs(Prisma.sql`c.channel_id`, channelId)}
    group by 1, 2, 3`;
}

export type TExceptionRow = TKey & { opened: number; resolved: number; minutes: number };

/** Exceptions per (period, point, channel) from the hourly roll-up the worker keeps. */
export function exceptionRows(w: TWindow, channelId: number | null) {
  const hour = Prisma.sql`x.hour`;
  return db.$queryRaw<TExceptionRow[]>`
    select ${period(hour, w)} as cur, ${point(hour, w)} as t, x.channel_id as ch,
           sum(x.opened)::int as opened, sum(x.resolved)::int as resolved, sum(x.resolve_minutes)::float8 as minutes
    from kpi_exception_hourly x where ${inWindow(hour, w)} and ${channelIs(Prisma.sql`x.channel_id`, channelId)}
    group by 1, 2, 3`;
}

export type TFeedRow = { ch: number; first_at: Date | null; last_at: Date | null };

/** Each channel's first and latest update (for "never reported" and the open stale gap after the latest). */
export function feedRows(channelIds: number[]) {
  return db.$queryRaw<TFeedRow[]>`
    select c.id as ch,
           (select min(k.occurred_at) from kpi_publish k where k.channel_id = c.id) as first_at,
           (select max(k.occurred_at) from kpi_publish k where k.channel_id = c.id) as last_at
    from unnest(${channelIds}::int[]) as c(id)`;
}

export type TChannelRow = { id: number; code: string; name: string | null; slo: number };

export function channelRows() {
  return db.$queryRaw<TChannelRow[]>`select id, code, name, freshness_slo_seconds as slo from channel order by code`;
}

export type TOrderRow = TKey & { orders: number; fallout: number; stock_cancelled: number };

/** Orders per (period, point, channel) from the hourly roll-up the worker keeps. */
export function orderRows(w: TWindow, channelId: number | null) {
  const hour = Prisma.sql`k.hour`;
  return db.$queryRaw<TOrderRow[]>`
    select ${period(hour, w)} as cur, ${point(hour, w)} as t, k.channel_id as ch,
           sum(k.orders)::int as orders, sum(k.fallout)::int as fallout, sum(k.stock_cancelled)::int as stock_cancelled
    from kpi_order_hourly k where ${inWindow(hour, w)} and ${channelIs(Prisma.sql`k.channel_id`, channelId)}
    group by 1, 2, 3`;
}

export type TAckRow = TKey & { bucket: number; n: number };

/** Partner messages acknowledged, by the hour they were sent and their sender's channel (0: none), in latency buckets (read as they are: a few a day). */
export function ackRows(w: TWindow, channelId: number | null) {
  const sent = Prisma.sql`m.sent_at`;
  const bucket = latencyBucketSql(Prisma.sql`greatest(extract(epoch from m.acked_at - m.sent_at), 0)::float8`);
  return db.$queryRaw<TAckRow[]>`
    select ${period(sent, w)} as cur, ${point(sent, w)} as t, coalesce(co.channel_id, 0) as ch, ${bucket} as bucket, count(*)::int as n
    from partner_message m join connector co on co.id = m.connector_id
    where ${inWindow(sent, w)} and m.acked_at is not null and ${channelIs(Prisma.sql`co.channel_id`, channelId)}
    group by 1, 2, 3, 4`;
}
