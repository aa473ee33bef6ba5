import type { TTx } from "@/server/db";

/**
 * Queues SKUs for target recomputation. By SKU ids, or every SKU when channels' eligible
 * locations (or the policy) changed. Marks are appended (a SKU may be queued several times; the
 * worker recomputes it once per round), so a writer never waits on the worker's batch.
 */
export async function markTargetsDirty(tx: TTx, scope: { skuIds?: number[]; channelIds?: number[]; all?: boolean }) {
  if (scope.all || (scope.channelIds && scope.channelIds.length > 0)) {
    await tx.$executeRaw`insert into target_dirty (sku_id) select id from sku`;
    return;
  }
  if (scope.skuIds && scope.skuIds.length > 0) {
    await tx.$executeRaw`insert into target_dirty (sku_id) select distinct unnest(${scope.skuIds}::int[])`;
  }
}
