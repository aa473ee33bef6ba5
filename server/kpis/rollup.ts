// The KPI roll-ups, maintained from the event log one batch at a time (the worker picks the batch;
// the bench calls the same function). Set-based SQL throughout: a batch is thousands of events.
//  - sync latency: every ATP-changing event × each channel that can sell from its location, to
//    that channel's next publish of the SKU (by occurredAt); events still waiting sit in kpi_pending
//  - oversell: each order.created on a channel, against the pool's ATP just before it
//  - stale feed: the channel-update gaps longer than the channel's SLO, per hour
import { Prisma } from "@prisma/client";
import type { TTx } from "@/server/db";
import { ATP_CHANGING_TYPES } from "@/server/ingest/event-log";
import { latencyBucketSql } from "./histogram";
import { staleDelta } from "./stale";

const PUBLISH_TYPES = ["channel.quantity.published", "channel.quantity.observed"];
const ATP_TYPES: string[] = [...ATP_CHANGING_TYPES];

/** A predicate over `event e` choosing the batch. */
export type TBatch = Prisma.Sql;
export const idRange = (after: bigint, upTo: bigint): TBatch => Prisma.sql`e.id > ${after} and e.id <= ${upTo}`;
export const idList = (ids: bigint[]): TBatch => Prisma.sql`e.id = any(${ids}::bigint[])`;

export type TRollupResult = { publishes: number; samples: number; pending: number; orders: number; staleHours: number };

const isPublish = Prisma.sql`e.status = 'accepted' and e.type = any(${PUBLISH_TYPES}::text[]) and e.channel_id is not null and e.sku_id is not null and e.occurred_at is not null`;

/** Rolls one batch of events into the KPI tables, in the caller's transaction. */
export async function rollUpEvents(tx: TTx, batch: TBatch): Promise<TRollupResult> {
  const staleHours = await rollUpStaleness(tx, batch);
  const publishes = await tx.$executeRaw`
    insert into kpi_publish (channel_id, sku_id, occurred_at, event_pk)
    select e.channel_id, e.sku_id, e.occurred_at, e.id from event e where ${batch} and ${isPublish}
    on conflict do nothing`;
  const resolved = await resolvePending(tx, batch);
  const fresh = await measureNewEvents(tx, batch);
  const orders = await rollUpOrders(tx, batch);
  return { publishes, samples: resolved + fresh.samples, pending: fresh.pending, orders, staleHours };
}

/** Appends to `ctes` (which must define `s(channel_id, occurred_at, seconds)`) the histogram upserts. */
async function recordSamples(tx: TTx, ctes: Prisma.Sql): Promise<{ samples: number; pending: number }> {
  const bucket = latencyBucketSql(Prisma.sql`s.seconds`);
  const rows = await tx.$queryRaw<{ samples: number; pending: number }[]>`
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
    select (select count(*) from s)::int as samples, (select count(*) from pend)::int + 0 * (select count(*) from hourly) + 0 * (select count(*) from daily) as pending`;
  return rows[0] ?? { samples: 0, pending: 0 };
}

/** Events that waited for a publish of their SKU on a channel: this batch's publishes answer them. */
async function resolvePending(tx: TTx, batch: TBatch): Promise<number> {
  const r = await recordSamples(
    tx,
    Prisma.sql`
    with np as (select distinct e.channel_id, e.sku_id from event e where ${batch} and ${isPublish}),
    m as (
      select p.channel_id, p.sku_id, p.occurred_at, p.event_pk, x.pub_at
      from kpi_pending p join np on np.channel_id = p.channel_id and np.sku_id = p.sku_id
      cross join lateral (select min(k.occurred_at) as pub_at from kpi_publish k
                          where k.channel_id = p.channel_id and k.sku_id = p.sku_id and k.occurred_at >= p.occurred_at) x
      where x.pub_at is not null),
    s as (
      delete from kpi_pending p using m
      where p.channel_id = m.channel_id and p.sku_id = m.sku_id and p.occurred_at = m.occurred_at and p.event_pk = m.event_pk
      returning p.channel_id, p.occurred_at, extract(epoch from m.pub_at - p.occurred_at)::float8 as seconds),
    pend as (select 1 where false)`,
  );
  return r.samples;
}

/** This batch's ATP-changing events: measured against a publish already known, else left pending. */
async function measureNewEvents(tx: TTx, batch: TBatch) {
  return recordSamples(
    tx,
    Prisma.sql`
    with a as (
      select e.id, e.sku_id, e.location_id, e.occurred_at from event e
      where ${batch} and e.status = 'accepted' and e.type = any(${ATP_TYPES}::text[])
        and e.sku_id is not null and e.location_id is not null and e.occurred_at is not null
        and coalesce(e.flags->>'nonAuthoritative', '') <> 'true' and coalesce(e.flags->>'reservationConflict', '') <> 'unknown_order'),
    m as (
      select cl.channel_id, a.sku_id, a.occurred_at, a.id,
             (select min(k.occurred_at) from kpi_publish k where k.channel_id = cl.channel_id and k.sku_id = a.sku_id and k.occurred_at >= a.occurred_at) as pub_at
      from a join channel_location cl on cl.location_id = a.location_id),
    pend as (
      insert into kpi_pending (channel_id, sku_id, occurred_at, event_pk)
      select channel_id, sku_id, occurred_at, id from m where pub_at is null
      on conflict do nothing returning 1),
    s as (select channel_id, occurred_at, extract(epoch from pub_at - occurred_at)::float8 as seconds from m where pub_at is not null)`,
  );
}

// ATP just before an order = the book now minus every movement at or after the order (by occurredAt,
// then event id); the journal's (book, sku, location, occurred_at) index keeps that a short range scan.
async function rollUpOrders(tx: TTx, batch: TBatch): Promise<number> {
  const rows = await tx.$queryRaw<{ n: number }[]>`
    with o as (
      select e.id, e.sku_id, e.channel_id, coalesce(e.quantity, 0) as quantity, e.occurred_at from event e
      where ${batch} and e.status = 'accepted' and e.type = 'order.created'
        and e.channel_id is not null and e.sku_id is not null and e.occurred_at is not null),
    pool as (
      select o.id, coalesce(sum(coalesce(p.on_hand - p.reserved - p.allocated, 0) - coalesce(later.d, 0)), 0) as atp
      from o
      left join channel_location cl on cl.channel_id = o.channel_id
      left join inventory_position p on p.sku_id = o.sku_id and p.location_id = cl.location_id
      left join lateral (
        select sum(m.d_on_hand - m.d_reserved - m.d_allocated) as d from movement m
        where m.book = 0 and m.sku_id = o.sku_id and m.location_id = cl.location_id
          and m.occurred_at >= o.occurred_at and (m.occurred_at > o.occurred_at or m.event_pk >= o.id)) later on cl.location_id is not null
      group by o.id),
    up as (
      insert into kpi_hourly (hour, channel_id, orders, oversold)
      select date_trunc('hour', o.occurred_at, 'UTC'), o.channel_id, count(*), count(*) filter (where pool.atp < o.quantity)
      from o join pool on pool.id = o.id group by 1, 2
      on conflict (hour, channel_id) do update set orders = kpi_hourly.orders + excluded.orders, oversold = kpi_hourly.oversold + excluded.oversold
      returning orders)
    select (select count(*) from o)::int + 0 * (select count(*) from up) as n`;
  return rows[0]?.n ?? 0;
}

/** The gaps this batch's channel updates close or split (before they join kpi_publish). */
async function rollUpStaleness(tx: TTx, batch: TBatch): Promise<number> {
  const added = await tx.$queryRaw<{ channel_id: number; slo: number; times: number[] }[]>`
    select e.channel_id, c.freshness_slo_seconds as slo, array_agg(distinct (extract(epoch from e.occurred_at) * 1000)::float8) as times
    from event e join channel c on c.id = e.channel_id
    where ${batch} and ${isPublish}
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
