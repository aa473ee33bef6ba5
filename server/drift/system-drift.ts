import { Prisma } from "@prisma/client";
import { z } from "zod";
import { db, type TTx } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import { skuSearchSql } from "./channel-drift";
import type { TDriftFilters, TSystemDriftItem } from "./drift.types";
import { decodeCursor, pageOf, type TPage } from "./paging";

// System drift reads system_drift (kept by the system-drift worker from the ERP and WMS books)
// with raw SQL, so the ranking matches the expression index system_drift_rank_idx.

const KEY = Prisma.sql`(-abs(sd.erp_on_hand - sd.wms_on_hand))`;

/** WHERE conditions for system_drift `sd` (joined to sku `s` where a filter needs it). */
function conditions(f: TDriftFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`true`];
  if (f.sku) where.push(Prisma.sql`sd.sku_id = (select id from sku where code = ${f.sku})`);
  if (f.q) where.push(Prisma.sql`sd.sku_id in ${skuSearchSql(f.q)}`);
  if (f.location) where.push(Prisma.sql`sd.location_id = (select id from location where code = ${f.location})`);
  if (f.channel) where.push(Prisma.sql`sd.location_id in (select cl.location_id from channel_location cl join channel ch on ch.id = cl.channel_id where ch.code = ${f.channel})`);
  if (f.category) where.push(Prisma.sql`sd.sku_id in (select id from sku where category = ${f.category})`);
  if (f.sign === "positive") where.push(Prisma.sql`sd.erp_on_hand > sd.wms_on_hand`);
  if (f.sign === "negative") where.push(Prisma.sql`sd.erp_on_hand < sd.wms_on_hand`);
  if (f.minDrift) where.push(Prisma.sql`${KEY} <= ${-f.minDrift}::int`);
  return where;
}

const ZSystemCursor = z.tuple([z.number().int(), z.string(), z.string()]);

export function systemDriftSql(input: TDriftFilters & { limit: number; cursor?: string }): Prisma.Sql {
  const where = conditions(input);
  const cursor = decodeCursor(input.cursor, ZSystemCursor);
  if (cursor) {
    const [k, sku, location] = cursor;
    where.push(Prisma.sql`(${KEY}, sd.sku_code) >= (${k}::int, ${sku})`);
    where.push(Prisma.sql`not (${KEY} = ${k}::int and sd.sku_code = ${sku} and l.code <= ${location})`);
  }
  return Prisma.sql`
    select sd.sku_code as sku, s.name as sku_name, l.code as location, sd.erp_on_hand as erp, sd.wms_on_hand as wms
    from system_drift sd
    join sku s on s.id = sd.sku_id
    join location l on l.id = sd.location_id
    where ${Prisma.join(where, " and ")}
    order by ${KEY}, sd.sku_code, l.code
    limit ${input.limit + 1}`;
}

/** A row per SKU × location where an ERP and a WMS both reported: erpOnHand − wmsOnHand, largest |drift| first. */
export async function listSystemDrift(input: TDriftFilters & { limit: number; cursor?: string }, tx: TTx = db): Promise<TPage<TSystemDriftItem>> {
  const rows = await tx.$queryRaw<{ sku: string; sku_name: string | null; location: string; erp: number; wms: number }[]>(systemDriftSql(input));
  const items = rows.map((r) => ({ sku: r.sku, skuName: r.sku_name, location: r.location, erpOnHand: r.erp, wmsOnHand: r.wms, drift: r.erp - r.wms }));
  return pageOf(items, input.limit, (r) => [-Math.abs(r.drift), r.sku, r.location]);
}

export type TSystemTotal = { location: string; driftingRows: number; erpAboveUnits: number; wmsAboveUnits: number };

/** Per location: the pairs that differ, and by how many units each way (off system_drift_drifting_idx). */
export async function systemDriftTotals(filters: TDriftFilters, tx: TTx = db): Promise<TSystemTotal[]> {
  const where = conditions(filters);
  where.push(Prisma.sql`sd.erp_on_hand <> sd.wms_on_hand`);
  const rows = await tx.$queryRaw<{ location: string; drifting: bigint; erp_above: bigint | null; wms_above: bigint | null }[]>`
    select l.code as location, t.drifting, t.erp_above, t.wms_above
    from (
      select sd.location_id, count(*) as drifting,
        sum(greatest(sd.erp_on_hand - sd.wms_on_hand, 0))::int8 as erp_above, sum(greatest(sd.wms_on_hand - sd.erp_on_hand, 0))::int8 as wms_above
      from system_drift sd
      where ${Prisma.join(where, " and ")}
      group by sd.location_id
    ) t join location l on l.id = t.location_id
    order by l.code`;
  return rows.map((r) => ({ location: r.location, driftingRows: Number(r.drifting), erpAboveUnits: Number(r.erp_above ?? 0), wmsAboveUnits: Number(r.wms_above ?? 0) }));
}

export const SYSTEM_DRIFT_BATCH = 5_000;

/**
 * Recomputes the SKU × locations of up to one batch of queue marks from the committed books, in
 * one statement: the ERP and the WMS on hand (the book updated last speaks for each kind), a row
 * where both exist, none where either is missing. The marks are taken in the statement that reads
 * the books, so every change whose mark it took is visible to it; a change committed later leaves
 * a new mark. Marks another worker holds are skipped. Returns how many marks it took and how
 * many SKU × locations they named.
 */
export async function refreshSystemDriftBatch(tx: TTx = db, batch = SYSTEM_DRIFT_BATCH): Promise<{ marks: number; pairs: number }> {
  const rows = await tx.$queryRaw<{ marks: bigint; pairs: bigint }[]>`
    with taken as (
      delete from system_drift_dirty where id = any(array(select id from system_drift_dirty order by id limit ${batch} for update skip locked))
      returning sku_id, location_id
    ), pairs as (
      select b.sku_id, b.location_id,
        (select rp.on_hand from reported_position rp join connector c on c.id = rp.connector_id
          where rp.sku_id = b.sku_id and rp.location_id = b.location_id and c.kind = 'erp' order by rp.updated_at desc, rp.connector_id limit 1) as erp,
        (select rp.on_hand from reported_position rp join connector c on c.id = rp.connector_id
          where rp.sku_id = b.sku_id and rp.location_id = b.location_id and c.kind = 'wms' order by rp.updated_at desc, rp.connector_id limit 1) as wms
      from (select distinct sku_id, location_id from taken) b
    ), unpaired as (
      delete from system_drift sd using pairs p where sd.sku_id = p.sku_id and sd.location_id = p.location_id and (p.erp is null or p.wms is null)
    ), paired as (
      insert into system_drift (sku_id, location_id, sku_code, erp_on_hand, wms_on_hand, updated_at)
      select p.sku_id, p.location_id, s.code, p.erp, p.wms, now() from pairs p join sku s on s.id = p.sku_id
      where p.erp is not null and p.wms is not null
      order by 1, 2
      on conflict (sku_id, location_id) do update
        set sku_code = excluded.sku_code, erp_on_hand = excluded.erp_on_hand, wms_on_hand = excluded.wms_on_hand, updated_at = excluded.updated_at
        where (system_drift.sku_code, system_drift.erp_on_hand, system_drift.wms_on_hand) is distinct from (excluded.sku_code, excluded.erp_on_hand, excluded.wms_on_hand)
    )
    select (select count(*) from taken) as marks, (select count(*) from pairs) as pairs`;
  return { marks: Number(rows[0]!.marks), pairs: Number(rows[0]!.pairs) };
}

/** Drains the whole queue (tests, and the worker's catch-up); returns the SKU × locations recomputed. */
export async function refreshSystemDrift(tx: TTx = db): Promise<number> {
  let total = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const { marks, pairs } = await refreshSystemDriftBatch(tx);
    total += pairs;
    if (marks < SYSTEM_DRIFT_BATCH) return total;
  }
  throw new AppError("internal_error", "system drift queue did not drain");
}

export type TSystemCoverage = { pendingPairs: number; erpReports: boolean; wmsReports: boolean };

/**
 * Why the system view may be empty: SKU × locations the worker has still to compare, and whether
 * an ERP and a WMS connector have reported physical stock at all.
 */
export async function systemDriftCoverage(tx: TTx = db): Promise<TSystemCoverage> {
  const [row] = await tx.$queryRaw<{ pending: bigint; erp: boolean; wms: boolean }[]>`
    select (select count(*) from (select distinct sku_id, location_id from (select sku_id, location_id from system_drift_dirty limit 1000000) m) d) as pending,
           exists (select 1 from reported_position p join connector c on c.id = p.connector_id where c.kind = 'erp') as erp,
           exists (select 1 from reported_position p join connector c on c.id = p.connector_id where c.kind = 'wms') as wms`;
  return { pendingPairs: Number(row!.pending), erpReports: row!.erp, wmsReports: row!.wms };
}
