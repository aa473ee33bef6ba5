import type { TTx } from "@/server/db";

/**
 * Queues SKUs for target recomputation. By SKU ids, or every SKU when channels' eligible
 * locations (or the policy) changed. Idempotent: a SKU already queued stays queued once.
 */
export async function markTargetsDirty(tx: TTx, scope: { skuIds?: number[]; channelIds?: number[]; all?: boolean }) {
  if (scope.all || (scope.channelIds && scope.channelIds.length > 0)) {
    await tx.$executeRaw`insert into target_dirty (sku_id) select id from sku on conflict do nothing`;
    return;
  }
  if (scope.skuIds && scope.skuIds.length > 0) {
    await tx.$executeRaw`insert into target_dirty (sku_id) select unnest(${scope.skuIds}::int[]) on conflict do nothing`;
  }
}
