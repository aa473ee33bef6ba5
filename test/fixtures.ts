// Shared integration-test helpers: real master data through the real upsert, real ingest.
import { db } from "@/server/db";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { upsertMasterData } from "@/server/master-data/upsert";

export type TWorld = Awaited<ReturnType<typeof makeWorld>>;

let counter = 0;
/** A small world with unique codes: 3 SKUs, a warehouse run by a WMS (authoritative) plus an ERP, a store, two channels. */
export async function makeWorld() {
  const p = `w${++counter}${Math.random().toString(36).slice(2, 6)}`;
  const code = (s: string) => `${p}-${s}`;
  await upsertMasterData(
    {
      skus: [{ code: code("A"), aliases: [code("alias-a")], upc: String(10_000_000 + Math.floor(Math.random() * 89_999_999)) }, { code: code("B") }, { code: code("C") }],
      connectors: [
        { code: code("wms"), kind: "wms" },
        { code: code("erp"), kind: "erp" },
        { code: code("shop"), kind: "channel", channel: code("web") },
        { code: code("crm"), kind: "oms" },
      ],
      locations: [
        { code: code("WH"), kind: "warehouse", authoritativeConnector: code("wms"), aliases: [code("loc-alias")] },
        { code: code("ST"), kind: "store" },
      ],
      channels: [
        { code: code("web"), kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: [code("WH")] },
        { code: code("b2b"), kind: "b2b", freshnessSloSeconds: 600, eligibleLocations: [code("WH"), code("ST")] },
      ],
    },
    "test",
  );
  const connectors = await db.connector.findMany({ where: { code: { startsWith: p } } });
  const c = (s: string) => {
    const row = connectors.find((x) => x.code === code(s))!;
    return { id: row.id, code: row.code, channelId: row.channelId };
  };
  let n = 0;
  return {
    code,
    wms: c("wms"),
    erp: c("erp"),
    shop: c("shop"),
    crm: c("crm"),
    nextId: () => `${p}-e${++n}`,
    ingest: (connector: { id: number; code: string; channelId: number | null }, events: unknown[]) => ingestBatch(connector, events),
    book: async (sku: string, location: string) => {
      const rows = await db.$queryRaw<{ on_hand: number; reserved: number; allocated: number; in_transit: number; damaged: number; quarantine: number }[]>`
        select p.on_hand, p.reserved, p.allocated, p.in_transit, p.damaged, p.quarantine from inventory_position p
        join sku s on s.id = p.sku_id join location l on l.id = p.location_id where s.code = ${code(sku)} and l.code = ${code(location)}`;
      const r = rows[0];
      return r
        ? { onHand: r.on_hand, reserved: r.reserved, allocated: r.allocated, inTransit: r.in_transit, damaged: r.damaged, quarantine: r.quarantine, atp: r.on_hand - r.reserved - r.allocated }
        : null;
    },
    reported: async (connector: string, sku: string, location: string) => {
      const rows = await db.$queryRaw<{ on_hand: number }[]>`
        select p.on_hand from reported_position p join connector c on c.id = p.connector_id join sku s on s.id = p.sku_id join location l on l.id = p.location_id
        where c.code = ${code(connector)} and s.code = ${code(sku)} and l.code = ${code(location)}`;
      return rows[0]?.on_hand ?? null;
    },
  };
}

export function at(minute: number) {
  return new Date(Date.UTC(2026, 0, 1, 8, minute)).toISOString();
}
