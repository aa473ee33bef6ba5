import { Prisma } from "@prisma/client";
import { z } from "zod";
import { db, type TTx } from "@/server/db";
import { skuSearchSql } from "./channel-drift";
import type { TDriftFilters, TSystemDriftItem } from "./drift.types";
import { decodeCursor, pageOf, type TPage } from "./paging";

// System drift pairs each SKU × location's ERP book with its WMS book (connector.kind), in SQL:
// the pairing and the ranking are one aggregate over reported_position.

/** The ERP and WMS on-hand per SKU × location where both kinds reported (`b`, joined to sku `s` and location `l`). */
function pairsSql(f: TDriftFilters) {
  const inner: Prisma.Sql[] = [Prisma.sql`c.kind in ('erp', 'wms')`];
  if (f.sku) inner.push(Prisma.sql`rp.sku_id = (select id from sku where code = ${f.sku})`);
  if (f.q) inner.push(Prisma.sql`rp.sku_id in ${skuSearchSql(f.q)}`);
  if (f.location) inner.push(Prisma.sql`rp.location_id = (select id from location where code = ${f.location})`);
  if (f.channel) inner.push(Prisma.sql`rp.location_id in (select cl.location_id from channel_location cl join channel ch on ch.id = cl.channel_id where ch.code = ${f.channel})`);
  // With several connectors of one kind at a location, the book updated last speaks for it.
  return Prisma.sql`(
    select rp.sku_id, rp.location_id,
      (array_agg(rp.on_hand order by rp.updated_at desc, rp.connector_id) filter (where c.kind = 'erp'))[1] as erp,
      (array_agg(rp.on_hand order by rp.updated_at desc, rp.connector_id) filter (where c.kind = 'wms'))[1] as wms
    from reported_position rp join connector c on c.id = rp.connector_id
    where ${Prisma.join(inner, " and ")}
    group by rp.sku_id, rp.location_id
  )`;
}

function outerConditions(f: TDriftFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`b.erp is not null and b.wms is not null`];
  if (f.category) where.push(Prisma.sql`s.category = ${f.category}`);
  if (f.sign === "positive") where.push(Prisma.sql`b.erp > b.wms`);
  if (f.sign === "negative") where.push(Prisma.sql`b.erp < b.wms`);
  if (f.minDrift) where.push(Prisma.sql`abs(b.erp - b.wms) >= ${f.minDrift}::int`);
  return where;
}

const ZSystemCursor = z.tuple([z.number().int(), z.string(), z.string()]);

export async function listSystemDrift(input: TDriftFilters & { limit: number; cursor?: string }, tx: TTx = db): Promise<TPage<TSystemDriftItem>> {
  const where = outerConditions(input);
  const cursor = decodeCursor(input.cursor, ZSystemCursor);
  if (cursor) where.push(Prisma.sql`(-abs(b.erp - b.wms), s.code, l.code) > (${cursor[0]}::int, ${cursor[1]}, ${cursor[2]})`);
  const rows = await tx.$queryRaw<{ sku: string; sku_name: string | null; location: string; erp: number; wms: number }[]>`
    select s.code as sku, s.name as sku_name, l.code as location, b.erp, b.wms
    from ${pairsSql(input)} b
    join sku s on s.id = b.sku_id
    join location l on l.id = b.location_id
    where ${Prisma.join(where, " and ")}
    order by -abs(b.erp - b.wms), s.code, l.code
    limit ${input.limit + 1}`;
  const items = rows.map((r) => ({ sku: r.sku, skuName: r.sku_name, location: r.location, erpOnHand: r.erp, wmsOnHand: r.wms, drift: r.erp - r.wms }));
  return pageOf(items, input.limit, (r) => [-Math.abs(r.drift), r.sku, r.location]);
}

export type TSystemTotal = { location: string; pairs: number; driftingRows: number; erpAboveUnits: number; wmsAboveUnits: number };

/** Per location: SKU pairs compared, those that differ, and by how many units each way. */
export async function systemDriftTotals(filters: TDriftFilters, tx: TTx = db): Promise<TSystemTotal[]> {
  const where = outerConditions(filters);
  const rows = await tx.$queryRaw<{ location: string; pairs: bigint; drifting: bigint; erp_above: bigint | null; wms_above: bigint | null }[]>`
    select l.code as location, count(*) as pairs, count(*) filter (where b.erp <> b.wms) as drifting,
      sum(greatest(b.erp - b.wms, 0))::int8 as erp_above, sum(greatest(b.wms - b.erp, 0))::int8 as wms_above
    from ${pairsSql(filters)} b
    join sku s on s.id = b.sku_id
    join location l on l.id = b.location_id
    where ${Prisma.join(where, " and ")}
    group by l.code
    order by l.code`;
  return rows.map((r) => ({
    location: r.location,
    pairs: Number(r.pairs),
    driftingRows: Number(r.drifting),
    erpAboveUnits: Number(r.erp_above ?? 0),
    wmsAboveUnits: Number(r.wms_above ?? 0),
  }));
}
