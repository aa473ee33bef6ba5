import { Prisma } from "@prisma/client";
import { z } from "zod";
import { db, type TTx } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import { canUseStoredTotals, storedChannelTotals } from "./channel-totals";
import type { DRIFT_SORTS, TChannelDriftItem, TDriftFilters } from "./drift.types";
import { decodeCursor, iso, likePrefix, pageOf, type TPage } from "./paging";

// Channel drift reads channel_drift (the drift worker's copy of channel_position's rows with an
// exposure) with raw SQL: the ranking must match the expression indexes of migration
// channel_drift_mirror exactly, and Prisma cannot order by an expression.

type TSort = (typeof DRIFT_SORTS)[number];

/** The sort key as written in the index (`-|drift|` or `target − exposed`, both ascending). */
function sortKey(sort: TSort) {
  return sort === "risk" ? Prisma.sql`(cp.target - cp.exposed)` : Prisma.sql`(-abs(cp.exposed - cp.target))`;
}

const ZChannelCursor = z.tuple([z.enum(["drift", "risk"]), z.number().int(), z.string(), z.string()]);

/** SKU ids whose code, UPC or an alias starts with the term (the `q=` search). */
export function skuSearchSql(q: string) {
  const prefix = likePrefix(q);
  return Prisma.sql`(select id from sku where code like ${prefix} union select id from sku where upc like ${prefix} union select sku_id from sku_alias where alias like ${prefix})`;
}

/** WHERE conditions for channel_drift `cp` (joined to sku `s` and channel `ch`). */
export function channelFilterConditions(f: TDriftFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`true`];
  if (f.sku) where.push(Prisma.sql`cp.sku_id = (select id from sku where code = ${f.sku})`);
  if (f.q) where.push(Prisma.sql`cp.sku_id in ${skuSearchSql(f.q)}`);
  if (f.channel) where.push(Prisma.sql`cp.channel_id = (select id from channel where code = ${f.channel})`);
  if (f.location) {
    where.push(Prisma.sql`cp.channel_id in (select cl.channel_id from channel_location cl join location l on l.id = cl.location_id where l.code = ${f.location})`);
  }
  if (f.category) where.push(Prisma.sql`s.category = ${f.category}`);
  if (f.sign === "positive") where.push(Prisma.sql`cp.exposed > cp.target`);
  if (f.sign === "negative") where.push(Prisma.sql`cp.exposed < cp.target`);
  // Written on the ranking expression so the index range starts at the threshold.
  if (f.minDrift) where.push(Prisma.sql`(-abs(cp.exposed - cp.target)) <= ${-f.minDrift}::int`);
  return where;
}

type TChannelRow = { sku: string; sku_name: string | null; channel: string; target: number; exposed: number; exposed_at: Date | null };

type TChannelDriftInput = TDriftFilters & { sort: TSort; limit: number; cursor?: string };

/** The ranked, filtered, keyset-paged channel drift query (shared with the benchmark's baseline). */
export function channelDriftSql(input: TChannelDriftInput): Prisma.Sql {
  const key = sortKey(input.sort);
  const where = channelFilterConditions(input);
  const cursor = decodeCursor(input.cursor, ZChannelCursor);
  if (cursor) {
    const [sort, k, sku, channel] = cursor;
    if (sort !== input.sort) throw new AppError("invalid_query", "cursor: it belongs to another sort order; start again without a cursor.");
    // A row comparison on the index's own columns starts the scan at the cursor; the last
    // condition skips the cursor's SKU's channels up to and including the one already shown.
    where.push(Prisma.sql`(${key}, cp.sku_code) >= (${k}::int, ${sku})`);
    where.push(Prisma.sql`not (${key} = ${k}::int and cp.sku_code = ${sku} and ch.code <= ${channel})`);
  }
  return Prisma.sql`
    select cp.sku_code as sku, s.name as sku_name, ch.code as channel, cp.target, cp.exposed, cp.exposed_at
    from channel_drift cp
    join channel ch on ch.id = cp.channel_id
    join sku s on s.id = cp.sku_id
    where ${Prisma.join(where, " and ")}
    order by ${key}, cp.sku_code, ch.code
    limit ${input.limit + 1}`;
}

export async function listChannelDrift(input: TChannelDriftInput, tx: TTx = db): Promise<TPage<TChannelDriftItem>> {
  const rows = await tx.$queryRaw<TChannelRow[]>(channelDriftSql(input));
  const items = rows.map((r) => ({
    sku: r.sku,
    skuName: r.sku_name,
    channel: r.channel,
    target: r.target,
    exposed: r.exposed,
    drift: r.exposed - r.target,
    exposedAt: iso(r.exposed_at),
  }));
  return pageOf(items, input.limit, (r) => [input.sort, input.sort === "risk" ? -r.drift : -Math.abs(r.drift), r.sku, r.channel]);
}

export type TChannelTotal = { channel: string; driftingRows: number; oversellRows: number; oversellUnits: number; lostRows: number; lostUnits: number };

/** Per channel, the rows that drift and their units (shared with the benchmark's baseline). */
export function channelTotalsSql(filters: TDriftFilters): Prisma.Sql {
  const where = channelFilterConditions(filters);
  // Matches the partial index channel_drift_drifting_idx (an index-only scan when unfiltered).
  where.push(Prisma.sql`cp.exposed <> cp.target`);
  // Aggregated by channel_id straight off the index (sorted, no hash), then named.
  return Prisma.sql`
    select ch.code as channel, t.drifting, t.oversell_rows, t.oversell_units, t.lost_rows, t.lost_units
    from (
      select cp.channel_id, count(*) as drifting,
        count(*) filter (where cp.exposed > cp.target) as oversell_rows, sum(greatest(cp.exposed - cp.target, 0))::int8 as oversell_units,
        count(*) filter (where cp.exposed < cp.target) as lost_rows, sum(greatest(cp.target - cp.exposed, 0))::int8 as lost_units
      from channel_drift cp
      ${filters.category ? Prisma.sql`join sku s on s.id = cp.sku_id` : Prisma.empty}
      where ${Prisma.join(where, " and ")}
      group by cp.channel_id
    ) t
    join channel ch on ch.id = t.channel_id
    order by ch.code`;
}

/** Per channel, the rows that drift and their units, under the same filters as the list. */
export async function channelDriftTotals(filters: TDriftFilters, tx: TTx = db): Promise<TChannelTotal[]> {
  if (canUseStoredTotals(filters)) return storedChannelTotals(filters, tx);
  return aggregateChannelTotals(filters, tx);
}

/** The same totals aggregated from channel_drift (for filters that choose SKUs or rows). */
export async function aggregateChannelTotals(filters: TDriftFilters, tx: TTx = db): Promise<TChannelTotal[]> {
  const rows = await tx.$queryRaw<{ channel: string; drifting: bigint; oversell_rows: bigint; oversell_units: bigint | null; lost_rows: bigint; lost_units: bigint | null }[]>(channelTotalsSql(filters));
  return rows.map((r) => ({
    channel: r.channel,
    driftingRows: Number(r.drifting),
    oversellRows: Number(r.oversell_rows),
    oversellUnits: Number(r.oversell_units ?? 0),
    lostRows: Number(r.lost_rows),
    lostUnits: Number(r.lost_units ?? 0),
  }));
}

export type THeatCell = { channel: string; target: number; exposed: number | null; drift: number | null };
export type THeatRow = { sku: string; cells: THeatCell[] };

/** Every channel's position for the given SKUs (in the given order): the heat map's rows. */
export function heatmapSql(skuCodes: string[]): Prisma.Sql {
  return Prisma.sql`
    select s.code as sku, ch.code as channel, cp.target, cp.exposed
    from sku s
    join channel_position cp on cp.sku_id = s.id
    join channel ch on ch.id = cp.channel_id
    where s.code = any(${skuCodes}::text[])`;
}

export async function channelHeatmap(skuCodes: string[], tx: TTx = db): Promise<THeatRow[]> {
  if (skuCodes.length === 0) return [];
  const rows = await tx.$queryRaw<{ sku: string; channel: string; target: number; exposed: number | null }[]>(heatmapSql(skuCodes));
  const bySku = new Map<string, THeatCell[]>(skuCodes.map((c) => [c, []]));
  for (const r of rows) bySku.get(r.sku)?.push({ channel: r.channel, target: r.target, exposed: r.exposed, drift: r.exposed === null ? null : r.exposed - r.target });
  return skuCodes.map((sku) => ({ sku, cells: bySku.get(sku)!.sort((a, b) => (a.channel < b.channel ? -1 : 1)) }));
}
