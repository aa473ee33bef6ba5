// Synthetic history for bench:advisor: a 200,000-SKU catalogue sold on 5 channels, written set-based
// straight into the tables ingest writes (event, movement, inventory_position), one slice of time at a
// time, so the KPI worker (and the advisor's roll-up inside it) rolls each slice up as it would live.
// The mix follows bench/kpis/load.ts (stock changes, orders, a channel publish after each change at
// about a third of that channel's SLO), sized by the catalogue. Deterministic (setseed).
import type pg from "pg";

export const CHANNELS = [
  { code: "web", slo: 300, locations: [1, 2, 3] },
  { code: "amz", slo: 900, locations: [3, 4] },
  { code: "b2b", slo: 600, locations: [1, 2, 4] },
  { code: "edi", slo: 3600, locations: [4, 1] },
  { code: "pos", slo: 120, locations: [5, 6] },
];

export async function seedMasterData(c: pg.Client, skus: number) {
  await c.query("select setseed(0.42)");
  await c.query(`insert into sku (code, updated_at) select 'K-' || lpad(g::text, 7, '0'), now() from generate_series(1, ${skus}) g`);
  await c.query(`insert into location (code, kind, updated_at) select 'L' || g, 'warehouse', now() from generate_series(1, 6) g`);
  for (const ch of CHANNELS) {
    const { rows } = await c.query<{ id: number }>(`insert into channel (code, kind, freshness_slo_seconds, updated_at) values ($1, 'marketplace', $2, now()) returning id`, [ch.code, ch.slo]);
    await c.query(`insert into channel_location (channel_id, location_id) select $1, unnest($2::int[])`, [rows[0]!.id, ch.locations]);
  }
  await c.query(`insert into connector (code, kind, channel_id, key_hash, key_prefix, updated_at) values
    ('wms', 'wms', null, 'h1', 'p', now()), ('erp', 'erp', null, 'h2', 'p', now()), ('web', 'channel', 1, 'h3', 'p', now()),
    ('amz', 'channel', 2, 'h4', 'p', now()), ('lister', 'channel', null, 'h5', 'p', now())`);
}

/** Opening stock before the history starts: 40 units of every SKU at every location, journal and book alike. */
export async function seedOpeningStock(c: pg.Client, skus: number, atMs: number) {
  await c.query(`insert into movement (event_pk, book, sku_id, location_id, occurred_at, d_on_hand)
    select 0, 0, s, l, to_timestamp($1::float8 / 1000), 40 from generate_series(1, ${skus}) s cross join generate_series(1, 6) l`, [atMs]);
  await c.query(`insert into inventory_position (sku_id, location_id, on_hand, rev) select s, l, 40, 1 from generate_series(1, ${skus}) s cross join generate_series(1, 6) l`);
}

/** Events per slice for a total: each stock change or order is followed by a channel publish. */
export const PUBLISH_SHARE = 0.85;

/**
 * One slice [from, from + ms) of about `n` events: receipts, orders, adjustments and shipments over
 * the catalogue (popular SKUs more often), then a publish after each on one channel that sells from
 * its location (a random quantity: the bench times the backtest, it does not judge its advice), then
 * the journal and book.
 */
export async function loadSlice(c: pg.Client, skus: number, slice: number, fromMs: number, ms: number, n: number) {
  const base = Math.round(n / (1 + PUBLISH_SHARE));
  const { rows } = await c.query<{ after: string }>("select coalesce(max(id), 0)::text as after from event");
  const after = rows[0]!.after;
  await c.query(
    `with elig as (select channel_id, array_agg(location_id order by location_id) as locs from channel_location group by channel_id),
     gen as (
       select g, random() as r, to_timestamp($2::float8 / 1000 + random() * $3::float8 / 1000) as at,
              1 + floor(${skus} * power(random(), 2))::int as sku, 1 + floor(random() * 5)::int as ch, random() as r2, random() as r3
       from generate_series(1, $4::int) g),
     typed as (
       select g, at, sku, ch, r2, r3,
              case when r < 0.15 then 'receipt.posted' when r < 0.60 then 'order.created' when r < 0.75 then 'stock.adjusted'
                   when r < 0.90 then 'shipment.posted' else 'heartbeat' end as kind
       from gen)
     insert into event (connector_id, event_id, type, status, payload, body_hash, occurred_at, received_at, applied_at, sku_id, location_id, channel_id, quantity, order_ref)
     select case when kind in ('receipt.posted', 'stock.adjusted', 'shipment.posted') then 1
                 when kind = 'order.created' then case when ch = 1 then 3 when ch = 2 then 4 else 2 end else 1 + (g % 5) end,
            's' || $1 || '-' || g, kind, 'accepted', '{}'::jsonb, 'b',
            at, at + (r3 * 5) * interval '1 second', at + (r3 * 5) * interval '1 second',
            case when kind = 'heartbeat' then null else sku end,
            case when kind = 'order.created' then e.locs[1 + floor(r2 * array_length(e.locs, 1))::int]
                 when kind in ('receipt.posted', 'stock.adjusted', 'shipment.posted') then 1 + floor(r2 * 6)::int end,
            case when kind = 'order.created' then ch end,
            case when kind = 'receipt.posted' then 1 + floor(r3 * 16)::int when kind in ('order.created', 'shipment.posted') then 1 + floor(r3 * 3)::int
                 when kind = 'stock.adjusted' then (case when r3 < 0.5 then -1 else 1 end) * (1 + floor(r2 * 3)::int) end,
            case when kind = 'order.created' then 'o' || $1 || '-' || g end
     from typed join elig e on e.channel_id = typed.ch
     order by at`,
    [slice, fromMs, ms, base],
  );
  await c.query(
    `insert into event (connector_id, event_id, type, status, payload, body_hash, occurred_at, received_at, applied_at, sku_id, channel_id, quantity)
     select case when p.channel_id = 1 then 3 when p.channel_id = 2 then 4 else 5 end, 'p' || e.id, 'channel.quantity.published', 'accepted', '{}'::jsonb, 'b',
            p.at, p.at + interval '2 seconds', p.at + interval '2 seconds', e.sku_id, p.channel_id, (random() * 60)::int
     from event e
     cross join lateral (
       select cl.channel_id, e.occurred_at + (-ln(1 - random()) * ch.freshness_slo_seconds / 3) * interval '1 second' as at
       from channel_location cl join channel ch on ch.id = cl.channel_id where cl.location_id = e.location_id order by random() + e.id * 0 limit 1) p
     where e.id > $1 and e.location_id is not null
     order by p.at`,
    [after],
  );
  await c.query(
    `insert into movement (event_pk, book, sku_id, location_id, occurred_at, d_on_hand, d_reserved)
     select id, 0, sku_id, location_id, occurred_at,
            case when type in ('receipt.posted', 'stock.adjusted') then quantity when type = 'shipment.posted' then -quantity else 0 end,
            case when type = 'order.created' then quantity when type = 'shipment.posted' then -quantity else 0 end
     from event where id > $1 and location_id is not null and sku_id is not null`,
    [after],
  );
  await c.query(
    `insert into inventory_position (sku_id, location_id, on_hand, reserved, rev)
     select sku_id, location_id,
            sum(case when type in ('receipt.posted', 'stock.adjusted') then quantity when type = 'shipment.posted' then -quantity else 0 end),
            sum(case when type = 'order.created' then quantity when type = 'shipment.posted' then -quantity else 0 end), count(*)
     from event where id > $1 and location_id is not null and sku_id is not null
     group by 1, 2 order by 1, 2
     on conflict (sku_id, location_id) do update set on_hand = inventory_position.on_hand + excluded.on_hand,
       reserved = inventory_position.reserved + excluded.reserved, rev = inventory_position.rev + excluded.rev`,
    [after],
  );
}
