import { db } from "@/server/db";
import { loadSkuStockPage, loadWorld } from "@/server/targets/inputs";
import { targetsForRow } from "@/server/targets/recompute";
import type { TPolicyRule, TPreviewOut } from "./policy.types";
import { CompiledPolicy } from "./precedence";
import { getDraft } from "./versions";

const PAGE = 5_000;

/**
 * Every SKU × channel whose target would change under these rules (before = the stored target, 0
 * where none is stored yet), largest changes first, and per channel totals over all its targets.
 * Nothing is written. `limit` keeps only the largest changes (the totals still count them all).
 */
export async function previewRules(rules: readonly TPolicyRule[], opts: { limit?: number } = {}): Promise<TPreviewOut> {
  const policy = new CompiledPolicy(rules);
  const world = await loadWorld(db);
  const totals = world.channels.map(() => ({ changed: 0, unitsBefore: 0, unitsAfter: 0 }));
  // Changes are kept in flat arrays: a preview over 1.2 M targets must not allocate an object each.
  const skus: string[] = [];
  const channels: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  let afterId = 0;
  for (;;) {
    const rows = await loadSkuStockPage(db, afterId, PAGE);
    if (rows.length === 0) break;
    for (const row of rows) {
      targetsForRow(policy, world, row, (t) => {
        const total = totals[t.channelIndex]!;
        const was = t.before ?? 0;
        total.unitsBefore += was;
        total.unitsAfter += t.after;
        if (was === t.after) return;
        total.changed++;
        skus.push(t.skuCode);
        channels.push(t.channelIndex);
        before.push(was);
        after.push(t.after);
      });
    }
    afterId = rows.at(-1)!.id;
  }
  const count = skus.length;
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => Math.abs(after[b]! - before[b]!) - Math.abs(after[a]! - before[a]!) || (skus[a]! < skus[b]! ? -1 : skus[a]! > skus[b]! ? 1 : channels[a]! - channels[b]!));
  const limit = opts.limit === undefined ? count : Math.max(0, Math.min(opts.limit, count));
  return {
    changes: order.slice(0, limit).map((i) => ({ sku: skus[i]!, channel: world.channels[channels[i]!]!.code, targetBefore: before[i]!, targetAfter: after[i]! })),
    totals: Object.fromEntries(world.channels.map((c, i) => [c.code, totals[i]!])),
    changedCount: count,
    truncated: limit < count,
  };
}

/** GET /policies/drafts/{id}/preview */
export async function previewDraft(id: string, opts: { limit?: number } = {}) {
  const draft = await getDraft(id);
  return previewRules(draft.rules, opts);
}
