// The numbers a replay changes: canonical positions (SKU × location) and channel targets (SKU ×
// channel), read before and after a dry run, turned into effects and into the plan's basis (the
// revisions an apply checks, to refuse a plan whose book moved since).
import type pg from "pg";
import { pgPool } from "@/server/db";
import { BALANCE_FIELDS, type TBalanceField } from "@/server/ingest/event-log";
import type { TEffect } from "./replay.types";
import { targetsAfterDryRun } from "./targets-seam";

const COLUMN: Record<TBalanceField, string> = { onHand: "on_hand", reserved: "reserved", allocated: "allocated", inTransit: "in_transit", damaged: "damaged", quarantine: "quarantine" };
const FIELDS_SQL = BALANCE_FIELDS.map((f) => `p.${COLUMN[f]} as "${f}"`).join(", ");

type TPositionRow = Record<TBalanceField, number> & { skuId: number; locationId: number; sku: string; location: string; rev: string };

/** [skuId, locationId or channelId, rev]: rev 0 stands for a row that does not exist yet. */
export type TBasisEntry = [number, number, string];
export type TBasis = { positions: TBasisEntry[]; targets: TBasisEntry[] };

/**
 * The canonical positions this transaction changed, as it sees them now: every (SKU, location)
 * the applied events name, kept when this transaction wrote the row (its xmin is ours).
 */
export async function positionsWrittenHere(client: pg.ClientBase, eventPks: string[]): Promise<TPositionRow[]> {
  if (eventPks.length === 0) return [];
  const { rows } = await client.query<TPositionRow>(
    `with k as (
       select distinct e.sku_id, l.location_id
       from event e cross join lateral (values (e.location_id), (e.to_location_id)) as l(location_id)
       where e.id = any($1::bigint[]) and e.sku_id is not null and l.location_id is not null)
     select p.sku_id as "skuId", p.location_id as "locationId", s.code as sku, lo.code as location, ${FIELDS_SQL}, p.rev::text as rev
     from k join inventory_position p on p.sku_id = k.sku_id and p.location_id = k.location_id
     join sku s on s.id = p.sku_id join location lo on lo.id = p.location_id
     where p.xmin = pg_current_xact_id()::xid
     order by s.code, lo.code`,
    [eventPks],
  );
  return rows;
}

/**
 * The committed state of positions, read on another connection while the dry run holds their row
 * locks (the projection locks every position it writes), so it is exactly what the dry run started from.
 */
async function committedPositions(keys: { skuId: number; locationId: number }[]) {
  const { rows } = await pgPool().query<TPositionRow>(
    `select u.sku_id as "skuId", u.location_id as "locationId", ${BALANCE_FIELDS.map((f) => `coalesce(p.${COLUMN[f]}, 0) as "${f}"`).join(", ")}, coalesce(p.rev, 0)::text as rev
     from unnest($1::int[], $2::int[]) as u(sku_id, location_id)
     left join inventory_position p on p.sku_id = u.sku_id and p.location_id = u.location_id`,
    [keys.map((k) => k.skuId), keys.map((k) => k.locationId)],
  );
  return new Map(rows.map((r) => [`${r.skuId}:${r.locationId}`, r]));
}

/** Book effects per SKU × location × field (only fields that change), and the positions' revisions. */
export async function bookEffects(client: pg.ClientBase, appliedPks: string[]): Promise<{ effects: TEffect[]; basis: TBasisEntry[] }> {
  const after = await positionsWrittenHere(client, appliedPks);
  if (after.length === 0) return { effects: [], basis: [] };
  const before = await committedPositions(after);
  const effects: TEffect[] = [];
  const basis: TBasisEntry[] = [];
  for (const a of after) {
    const b = before.get(`${a.skuId}:${a.locationId}`)!;
    basis.push([a.skuId, a.locationId, b.rev]);
    for (const field of BALANCE_FIELDS) {
      if (a[field] !== b[field]) effects.push({ sku: a.sku, location: a.location, field, before: b[field], after: a[field] });
    }
  }
  return { effects, basis };
}

/** Target effects per SKU × channel for the SKUs whose book the dry run changed, and their revisions. */
export async function targetEffects(client: pg.ClientBase, skuIds: number[]): Promise<{ effects: TEffect[]; basis: TBasisEntry[] }> {
  if (skuIds.length === 0) return { effects: [], basis: [] };
  const after = await targetsAfterDryRun(client, skuIds);
  if (after.length === 0) return { effects: [], basis: [] };
  const { rows } = await pgPool().query<{ skuId: number; channelId: number; sku: string; channel: string; target: number; rev: string }>(
    `select u.sku_id as "skuId", u.channel_id as "channelId", s.code as sku, c.code as channel, coalesce(p.target, 0) as target, coalesce(p.rev, 0)::text as rev
     from unnest($1::int[], $2::int[]) as u(sku_id, channel_id)
     join sku s on s.id = u.sku_id join channel c on c.id = u.channel_id
     left join channel_position p on p.sku_id = u.sku_id and p.channel_id = u.channel_id`,
    [after.map((t) => t.skuId), after.map((t) => t.channelId)],
  );
  const before = new Map(rows.map((r) => [`${r.skuId}:${r.channelId}`, r]));
  const effects: TEffect[] = [];
  const basis: TBasisEntry[] = [];
  for (const t of after) {
    const b = before.get(`${t.skuId}:${t.channelId}`);
    if (!b || b.target === t.after) continue;
    effects.push({ sku: b.sku, channel: b.channel, field: "target", before: b.target, after: t.after });
    basis.push([t.skuId, t.channelId, b.rev]);
  }
  effects.sort((x, y) => x.sku.localeCompare(y.sku) || x.channel!.localeCompare(y.channel!));
  return { effects, basis };
}

/**
 * The positions and targets of a basis that moved since it was taken. Positions are locked in key
 * order (the projection's order) so nothing moves between this check and the apply that follows.
 */
export async function movedSinceBasis(client: pg.ClientBase, basis: TBasis): Promise<{ sku: string; location?: string; channel?: string }[]> {
  const moved: { sku: string; location?: string; channel?: string }[] = [];
  if (basis.positions.length) {
    const sorted = [...basis.positions].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const { rows } = await client.query<{ sku_id: number; location_id: number; rev: string }>(
      `select sku_id, location_id, rev::text as rev from inventory_position
       where (sku_id, location_id) in (select * from unnest($1::int[], $2::int[])) order by sku_id, location_id for update`,
      [sorted.map((p) => p[0]), sorted.map((p) => p[1])],
    );
    const now = new Map(rows.map((r) => [`${r.sku_id}:${r.location_id}`, r.rev]));
    const changed = sorted.filter(([s, l, rev]) => (now.get(`${s}:${l}`) ?? "0") !== rev);
    if (changed.length) moved.push(...(await describeKeys(client, "location", changed)).map(([sku, location]) => ({ sku, location })));
  }
  if (basis.targets.length) {
    const { rows } = await client.query<{ sku_id: number; channel_id: number; rev: string }>(
      `select sku_id, channel_id, rev::text as rev from channel_position where (sku_id, channel_id) in (select * from unnest($1::int[], $2::int[]))`,
      [basis.targets.map((t) => t[0]), basis.targets.map((t) => t[1])],
    );
    const now = new Map(rows.map((r) => [`${r.sku_id}:${r.channel_id}`, r.rev]));
    const changed = basis.targets.filter(([s, c, rev]) => (now.get(`${s}:${c}`) ?? "0") !== rev);
    if (changed.length) moved.push(...(await describeKeys(client, "channel", changed)).map(([sku, channel]) => ({ sku, channel })));
  }
  return moved;
}

async function describeKeys(client: pg.ClientBase, table: "location" | "channel", keys: TBasisEntry[]): Promise<[string, string][]> {
  const { rows } = await client.query<{ sku: string; code: string }>(
    `select s.code as sku, t.code from unnest($1::int[], $2::int[]) with ordinality as u(sku_id, other_id, ord)
     join sku s on s.id = u.sku_id join ${table} t on t.id = u.other_id order by u.ord limit 20`,
    [keys.map((k) => k[0]), keys.map((k) => k[1])],
  );
  return rows.map((r) => [r.sku, r.code]);
}
