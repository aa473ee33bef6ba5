import { Prisma } from "@prisma/client";
import { z } from "zod";
import { db, type TTx } from "@/server/db";
import { decodeCursor, iso, pageOf, ZCursor, ZLimit, type TPage } from "@/server/drift/paging";
import { ZCode } from "@/server/master-data/master-data.types";

// The read side of the book (the projection, which writes it, lives beside this file).

export const ZInventoryQuery = z.object({
  sku: ZCode.optional().describe("exact SKU code"),
  location: ZCode.optional(),
  limit: ZLimit,
  cursor: ZCursor.optional(),
});
export type TInventoryQuery = z.infer<typeof ZInventoryQuery>;

export const ZInventoryItem = z.object({
  sku: z.string(),
  location: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  allocated: z.number().int(),
  inTransit: z.number().int(),
  damaged: z.number().int(),
  quarantine: z.number().int(),
  atp: z.number().int().describe("onHand − reserved − allocated; may be negative"),
  asOf: z.string().describe("when this position last changed"),
});
export type TInventoryItem = z.infer<typeof ZInventoryItem>;
export const ZInventoryPage = z.object({ items: z.array(ZInventoryItem), nextCursor: z.string().nullable() });

type TBookRow = { sku: string; location: string; on_hand: number; reserved: number; allocated: number; in_transit: number; damaged: number; quarantine: number; updated_at: Date };

function toItem(r: TBookRow): TInventoryItem {
  return {
    sku: r.sku,
    location: r.location,
    onHand: r.on_hand,
    reserved: r.reserved,
    allocated: r.allocated,
    inTransit: r.in_transit,
    damaged: r.damaged,
    quarantine: r.quarantine,
    atp: r.on_hand - r.reserved - r.allocated,
    asOf: iso(r.updated_at)!,
  };
}

const ZInventoryCursor = z.tuple([z.string(), z.string()]);

/** The canonical book per SKU × location, ordered by SKU code then location code. */
export async function listInventory(input: TInventoryQuery, tx: TTx = db): Promise<TPage<TInventoryItem>> {
  const where: Prisma.Sql[] = [Prisma.sql`true`];
  if (input.sku) where.push(Prisma.sql`ip.sku_id = (select id from sku where code = ${input.sku})`);
  if (input.location) where.push(Prisma.sql`ip.location_id = (select id from location where code = ${input.location})`);
  const cursor = decodeCursor(input.cursor, ZInventoryCursor);
  if (cursor) where.push(Prisma.sql`(s.code, l.code) > (${cursor[0]}, ${cursor[1]})`);
  const rows = await tx.$queryRaw<TBookRow[]>`
    select s.code as sku, l.code as location, ip.on_hand, ip.reserved, ip.allocated, ip.in_transit, ip.damaged, ip.quarantine, ip.updated_at
    from inventory_position ip
    join sku s on s.id = ip.sku_id
    join location l on l.id = ip.location_id
    where ${Prisma.join(where, " and ")}
    order by s.code, l.code
    limit ${input.limit + 1}`;
  return pageOf(rows.map(toItem), input.limit, (r) => [r.sku, r.location]);
}

export type TReportedBook = { connector: string; connectorKind: string; location: string; onHand: number; reserved: number; allocated: number; inTransit: number; damaged: number; quarantine: number; asOf: string };

/** One SKU's canonical book at every location, and what each connector reports there. */
export async function skuBooks(skuId: number, tx: TTx = db) {
  const [canonical, reported] = await Promise.all([
    tx.$queryRaw<TBookRow[]>`
      select s.code as sku, l.code as location, ip.on_hand, ip.reserved, ip.allocated, ip.in_transit, ip.damaged, ip.quarantine, ip.updated_at
      from inventory_position ip join sku s on s.id = ip.sku_id join location l on l.id = ip.location_id
      where ip.sku_id = ${skuId}
      order by l.code`,
    tx.$queryRaw<(Omit<TBookRow, "sku"> & { connector: string; connector_kind: string })[]>`
      select c.code as connector, c.kind as connector_kind, l.code as location, rp.on_hand, rp.reserved, rp.allocated, rp.in_transit, rp.damaged, rp.quarantine, rp.updated_at
      from reported_position rp join connector c on c.id = rp.connector_id join location l on l.id = rp.location_id
      where rp.sku_id = ${skuId}
      order by l.code, c.code`,
  ]);
  return {
    canonical: canonical.map(toItem),
    reported: reported.map((r): TReportedBook => ({
      connector: r.connector,
      connectorKind: r.connector_kind,
      location: r.location,
      onHand: r.on_hand,
      reserved: r.reserved,
      allocated: r.allocated,
      inTransit: r.in_transit,
      damaged: r.damaged,
      quarantine: r.quarantine,
      asOf: iso(r.updated_at)!,
    })),
  };
}
