// The KPI roll-ups, maintained from the event log one batch at a time (the worker picks the batch;
// the bench calls the same function). Set-based SQL throughout: a batch is thousands of events.
//  - sync latency: every ATP-changing event × each channel that can sell from its location, to that
//    channel's next publish of the SKU (by occurredAt). Counted once, by whichever side arrives last:
//    a publish counts the changes since the channel's previous publish of the SKU; a change that
//    arrives after its next publish was already rolled up counts itself.
//  - oversell: each order.created on a channel, against the pool's ATP just before it (kept per order,
//    with the channel's exposure just before it, for the buffer advisor: server/advisor/rollup.ts)
//  - stale feed: the channel-update gaps longer than the channel's SLO, per hour
import { Prisma } from "@prisma/client";
import type { TTx } from "@/server/db";
import { ATP_CHANGING_TYPES } from "@/server/ingest/event-log";
import { ADVISOR_ORDER_INSERT, rollUpPublishes } from "@/server/advisor/rollup";
import { latencyBucketSql } from "./histogram";
import { markOrderHours } from "./orders-rollup";
import { staleDelta } from "./stale";

const PUBLISH_TYPES = ["channel.quantity.published", "channel.quantity.observed"];
const ATP_TYPES: string[] = [...ATP_CHANGING_TYPES];

/**
 * The batch: `has` tests an event id column (a publish's event_pk needs no join back to the event),
 * `where` an event alias; `upTo` is the newest id rolled up once it is done.
 */
export type TBatch = { has: (id: Prisma.Sql) => Prisma.Sql; where: (alias: "e" | "c" | "b") => Prisma.Sql; upTo: bigint };
const batchOf = (has: TBatch["has"], upTo: bigint): TBatch => ({ has, where: (a) => has(Prisma.raw(`${a}.id`)), upTo });
export const idRange = (after: bigint, upTo: bigint): TBatch => batchOf((id) => Prisma.sql`${id} > ${after} and ${id} <= ${upTo}`, upTo);
export const idList = (ids: bigint[], upTo: bigint): TBatch => batchOf((id) => Prisma.sql`${id} = any(${ids}::bigint[])`, upTo);

export type TRollupResult = { publishes: number; samples: number; orders: number; staleHours: number };

const isPublish = Prisma.sql`e.status = 'accepted' and e.type = any(${PUBLISH_TYPES}::text[]) and e.channel_id is not null and e.sku_id is not null and e.occurred_at is not null`;
/** An accepted event that changed the canonical ATP (physical events from a non-authority only touch their own book). */
const isChange = (a: string) =>
  Prisma.sql`${Prisma.raw(a)}.status = 'accepted' and ${Prisma.raw(a)}.type = any(${ATP_TYPES}::text[]) and ${Prisma.raw(a)}.sku_id is not null and ${Prisma.raw(a)}.location_id is not null
             and ${Prisma.raw(a)}.occurred_at is not null and coalesce(${Prisma.raw(a)}.flags->>'nonAuthoritative', '') <> 'true'
             and coalesce(${Prisma.raw(a)}.flags->>'reservationConflict', '') <> 'unknown_order'`;

/** Rolls one batch of events into the KPI tables, in the caller's transaction. */
export async function rollUpEvents(tx: TTx, batch: TBatch): Promise<TRollupResult> {
  const staleHours = await rollUpStaleness(tx, batch);
  // with the exposure each one leaves standing, which the buffer advisor's backtest reads
  const publishes = await rollUpPublishes(tx, batch, isPublish);
  const samples = (await latencyFromPublishes(tx, batch)) + (await latencyFromLateChanges(tx, batch));
  const orders = await rollUpOrders(tx, batch);
  await markOrderHours(tx, batch);
  return { publishes, samples, orders, staleHours };
}

/** Appends to `ctes` (which must define `s(channel_id, occurred_at, seconds)`) the histogram upserts. */
async function recordSamples(tx: TTx, ctes: Prisma.Sql): Promise<number> {
  const bucket = latencyBucketSql(Prisma.sql`s.seconds`);
  const rows = await tx.$queryRaw<{ samples: number }[]>`
    ${ctes},
    hourly as (
      insert into kpi_latency_hourly (hour, channel_id, bucket, n)
      select date_trunc('hour', s.occurred_at, 'UTC'), s.channel_id, ${bucket}, count(*) from s group by 1, 2, 3
      on conflict (hour, channel_id, bucket) do update set n = kpi_latency_hourly.n + excluded.n
      returning 1),
    daily as (
      insert into kpi_latency_daily (day, channel_id, bucket, n)
      select date_trunc('day', s.occurred_at, 'UTC'), s.channel_id, ${bucket}, count(*) from s group by 1, 2, 3
      on conflict (day, channel_id, bucket) do update set n = kpi_latency_daily.n + excluded.n
      returning 1)
    select ((select count(*) from s) + 0 * (select count(*) from hourly) + 0 * (select count(*) from daily))::int as samples`;
  return rows[0]?.samples ?? 0;
}

/**
 * Each publish of the batch answers the changes of its SKU at the channel's locations since the
 * channel's previous publish of it: those rolled up already or in this batch. A publish older than
 * one already rolled up (it arrived late) answers only this batch's changes: the others were counted
 * against that later publish.
 */
async function latencyFromPublishes(tx: TTx, batch: TBatch): Promise<number> {
  return recordSamples(
    tx,
    Prisma.sql`
    with bp as (select distinct e.channel_id, e.sku_id, e.occurred_at as t from event e where ${batch.where("e")} and ${isPublish}),
    -- materialised: prev, is_late and the channel's locations once per publish (inlined, is_late ran once per candidate change: 7× as often)
    w as materialized (
      select bp.channel_id, bp.sku_id, bp.t,
             (select max(k.occurred_at) from kpi_publish k where k.channel_id = bp.channel_id and k.sku_id = bp.sku_id and k.occurred_at < bp.t) as prev,
             exists (select 1 from kpi_publish k where k.channel_id = bp.channel_id and k.sku_id = bp.sku_id and k.occurred_at >= bp.t and not (${batch.has(Prisma.sql`k.event_pk`)})) as is_late,
             array(select cl.location_id from channel_location cl where cl.channel_id = bp.channel_id) as locations
      from bp),
    s as (
      select w.channel_id, c.occurred_at, extract(epoch from w.t - c.occurred_at)::float8 as seconds
      from w join event c on c.sku_id = w.sku_id and c.occurred_at <= w.t and c.occurred_at > coalesce(w.prev, '-infinity'::timestamptz) and c.location_id = any(w.locations)
      where ${isChange("c")} and c.id <= ${batch.upTo}
        and (${batch.where("c")} or (not w.is_late and (c.applied_at = c.received_at or exists (select 1 from kpi_late_seen ls where ls.event_pk = c.id)))))`,
  );
}

/** This batch's changes whose next publish was rolled up before them (they arrived late) count themselves. */
async function latencyFromLateChanges(tx: TTx, batch: TBatch): Promise<number> {
  return recordSamples(
    tx,
    Prisma.sql`
    with m as (
      select cl.channel_id, c.occurred_at, nx.occurred_at as pub_at, nx.event_pk
      from event c join channel_location cl on cl.location_id = c.location_id
      cross join lateral (select k.occurred_at, k.event_pk from kpi_publish k
                          where k.channel_id = cl.channel_id and k.sku_id = c.sku_id and k.occurred_at >= c.occurred_at
                          order by k.occurred_at limit 1) nx
      where ${batch.where("c")} and ${isChange("c")}),
    s as (
      select m.channel_id, m.occurred_at, extract(epoch from m.pub_at - m.occurred_at)::float8 as seconds from m
      where not (${batch.has(Prisma.sql`m.event_pk`)}))`,
  );
}

// ATP just before an order = the book now minus every movement at or after the order (by occurredAt,
// then event id). One range scan of the journal per SKU × location the batch's orders touch, summed
// from the newest backwards with a window, with the orders as markers in the same stream.
async function rollUpOrders(tx: TTx, batch: TBatch): Promise<number> {
  const rows = await tx.$queryRaw<{ n: number }[]>`
    with o as (
      select e.id, e.sku_id, e.channel_id, coalesce(e.quantity, 0) as quantity, e.occurred_at from event e
      where ${batch.where("e")} and e.status = 'accepted' and e.type = 'order.created'
        and e.channel_id is not null and e.sku_id is not null and e.occurred_at is not null),
    marks as (select o.id, o.sku_id, cl.location_id, o.occurred_at from o join channel_location cl on cl.channel_id = o.channel_id),
    pairs as (select sku_id, location_id, min(occurred_at) as since from marks group by 1, 2),
    stream as (
      select m.sku_id, m.location_id, m.occurred_at, m.event_pk, (m.d_on_hand - m.d_reserved - m.d_allocated) as d, null::bigint as order_id
      from pairs p join movement m on m.book = 0 and m.sku_id = p.sku_id and m.location_id = p.location_id and m.occurred_at >= p.since
      union all
      select sku_id, location_id, occurred_at, id, 0, id from marks),
    later as (
      select order_id, sku_id, location_id, sum(d) over (partition by sku_id, location_id order by occurred_at desc, event_pk desc) as d from stream),
    pool as (
      select l.order_id as id, sum(coalesce(p.on_hand - p.reserved - p.allocated, 0) - l.d) as atp
      from later l left join inventory_position p on p.sku_id = l.sku_id and p.location_id = l.location_id
      where l.order_id is not null group by l.order_id),
    up as (
      insert into kpi_hourly (hour, channel_id, orders, oversold)
      select date_trunc('hour', o.occurred_at, 'UTC'), o.channel_id, count(*), count(*) filter (where coalesce(pool.atp, 0) < o.quantity)
      from o left join pool on pool.id = o.id group by 1, 2
      on conflict (hour, channel_id) do update set orders = kpi_hourly.orders + excluded.orders, oversold = kpi_hourly.oversold + excluded.oversold
      returning orders),
    ${ADVISOR_ORDER_INSERT}
    select ((select count(*) from o) + 0 * (select count(*) from up) + 0 * (select count(*) from kept))::int as n`;
  return rows[0]?.n ?? 0;
}

/** The gaps this batch's channel updates close or split (before they join kpi_publish). */
async function rollUpStaleness(tx: TTx, batch: TBatch): Promise<number> {
  const inBatch = batch.where("e");
  const added = await tx.$queryRaw<{ channel_id: number; slo: number; times: number[] }[]>`
    select e.channel_id, c.freshness_slo_seconds as slo, array_agg(distinct (extract(epoch from e.occurred_at) * 1000)::float8) as times
    from event e join channel c on c.id = e.channel_id
    where ${inBatch} and ${isPublish}
      and not exists (select 1 from kpi_publish k where k.channel_id = e.channel_id and k.sku_id = e.sku_id and k.occurred_at = e.occurred_at and k.event_pk = e.id)
    group by e.channel_id, c.freshness_slo_seconds`;
  if (added.length === 0) return 0;
  const bounds = added.map((a) => ({ channel: a.channel_id, lo: new Date(Math.min(...a.times)), hi: new Date(Math.max(...a.times)) }));
  const existing = await tx.$queryRaw<{ channel_id: number; times: number[] }[]>`
    with b as (select * from unnest(${bounds.map((b) => b.channel)}::int[], ${bounds.map((b) => b.lo)}::timestamptz[], ${bounds.map((b) => b.hi)}::timestamptz[]) as b(channel_id, lo, hi)),
    w as (
      select b.channel_id,
             coalesce((select max(k.occurred_at) from kpi_publish k where k.channel_id = b.channel_id and k.occurred_at < b.lo), b.lo) as wlo,
             coalesce((select min(k.occurred_at) from kpi_publish k where k.channel_id = b.channel_id and k.occurred_at > b.hi), b.hi) as whi
      from b)
    select w.channel_id, array_agg(distinct (extract(epoch from k.occurred_at) * 1000)::float8) as times
    from w join kpi_publish k on k.channel_id = w.channel_id and k.occurred_at between w.wlo and w.whi
    group by w.channel_id`;
  const known = new Map(existing.map((r) => [r.channel_id, r.times]));
  const hours: Date[] = [];
  const channels: number[] = [];
  const seconds: number[] = [];
  for (const a of added) {
    for (const [hour, s] of staleDelta(known.get(a.channel_id) ?? [], a.times, a.slo * 1000)) {
      hours.push(new Date(hour));
      channels.push(a.channel_id);
      seconds.push(s);
    }
  }
  if (hours.length === 0) return 0;
  await tx.$executeRaw`
    insert into kpi_hourly (hour, channel_id, stale_seconds)
    select * from unnest(${hours}::timestamptz[], ${channels}::int[], ${seconds}::float8[]) as u(hour, channel_id, stale_seconds)
    order by 1, 2
    on conflict (hour, channel_id) do update set stale_seconds = greatest(kpi_hourly.stale_seconds + excluded.stale_seconds, 0)`;
  return hours.length;
}
