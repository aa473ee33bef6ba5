import { db, type TTx } from "@/server/db";
import { skuBooks } from "@/server/inventory/queries";
import { AppError } from "@/server/lib/errors";
import { iso } from "./paging";
import { listStaleness } from "./staleness";

export async function findSku(code: string, tx: TTx = db) {
  const sku = await tx.sku.findUnique({ where: { code }, include: { aliases: { select: { alias: true }, orderBy: { alias: "asc" } } } });
  if (!sku) throw new AppError("not_found", `No SKU ${code}. Check the code, or add it in Settings → SKUs.`);
  return sku;
}

export type TSkuChannel = {
  channel: string;
  name: string | null;
  target: number | null;
  exposed: number | null;
  drift: number | null;
  exposedAt: string | null;
  targetUpdatedAt: string | null;
  sloSeconds: number;
  /** the channel's feed (any SKU) against its SLO; null when the channel never reported */
  isFeedStale: boolean | null;
};

/** One SKU: its book at every location (canonical and as each connector reports it) and every channel's position. */
export async function skuDetail(input: { code: string }, tx: TTx = db, now = new Date()) {
  const sku = await findSku(input.code, tx);
  const [books, channels, positions, feeds] = await Promise.all([
    skuBooks(sku.id, tx),
    tx.channel.findMany({ orderBy: { code: "asc" }, select: { id: true, code: true, name: true, freshnessSloSeconds: true } }),
    tx.channelPosition.findMany({ where: { skuId: sku.id } }),
    listStaleness({ limit: 500 }, tx, now),
  ]);
  const feedOf = new Map(feeds.items.filter((f) => f.channel).map((f) => [f.channel!, f]));
  const byChannel = new Map(positions.map((p) => [p.channelId, p]));
  const channelRows: TSkuChannel[] = channels.map((c) => {
    const p = byChannel.get(c.id);
    const exposed = p?.exposed ?? null;
    return {
      channel: c.code,
      name: c.name,
      target: p ? p.target : null,
      exposed,
      drift: p && exposed !== null ? exposed - p.target : null,
      exposedAt: iso(p?.exposedAt),
      targetUpdatedAt: p ? iso(p.targetUpdatedAt) : null,
      sloSeconds: c.freshnessSloSeconds,
      isFeedStale: feedOf.get(c.code)?.lastUpdateAt ? feedOf.get(c.code)!.isStale : null,
    };
  });
  const total = books.canonical.reduce(
    (acc, b) => ({ onHand: acc.onHand + b.onHand, atp: acc.atp + b.atp }),
    { onHand: 0, atp: 0 },
  );
  return {
    sku: { code: sku.code, name: sku.name, category: sku.category, upc: sku.upc, aliases: sku.aliases.map((a) => a.alias) },
    books,
    total,
    channels: channelRows,
    asOf: now.toISOString(),
  };
}
