import type { TTx } from "@/server/db";
import { computeTargets } from "@/server/policies/compute-targets";
import type { CompiledPolicy } from "@/server/policies/precedence";
import { loadSkuStock, loadSkuStockPage, loadWorld, type TSkuStockRow, type TTargetWorld } from "./inputs";

/** Serialises target writers (the worker's batches, publish, rollback) across instances. */
export const TARGETS_LOCK_KEY = 741_852_001;
const PAGE = 5_000;
const WRITE_CHUNK = 50_000;

export type TTargetRow = { skuId: number; skuCode: string; channelIndex: number; before: number | null; after: number };

/**
 * Targets for one SKU's row on every channel that has eligible stock for it or already has a
 * channel_position row; `before` is the stored target (null: no row yet).
 */
export function targetsForRow(policy: CompiledPolicy, world: TTargetWorld, row: TSkuStockRow, emit: (t: TTargetRow) => void) {
  const atp = new Map<string, number>();
  for (let i = 0; i < row.locs.length; i++) {
    const code = world.locationCode.get(row.locs[i]!);
    if (code) atp.set(code, row.atps[i]!);
  }
  const targets = computeTargets(policy, world.ctx, { sku: row.code, atp });
  world.channels.forEach((channel, channelIndex) => {
    const at = row.chans.indexOf(channel.id);
    const before = at >= 0 ? row.targets[at]! : null;
    if (before === null && !row.locs.some((l) => channel.eligibleLocationIds.has(l))) return;
    emit({ skuId: row.id, skuCode: row.code, channelIndex, before, after: targets[channelIndex]! });
  });
}

/** Upserts changed targets (set-based: one statement per chunk over unnest'ed arrays). */
async function writeTargets(tx: TTx, skuIds: number[], channelIds: number[], targets: number[]) {
  let written = 0;
  for (let from = 0; from < skuIds.length; from += WRITE_CHUNK) {
    const to = from + WRITE_CHUNK;
    written += await tx.$executeRaw`
      insert into channel_position (sku_id, channel_id, target, target_updated_at, rev)
      select u.sku_id, u.channel_id, u.target, now(), 1
      from unnest(${skuIds.slice(from, to)}::int[], ${channelIds.slice(from, to)}::int[], ${targets.slice(from, to)}::int[]) as u(sku_id, channel_id, target)
      on conflict (sku_id, channel_id) do update
        set target = excluded.target, target_updated_at = excluded.target_updated_at, rev = channel_position.rev + 1
        where channel_position.target is distinct from excluded.target`;
  }
  return written;
}

function collector(world: TTargetWorld) {
  const skuIds: number[] = [];
  const channelIds: number[] = [];
  const targets: number[] = [];
  return {
    emit: (t: TTargetRow) => {
      if (t.before === t.after) return;
      skuIds.push(t.skuId);
      channelIds.push(world.channels[t.channelIndex]!.id);
      targets.push(t.after);
    },
    flush: async (tx: TTx) => {
      const n = await writeTargets(tx, skuIds, channelIds, targets);
      skuIds.length = channelIds.length = targets.length = 0;
      return n;
    },
  };
}

/** Recomputes every channel's target for these SKUs; returns how many targets changed. */
export async function recomputeSkus(tx: TTx, skuIds: readonly number[], policy: CompiledPolicy, world?: TTargetWorld): Promise<number> {
  const w = world ?? (await loadWorld(tx));
  const out = collector(w);
  for (let from = 0; from < skuIds.length; from += PAGE) {
    for (const row of await loadSkuStock(tx, skuIds.slice(from, from + PAGE))) targetsForRow(policy, w, row, out.emit);
  }
  return out.flush(tx);
}

/** Recomputes the whole catalogue (publish, rollback), page by page. */
export async function recomputeAll(tx: TTx, policy: CompiledPolicy): Promise<{ skus: number; changed: number }> {
  const world = await loadWorld(tx);
  const out = collector(world);
  let after = 0;
  let skus = 0;
  let changed = 0;
  for (;;) {
    const rows = await loadSkuStockPage(tx, after, PAGE);
    if (rows.length === 0) break;
    for (const row of rows) targetsForRow(policy, world, row, out.emit);
    skus += rows.length;
    after = rows.at(-1)!.id;
    changed += await out.flush(tx);
  }
  return { skus, changed };
}
