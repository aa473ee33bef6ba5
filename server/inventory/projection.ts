import type pg from "pg";
import { BALANCE_FIELDS, DEMAND_TYPES, PHYSICAL_TYPES, type TEventFlags, type TEventType } from "@/server/ingest/event-log";
import type { TEventDetail } from "@/server/ingest/event-detail";
import { trackOrders } from "@/server/orders/track";
import { trackPartnerMessages } from "@/server/partners/track";
import { demandStep, isOrderLineType } from "./demand";
import { loadDemandLines } from "./demand-lines";
import { applyMovement, applySnapshot, movementDeltas, type TBook, type TDelta } from "./effects";
import { isOrderTrackingOn } from "./order-tracking";

/** An accepted event, resolved, ready to change the books. */
export type TProjectable = {
  pk: string;
  connectorId: number;
  type: TEventType;
  skuId: number | null;
  locationId: number | null;
  locationAuthorityId: number | null;
  toLocationId: number | null;
  channelId: number | null;
  /** the channel location an exposure is reported for ('' when none) */
  channelLocation: string;
  quantity: number | null;
  disposition: string | null;
  balances: TDelta | null;
  orderRef: string | null;
  occurredAt: Date;
  sequence: number | null;
  ord: number;
  /** order life and partner-message fields (null for every other type) */
  detail: TEventDetail | null;
};

export type TProjectionResult = { flags: Map<string, TEventFlags>; dirtySkuIds: number[]; movements: number };

const PHYSICAL = new Set<string>(PHYSICAL_TYPES);
const DEMAND = new Set<string>(DEMAND_TYPES);
const key2 = (a: number, b: number) => `${a}:${b}`;
const key3 = (a: number, b: number, c: number) => `${a}:${b}:${c}`;

type TJournal = { pk: string; book: number; skuId: number; locationId: number; occurredAt: Date; delta: TDelta };

/**
 * Applies accepted events to the canonical book and the connectors' reported books, in
 * occurredAt / sequence order, inside the caller's transaction. Positions are locked in key order
 * (FOR UPDATE) so concurrent batches on the same SKU × location serialise instead of losing updates.
 */
export async function projectEvents(client: pg.ClientBase, events: TProjectable[]): Promise<TProjectionResult> {
  const flags = new Map<string, TEventFlags>();
  const setFlag = (pk: string, f: TEventFlags) => flags.set(pk, { ...flags.get(pk), ...f });
  const ordered = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.sequence ?? 0) - (b.sequence ?? 0) || a.ord - b.ord);

  // 1. Which books each event touches.
  type TTouch = { e: TProjectable; canonical: { skuId: number; locationId: number; delta: TDelta }[]; reported: { skuId: number; locationId: number; delta: TDelta }[] };
  const touches: TTouch[] = [];
  const canonicalKeys = new Map<string, [number, number]>();
  const reportedKeys = new Map<string, [number, number, number]>();
  const snapshotQueries: { book: number; skuId: number; locationId: number; at: Date }[] = [];
  for (const e of ordered) {
    if (e.skuId === null) continue;
    const t: TTouch = { e, canonical: [], reported: [] };
    const isPhysical = PHYSICAL.has(e.type);
    const isCanonical = DEMAND.has(e.type) || (isPhysical && (e.locationAuthorityId === null || e.locationAuthorityId === e.connectorId));
    if (isPhysical && !isCanonical) setFlag(e.pk, { nonAuthoritative: true });
    if (e.type === "balance.snapshot") {
      if (e.locationId === null) continue;
      if (isCanonical) t.canonical.push({ skuId: e.skuId, locationId: e.locationId, delta: {} });
      t.reported.push({ skuId: e.skuId, locationId: e.locationId, delta: {} });
      if (isCanonical) snapshotQueries.push({ book: 0, skuId: e.skuId, locationId: e.locationId, at: e.occurredAt });
      snapshotQueries.push({ book: e.connectorId, skuId: e.skuId, locationId: e.locationId, at: e.occurredAt });
    } else {
      for (const m of movementDeltas({ type: e.type, quantity: e.quantity, disposition: e.disposition })) {
        const locationId = m.at === "location" ? e.locationId : e.toLocationId;
        if (locationId === null) continue;
        if (isCanonical) t.canonical.push({ skuId: e.skuId, locationId, delta: m.delta });
        if (isPhysical) t.reported.push({ skuId: e.skuId, locationId, delta: m.delta });
      }
    }
    for (const c of t.canonical) canonicalKeys.set(key2(c.skuId, c.locationId), [c.skuId, c.locationId]);
    for (const r of t.reported) reportedKeys.set(key3(e.connectorId, r.skuId, r.locationId), [e.connectorId, r.skuId, r.locationId]);
    if (t.canonical.length || t.reported.length) touches.push(t);
  }

  // 2. Create missing positions, then lock and load them in key order.
  const canonical = await lockBooks(client, "inventory_position", [...canonicalKeys.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([s, l]) => [0, s, l]));
  const reported = await lockBooks(client, "reported_position", [...reportedKeys.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]));

  // 3. Journal sums after each snapshot (a movement at exactly its instant is inside it).
  const journalAfter = await journalSums(client, snapshotQueries);
  // Order lines are read after their positions are locked: a batch touching the same line waits for this one.
  const lines = await loadDemandLines(client, ordered);

  // 4. Run the events over the in-memory books.
  const journal: TJournal[] = [];
  const changedCanonical = new Set<string>();
  const changedReported = new Set<string>();
  const dirtySkus = new Set<number>();
  const record = (pk: string, book: number, skuId: number, locationId: number, occurredAt: Date, delta: TDelta) => {
    if (Object.keys(delta).length > 0) journal.push({ pk, book, skuId, locationId, occurredAt, delta });
  };
  for (const { e, canonical: cs, reported: rs } of touches) {
    const skuId = e.skuId!;
    if (e.type === "balance.snapshot") {
      for (const c of cs) {
        const book = canonical.get(key3(0, c.skuId, c.locationId))!;
        const s = applySnapshot(book, e.balances ?? {}, e.occurredAt, journalAfter.get(`0:${c.skuId}:${c.locationId}:${e.occurredAt.toISOString()}`) ?? {});
        if (s.isStale) setFlag(e.pk, { staleSnapshot: true });
        changedCanonical.add(key3(0, c.skuId, c.locationId));
        dirtySkus.add(skuId);
        record(e.pk, 0, c.skuId, c.locationId, e.occurredAt, s.applied);
      }
      for (const r of rs) {
        const book = reported.get(key3(e.connectorId, r.skuId, r.locationId))!;
        const s = applySnapshot(book, e.balances ?? {}, e.occurredAt, journalAfter.get(`${e.connectorId}:${r.skuId}:${r.locationId}:${e.occurredAt.toISOString()}`) ?? {});
        if (s.isStale && cs.length === 0) setFlag(e.pk, { staleSnapshot: true });
        changedReported.add(key3(e.connectorId, r.skuId, r.locationId));
        record(e.pk, e.connectorId, r.skuId, r.locationId, e.occurredAt, s.applied);
      }
      continue;
    }
    // Orders and reservations count once per order line; a release or cancel naming an orderRef with nothing open changes nothing.
    let demand: { reserved: number } | null = null;
    if (e.orderRef && e.locationId !== null && isOrderLineType(e.type)) {
      const step = demandStep(lines.line(e.orderRef, skuId, e.locationId), e.type, e.quantity ?? 0);
      if (step?.isUnknownOrder) {
        setFlag(e.pk, { reservationConflict: "unknown_order" });
        continue;
      }
      demand = step;
    }
    for (const c of cs) {
      const k = key3(0, c.skuId, c.locationId);
      const delta = demand ? { ...c.delta, reserved: demand.reserved } : c.delta;
      const r = applyMovement(canonical.get(k)!, delta, e.occurredAt);
      if (r.isBeforeSnapshot) setFlag(e.pk, { beforeSnapshot: true });
      if (r.isReservedClamped) setFlag(e.pk, { reservationConflict: "negative_reserved" });
      changedCanonical.add(k);
      dirtySkus.add(skuId);
      record(e.pk, 0, c.skuId, c.locationId, e.occurredAt, r.applied);
    }
    for (const rp of rs) {
      const k = key3(e.connectorId, rp.skuId, rp.locationId);
      const r = applyMovement(reported.get(k)!, rp.delta, e.occurredAt);
      changedReported.add(k);
      record(e.pk, e.connectorId, rp.skuId, rp.locationId, e.occurredAt, r.applied);
    }
  }

  // 5. Write back set-based.
  await writeBooks(client, "inventory_position", canonical, changedCanonical);
  await writeBooks(client, "reported_position", reported, changedReported);
  await writeJournal(client, journal);
  await lines.write();
  await writeExposures(client, ordered);
  if (isOrderTrackingOn()) {
    // what physically happened to an order is the location's authority's word (an ERP's copy of a WMS shipment is not a second one)
    await trackOrders(client, ordered.filter((e) => !flags.get(e.pk)?.nonAuthoritative));
    await trackPartnerMessages(client, ordered);
  }
  return { flags, dirtySkuIds: [...dirtySkus].sort((a, b) => a - b), movements: journal.length };
}

/** keys: [book, sku, location]; book 0 means the canonical table (no connector column). */
async function lockBooks(client: pg.ClientBase, table: "inventory_position" | "reported_position", keys: [number, number, number][]) {
  const books = new Map<string, TBook>();
  if (keys.length === 0) return books;
  const conn = keys.map((k) => k[0]);
  const skus = keys.map((k) => k[1]);
  const locs = keys.map((k) => k[2]);
  // The locked rows come back as one JSON array (far cheaper to parse than a row per position),
  // locked in key order by the materialised CTE.
  const cols = "on_hand, reserved, allocated, in_transit, damaged, quarantine, snapshot_at, snapshot_fields";
  const asJson = `select coalesce(json_agg(json_build_array(c, s, l, ${cols})), '[]') as rows from locked`;
  let rows: [number, number, number, number, number, number, number, number, number, string | null, number][];
  if (table === "inventory_position") {
    await client.query(
      `insert into inventory_position (sku_id, location_id) select * from unnest($1::int[], $2::int[]) order by 1, 2 on conflict do nothing`,
      [skus, locs],
    );
    rows = (
      await client.query(
        `with locked as (select 0 as c, sku_id as s, location_id as l, ${cols} from inventory_position
                         where (sku_id, location_id) in (select * from unnest($1::int[], $2::int[])) order by sku_id, location_id for update)
         ${asJson}`,
        [skus, locs],
      )
    ).rows[0].rows;
  } else {
    await client.query(
      `insert into reported_position (connector_id, sku_id, location_id) select * from unnest($1::int[], $2::int[], $3::int[]) order by 1, 2, 3 on conflict do nothing`,
      [conn, skus, locs],
    );
    rows = (
      await client.query(
        `with locked as (select connector_id as c, sku_id as s, location_id as l, ${cols} from reported_position
                         where (connector_id, sku_id, location_id) in (select * from unnest($1::int[], $2::int[], $3::int[])) order by connector_id, sku_id, location_id for update)
         ${asJson}`,
        [conn, skus, locs],
      )
    ).rows[0].rows;
  }
  for (const [c, sku, l, onHand, reserved, allocated, inTransit, damaged, quarantine, snapshotAt, snapshotFields] of rows) {
    books.set(key3(c, sku, l), { onHand, reserved, allocated, inTransit, damaged, quarantine, snapshotAt: snapshotAt === null ? null : new Date(snapshotAt), snapshotFields });
  }
  return books;
}

async function journalSums(client: pg.ClientBase, queries: { book: number; skuId: number; locationId: number; at: Date }[]) {
  const sums = new Map<string, TDelta>();
  if (queries.length === 0) return sums;
  const { rows } = await client.query<{ ord: string; d: number[] }>(
    `select q.ord, array[sum(m.d_on_hand), sum(m.d_reserved), sum(m.d_allocated), sum(m.d_in_transit), sum(m.d_damaged), sum(m.d_quarantine)]::int[] as d
     from unnest($1::int[], $2::int[], $3::int[], $4::timestamptz[]) with ordinality as q(book, sku_id, location_id, at, ord)
     join movement m on m.book = q.book and m.sku_id = q.sku_id and m.location_id = q.location_id and m.occurred_at > q.at
     group by q.ord`,
    [queries.map((q) => q.book), queries.map((q) => q.skuId), queries.map((q) => q.locationId), queries.map((q) => q.at)],
  );
  for (const r of rows) {
    const q = queries[Number(r.ord) - 1]!;
    const delta: TDelta = {};
    BALANCE_FIELDS.forEach((f, i) => {
      if (r.d[i]) delta[f] = r.d[i];
    });
    sums.set(`${q.book}:${q.skuId}:${q.locationId}:${q.at.toISOString()}`, delta);
  }
  return sums;
}

// Rows go as one JSON parameter: node-pg escapes array parameters element by element in JS,
// which for eleven arrays per statement cost more than the statements themselves.
async function writeBooks(client: pg.ClientBase, table: "inventory_position" | "reported_position", books: Map<string, TBook>, changed: Set<string>) {
  if (changed.size === 0) return;
  const rows = [...changed].map((k) => {
    const [c, sku, l] = k.split(":").map(Number) as [number, number, number];
    const b = books.get(k)!;
    return [c, sku, l, b.onHand, b.reserved, b.allocated, b.inTransit, b.damaged, b.quarantine, b.snapshotAt, b.snapshotFields];
  });
  const set = `on_hand = u.on_hand, reserved = u.reserved, allocated = u.allocated, in_transit = u.in_transit, damaged = u.damaged,
               quarantine = u.quarantine, snapshot_at = u.snapshot_at, snapshot_fields = u.snapshot_fields, updated_at = now()`;
  const source = `(select (r->>0)::int as c, (r->>1)::int as s, (r->>2)::int as l, (r->>3)::int as on_hand, (r->>4)::int as reserved,
                          (r->>5)::int as allocated, (r->>6)::int as in_transit, (r->>7)::int as damaged, (r->>8)::int as quarantine,
                          (r->>9)::timestamptz as snapshot_at, (r->>10)::int as snapshot_fields
                   from json_array_elements($1::json) as r) as u`;
  const params = [JSON.stringify(rows)];
  if (table === "inventory_position") {
    await client.query(`update inventory_position p set ${set}, rev = p.rev + 1 from ${source} where p.sku_id = u.s and p.location_id = u.l`, params);
  } else {
    await client.query(`update reported_position p set ${set} from ${source} where p.connector_id = u.c and p.sku_id = u.s and p.location_id = u.l`, params);
  }
}

async function writeJournal(client: pg.ClientBase, journal: TJournal[]) {
  if (journal.length === 0) return;
  const rows = journal.map((j) => [j.pk, j.book, j.skuId, j.locationId, j.occurredAt, ...BALANCE_FIELDS.map((f) => j.delta[f] ?? 0)]);
  await client.query(
    `insert into movement (event_pk, book, sku_id, location_id, occurred_at, d_on_hand, d_reserved, d_allocated, d_in_transit, d_damaged, d_quarantine)
     select (r->>0)::bigint, (r->>1)::int, (r->>2)::int, (r->>3)::int, (r->>4)::timestamptz, (r->>5)::int, (r->>6)::int, (r->>7)::int,
            (r->>8)::int, (r->>9)::int, (r->>10)::int
     from json_array_elements($1::json) as r`,
    [JSON.stringify(rows)],
  );
}

/** Latest quantity per channel location (by occurredAt), then their sum into channel_position.exposed. */
async function writeExposures(client: pg.ClientBase, events: TProjectable[]) {
  const latest = new Map<string, TProjectable>();
  for (const e of events) {
    if ((e.type !== "channel.quantity.published" && e.type !== "channel.quantity.observed") || e.skuId === null || e.channelId === null) continue;
    const k = `${e.channelId}:${e.skuId}:${e.channelLocation}`;
    const seen = latest.get(k);
    if (!seen || seen.occurredAt.getTime() <= e.occurredAt.getTime()) latest.set(k, e);
  }
  if (latest.size === 0) return;
  const rows = [...latest.values()].sort((a, b) => a.skuId! - b.skuId! || a.channelId! - b.channelId! || a.channelLocation.localeCompare(b.channelLocation));
  await client.query(
    `insert into channel_exposure (channel_id, sku_id, channel_location, quantity, occurred_at, event_pk)
     select * from unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::timestamptz[], $6::bigint[])
     on conflict (channel_id, sku_id, channel_location) do update
       set quantity = excluded.quantity, occurred_at = excluded.occurred_at, event_pk = excluded.event_pk
       where excluded.occurred_at >= channel_exposure.occurred_at`,
    [rows.map((e) => e.channelId), rows.map((e) => e.skuId), rows.map((e) => e.channelLocation), rows.map((e) => e.quantity ?? 0), rows.map((e) => e.occurredAt), rows.map((e) => e.pk)],
  );
  const pairs = [...new Map(rows.map((e) => [`${e.skuId}:${e.channelId}`, [e.skuId!, e.channelId!] as const])).values()];
  // Locked in (sku, channel) order, the same order the targets worker uses, so the two never deadlock.
  await client.query(
    `insert into channel_position (sku_id, channel_id, exposed, exposed_at)
     select x.sku_id, x.channel_id, sum(x.quantity)::int, max(x.occurred_at)
     from channel_exposure x join unnest($1::int[], $2::int[]) as p(sku_id, channel_id) on x.sku_id = p.sku_id and x.channel_id = p.channel_id
     group by x.sku_id, x.channel_id order by x.sku_id, x.channel_id
     on conflict (sku_id, channel_id) do update set exposed = excluded.exposed, exposed_at = excluded.exposed_at`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}
