// Synthetic history for bench:kpis, written set-based straight into the tables ingest writes
// (event, movement, inventory_position, ingest_hourly), one slice of time at a time, so the KPI
// worker can roll each slice up as it would live. Deterministic (setseed) for comparable runs.
import type pg from "pg";

export const SKUS = 10_000;
export const CHANNELS = [
  { code: "web", slo: 300, locations: [1, 2, 3] },
  { code: "amz", slo: 900, locations: [3, 4] },
  { code: "b2b", slo: 600, locations: [1, 2, 4] },
  { code: "edi", slo: 3600, locations: [4, 1] },
  { code: "pos", slo: 120, locations: [5, 6] },
];

export async function seedMasterData(c: pg.Client) {
  await c.query("select setseed(0.42)");
  await c.query(`insert into sku (code, updated_at) select 'K-' || lpad(g::text, 6, '0'), now() from generate_series(1, ${SKUS}) g`);
  await c.query(`insert into location (code, kind, updated_at) select 'L' || g, 'warehouse', now() from generate_series(1, 6) g`);
  for (const ch of CHANNELS) {
    const { rows } = await c.query<{ id: number }>(`insert into channel (code, kind, freshness_slo_seconds, updated_at) values ($1, 'marketplace', $2, now()) returning id`, [ch.code, ch.slo]);
    await c.query(`insert into channel_location (channel_id, location_id) select $1, unnest($2::int[])`, [rows[0]!.id, ch.locations]);
  }
  await c.query(`insert into connector (code, kind, channel_id, key_hash, key_prefix, updated_at) values
    ('wms', 'wms', null, 'h1', 'p', now()), ('erp', 'erp', null, 'h2', 'p', now()), ('web', 'channel', 1, 'h3', 'p', now()),
    ('amz', 'channel', 2, 'h4', 'p', now()), ('lister', 'channel', null, 'h5', 'p', now())`);
  // Every SKU × channel has a target and an exposure; about one in ten drifts by a few units.
  await c.query(`insert into channel_position (sku_id, channel_id, target, exposed, exposed_at)
    select s, ch, t, case when random() < 0.1 then greatest(t + (1 + floor(random() * 3))::int * (case when random() < 0.5 then -1 else 1 end), 0) else t end, now()
    from generate_series(1, ${SKUS}) s cross join generate_series(1, ${CHANNELS.length}) ch cross join lateral (select floor(random() * 50)::int as t) x`);
}

/** Opening stock before the history starts: 60 units of every SKU at every location, journal and book alike. */
export async function seedOpeningStock(c: pg.Client, atMs: number) {
  await c.query(`insert into movement (event_pk, book, sku_id, location_id, occurred_at, d_on_hand)
    select 0, 0, s, l, to_timestamp($1::float8 / 1000), 60 from generate_series(1, ${SKUS}) s cross join generate_series(1, 6) l`, [atMs]);
  await c.query(`insert into inventory_position (sku_id, location_id, on_hand, rev) select s, l, 60, 1 from generate_series(1, ${SKUS}) s cross join generate_series(1, 6) l`);
}

/** Events per slice for a total: each stock change is followed by a channel publish (0.78 of the base mix). */
export const PUBLISH_SHARE = 0.78;

/**
 * One slice [from, from + ms) of about `n` events: stock changes, orders, heartbeats, observations and
 * dead letters, then a publish after each stock change on one channel that sells from its location
 * (a delay of about a third of that channel's SLO), then the slice's journal, book and ingest counters.
 */
export async function loadSlice(c: pg.Client, slice: number, fromMs: number, ms: number, n: number) {
  const base = Math.round(n / (1 + PUBLISH_SHARE));
  const { rows } = await c.query<{ after: string }>("select coalesce(max(id), 0)::text as after from event");
  const after = rows[0]!.after;
  await c.query(
    `with elig as (select channel_id, array_agg(location_id order by location_id) as locs from channel_location group by channel_id),
     gen as (
       select g, random() as r, to_timestamp($2::float8 / 1000 + random() * $3::float8 / 1000) as at,
              1 + floor(${SKUS} * power(random(), 2))::int as sku, 1 + floor(random() * 5)::int as ch, random() as r2, random() as r3
       from generate_series(1, $4::int) g),
     typed as (
       select g, at, sku, ch, r2, r3,
              case when r < 0.15 then 'receipt.posted' when r < 0.50 then 'order.created' when r < 0.60 then 'stock.adjusted'
                   when r < 0.72 then 'shipment.posted' when r < 0.78 then 'reservation.created' when r < 0.86 then 'heartbeat'
                   when r < 0.90 then 'rejected' else 'channel.quantity.observed' end as kind
       from gen)
     insert into event (connector_id, event_id, type, status, payload, body_hash, reasons, occurred_at, received_at, applied_at, sku_id, location_id, channel_id, quantity, order_ref)
     select case when kind in ('receipt.posted', 'stock.adjusted', 'shipment.posted') then 1 when kind = 'reservation.created' then 2
                 when kind like 'channel.%' then case when ch = 1 then 3 when ch = 2 then 4 else 5 end
                 when kind = 'order.created' then case when ch = 1 then 3 when ch = 2 then 4 else 2 end else 1 + (g % 5) end,
            's' || $1 || '-' || g,
            case when kind = 'rejected' then 'order.created' else kind end,
            case when kind = 'rejected' then 'rejected' else 'accepted' end,
            '{}'::jsonb, 'b',
            case when kind = 'rejected' then '[{"code":"unknown_sku","field":"sku","message":"unknown","value":"GHOST"}]'::jsonb end,
            at, at + (r3 * 5) * interval '1 second', case when kind <> 'rejected' then at + (r3 * 5) * interval '1 second' end,
            case when kind in ('heartbeat', 'rejected') then null else sku end,
            case when kind in ('order.created', 'reservation.created') then e.locs[1 + floor(r2 * array_length(e.locs, 1))::int]
                 when kind in ('receipt.posted', 'stock.adjusted', 'shipment.posted') then 1 + floor(r2 * 6)::int end,
            case when kind in ('order.created', 'channel.quantity.observed') then ch end,
            case when kind = 'receipt.posted' then 1 + floor(r3 * 16)::int when kind in ('order.created', 'reservation.created', 'shipment.posted', 'rejected') then 1 + floor(r3 * 5)::int
                 when kind = 'stock.adjusted' then (case when r3 < 0.5 then -1 else 1 end) * (1 + floor(r2 * 3)::int) when kind like 'channel.%' then floor(r3 * 40)::int end,
            case when kind in ('order.created', 'reservation.created') then 'o' || $1 || '-' || g end
     from typed join elig e on e.channel_id = typed.ch
     order by at`,
    [slice, fromMs, ms, base],
  );
  await c.query(
    `insert into event (connector_id, event_id, type, status, payload, body_hash, occurred_at, received_at, applied_at, sku_id, channel_id, quantity)
     select case when p.channel_id = 1 then 3 when p.channel_id = 2 then 4 else 5 end, 'p' || e.id, 'channel.quantity.published', 'accepted', '{}'::jsonb, 'b',
            p.at, p.at + interval '2 seconds', p.at + interval '2 seconds', e.sku_id, p.channel_id, (random() * 40)::int
     from event e
     cross join lateral (
       select cl.channel_id, e.occurred_at + (-ln(1 - random()) * ch.freshness_slo_seconds / 3) * interval '1 second' as at
       from channel_location cl join channel ch on ch.id = cl.channel_id where cl.location_id = e.location_id order by random() + e.id * 0 limit 1) p
     where e.id > $1 and e.status = 'accepted' and e.location_id is not null
       and e.type in ('receipt.posted', 'stock.adjusted', 'shipment.posted', 'order.created', 'reservation.created')
     order by p.at`,
    [after],
  );
  await c.query(
    `insert into movement (event_pk, book, sku_id, location_id, occurred_at, d_on_hand, d_reserved)
     select id, 0, sku_id, location_id, occurred_at,
            case when type in ('receipt.posted', 'stock.adjusted') then quantity when type = 'shipment.posted' then -quantity else 0 end,
            case when type in ('order.created', 'reservation.created') then quantity when type = 'shipment.posted' then -quantity else 0 end
     from event where id > $1 and status = 'accepted' and location_id is not null and sku_id is not null
       and type in ('receipt.posted', 'stock.adjusted', 'shipment.posted', 'order.created', 'reservation.created')`,
    [after],
  );
  await c.query(
    `insert into inventory_position (sku_id, location_id, on_hand, reserved, rev)
     select sku_id, location_id,
            sum(case when type in ('receipt.posted', 'stock.adjusted') then quantity when type = 'shipment.posted' then -quantity else 0 end),
            sum(case when type in ('order.created', 'reservation.created') then quantity when type = 'shipment.posted' then -quantity else 0 end), count(*)
     from event where id > $1 and status = 'accepted' and location_id is not null and sku_id is not null
       and type in ('receipt.posted', 'stock.adjusted', 'shipment.posted', 'order.created', 'reservation.created')
     group by 1, 2 order by 1, 2
     on conflict (sku_id, location_id) do update set on_hand = inventory_position.on_hand + excluded.on_hand,
       reserved = inventory_position.reserved + excluded.reserved, rev = inventory_position.rev + excluded.rev`,
    [after],
  );
  // About 1 % of what connectors send is a duplicate (no event row; counted here, as ingest does).
  await c.query(
    `insert into ingest_hourly (hour, connector_id, received, accepted, duplicate, rejected)
     select date_trunc('hour', received_at, 'UTC'), connector_id, count(*) + count(*) / 100, count(*) filter (where status = 'accepted'), count(*) / 100,
            count(*) filter (where status = 'rejected')
     from event where id > $1 group by 1, 2
     on conflict (hour, connector_id) do update set received = ingest_hourly.received + excluded.received, accepted = ingest_hourly.accepted + excluded.accepted,
       duplicate = ingest_hourly.duplicate + excluded.duplicate, rejected = ingest_hourly.rejected + excluded.rejected`,
    [after],
  );
}

/** Exception history: groups opened over the period, most resolved (by people or by themselves), some reopened. */
export async function seedExceptions(c: pg.Client, fromMs: number, toMs: number, groups: number) {
  await c.query(
    `insert into exception_group (fingerprint, kind, sku_id, channel_id, severity, severity_rank, state, first_seen_at, last_seen_at, opened_at, resolved_at, resolution)
     select 'bench|' || g, (array['oversell_risk', 'push_failed', 'negative_atp', 'stale_feed'])[1 + g % 4], 1 + g % ${SKUS}, 1 + g % ${CHANNELS.length}, 'medium', 2,
            case when g % 7 = 0 then 'open' else 'resolved' end, t, t, t, case when g % 7 <> 0 then t + d end, case when g % 7 <> 0 then 'auto' end
     from generate_series(1, $1::int) g
     cross join lateral (select to_timestamp($2::float8 / 1000 + random() * ($3::float8 - $2::float8) / 1000 + g * 0) as t, (-ln(1 - random()) * 60 + g * 0) * interval '1 minute' as d) x`,
    [groups, fromMs, toMs],
  );
  await c.query(`insert into audit_log (at, actor_email, action, target_type, target_id, details)
    select resolved_at, 'system', case when id % 3 = 0 then 'exception.resolve' else 'exception.auto_resolve' end, 'exception', id::text, '{}'::jsonb
    from exception_group where resolved_at is not null`);
  await c.query(`insert into audit_log (at, actor_email, action, target_type, target_id, details)
    select resolved_at + interval '2 hours', 'system', 'exception.reopen', 'exception', id::text, '{}'::jsonb from exception_group where resolved_at is not null and id % 10 = 1
    union all
    select resolved_at + interval '3 hours', 'system', 'exception.auto_resolve', 'exception', id::text, '{}'::jsonb from exception_group where resolved_at is not null and id % 10 = 1`);
}
