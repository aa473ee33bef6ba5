import { db } from "@/server/db";
import { loadSkuStockRange, loadWorld, skuIdBounds } from "@/server/targets/inputs";
import { RANGE, targetsForRow } from "@/server/targets/recompute";
import type { TPolicyRule, TPreviewOut } from "./policy.types";
import { CompiledPolicy } from "./precedence";
import { getDraft } from "./versions";

/** Indices of (at least) the `limit` largest |after − before|, found by counting, not a full sort. */
function largestFirst(before: readonly number[], after: readonly number[], limit: number): number[] {
  const count = before.length;
  if (limit >= count) return Array.from({ length: count }, (_, i) => i);
  const histogram = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const d = Math.abs(after[i]! - before[i]!);
    histogram.set(d, (histogram.get(d) ?? 0) + 1);
  }
  let threshold = 0;
  let seen = 0;
  for (const d of [...histogram.keys()].sort((a, b) => b - a)) {
    seen += histogram.get(d)!;
    threshold = d;
    if (seen >= limit) break;
  }
  const picked: number[] = [];
  for (let i = 0; i < count; i++) if (Math.abs(after[i]! - before[i]!) >= threshold) picked.push(i);
  return picked;
}

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
  const bounds = await skuIdBounds(db);
  // Reads one SKU id range ahead, so PostgreSQL fetches the next while this one is computed.
  let next = bounds ? loadSkuStockRange(db, bounds.lo, Math.min(bounds.hi, bounds.lo + RANGE - 1)) : null;
  for (let lo = bounds?.lo ?? 0; next; lo += RANGE) {
    const rows = await next;
    next = bounds && lo + RANGE <= bounds.hi ? loadSkuStockRange(db, lo + RANGE, Math.min(bounds.hi, lo + 2 * RANGE - 1)) : null;
    await new Promise<void>((resolve) => setImmediate(resolve));
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
  }
  const count = skus.length;
  const limit = opts.limit === undefined ? count : Math.max(0, Math.min(opts.limit, count));
  const order = largestFirst(before, after, limit);
  order.sort((a, b) => Math.abs(after[b]! - before[b]!) - Math.abs(after[a]! - before[a]!) || (skus[a]! < skus[b]! ? -1 : skus[a]! > skus[b]! ? 1 : channels[a]! - channels[b]!));
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
