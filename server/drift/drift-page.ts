import { db, type TTx } from "@/server/db";
import { channelDriftTotals, channelHeatmap, listChannelDrift, type TChannelTotal, type THeatRow } from "./channel-drift";
import { pendingChannelDriftSkus } from "./channel-mirror";
import type { TChannelDriftItem, TDriftQuery, TSystemDriftItem } from "./drift.types";
import type { TPage } from "./paging";
import { listStaleness, type TStalenessRow } from "./staleness";
import { listSystemDrift, systemDriftCoverage, systemDriftTotals, type TSystemCoverage, type TSystemTotal } from "./system-drift";

/** GET /api/v1/drift: one page of the chosen kind. */
export async function listDrift(query: TDriftQuery, tx: TTx = db): Promise<TPage<TChannelDriftItem | TSystemDriftItem | TStalenessRow>> {
  if (query.kind === "system") return listSystemDrift(query, tx);
  if (query.kind === "staleness") return listStaleness(query, tx);
  return listChannelDrift(query, tx);
}

const HEATMAP_SKUS = 12;

export type TDriftPage =
  | { kind: "channel"; asOf: string; page: TPage<TChannelDriftItem>; totals: TChannelTotal[]; heatmap: { channels: string[]; rows: THeatRow[] }; pendingSkus: number }
  | { kind: "system"; asOf: string; page: TPage<TSystemDriftItem>; totals: TSystemTotal[]; coverage: TSystemCoverage }
  | { kind: "staleness"; asOf: string; page: TPage<TStalenessRow> };

/** The drift page's one data call: the rows, the totals under the same filters and (channel view) the heat map. */
export async function driftPage(query: TDriftQuery, tx: TTx = db): Promise<TDriftPage> {
  const asOf = new Date().toISOString();
  if (query.kind === "system") {
    const [page, totals, coverage] = await Promise.all([listSystemDrift(query, tx), systemDriftTotals(query, tx), systemDriftCoverage(tx)]);
    return { kind: "system", asOf, page, totals, coverage };
  }
  if (query.kind === "staleness") return { kind: "staleness", asOf, page: await listStaleness(query, tx) };
  const [page, totals, pendingSkus] = await Promise.all([listChannelDrift(query, tx), channelDriftTotals(query, tx), pendingChannelDriftSkus(tx)]);
  const worstSkus = [...new Set(page.items.map((r) => r.sku))].slice(0, HEATMAP_SKUS);
  const rows = await channelHeatmap(worstSkus, tx);
  const channels = [...new Set(rows.flatMap((r) => r.cells.map((c) => c.channel)))].sort();
  return { kind: "channel", asOf, page, totals, heatmap: { channels, rows }, pendingSkus };
}

/** The Overview page's "worst drift" and "stale feeds". */
export async function driftOverview(tx: TTx = db) {
  const [worst, staleness] = await Promise.all([
    listChannelDrift({ sort: "drift", limit: 5, minDrift: 1 }, tx),
    listStaleness({ limit: 100 }, tx),
  ]);
  return { asOf: new Date().toISOString(), worst: worst.items, stale: staleness.items.filter((r) => r.isStale) };
}

/** What the drift page's filters offer. */
export async function driftFilterOptions(tx: TTx = db) {
  const [channels, locations, categories] = await Promise.all([
    tx.channel.findMany({ select: { code: true, name: true }, orderBy: { code: "asc" } }),
    tx.location.findMany({ select: { code: true, name: true }, orderBy: { code: "asc" } }),
    // A loose index scan over sku_category_idx: one probe per distinct category, not per SKU.
    tx.$queryRaw<{ category: string }[]>`
      with recursive c as (
        (select category from sku where category is not null order by category limit 1)
        union all
        select (select s.category from sku s where s.category > c.category order by s.category limit 1) from c where c.category is not null
      ) select category from c where category is not null`,
  ]);
  return { channels, locations, categories: categories.map((c) => c.category) };
}
