import { db } from "@/server/db";
import type { TLogger } from "@/server/lib/logger";
import { currentPolicy } from "@/server/policies/current";
import type { TWorker } from "@/server/workers";
import { recomputeSkus, TARGETS_LOCK_KEY } from "./recompute";
import { checkStalenessTransitions } from "./staleness";

const BATCH = 5_000;

/**
 * Takes up to `limit` SKUs off target_dirty and recomputes their targets, in one transaction under
 * the targets lock (another instance draining, or a publish, makes this round a no-op). A SKU
 * marked again while we compute stays queued for the next round.
 */
export async function drainTargetDirty(opts: { limit?: number } = {}): Promise<{ skus: number; changed: number }> {
  const limit = opts.limit ?? BATCH;
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${TARGETS_LOCK_KEY}) as locked`;
      if (!lock?.locked) return { skus: 0, changed: 0 };
      const rows = await tx.$queryRaw<{ sku_id: number }[]>`
        delete from target_dirty where sku_id in (
          select sku_id from target_dirty order by marked_at, sku_id limit ${limit} for update skip locked)
        returning sku_id`;
      if (rows.length === 0) return { skus: 0, changed: 0 };
      const { policy } = await currentPolicy(tx);
      const changed = await recomputeSkus(tx, rows.map((r) => r.sku_id), policy);
      return { skus: rows.length, changed };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

async function hasDirty() {
  const [row] = await db.$queryRaw<{ has: boolean }[]>`select exists (select 1 from target_dirty) as has`;
  return !!row?.has;
}

/** The in-process target worker: drains target_dirty every 250 ms, checks staleness every 5 s. */
export function startTargetWorker(opts: { log: TLogger; drainEveryMs?: number; stalenessEveryMs?: number }): TWorker {
  const log = opts.log.child({ worker: "targets" });
  let isStopping = false;
  let lastStalenessAt = 0;
  let running: Promise<void> | null = null;
  const tick = async () => {
    try {
      if (Date.now() - lastStalenessAt >= (opts.stalenessEveryMs ?? 5_000)) {
        lastStalenessAt = Date.now();
        const staleness = await checkStalenessTransitions();
        if (staleness.changed) log.info({ stale: staleness.state }, "staleness changed: targets queued");
      }
      while (!isStopping && (await hasDirty())) {
        const started = performance.now();
        const result = await drainTargetDirty();
        if (result.skus === 0) break;
        log.debug({ ...result, ms: Math.round(performance.now() - started) }, "targets recomputed");
        if (result.skus < BATCH) break;
      }
    } catch (error) {
      log.warn({ err: (error as Error).message }, "target worker round failed; retrying");
    }
  };
  const timer = setInterval(() => {
    if (!running && !isStopping) running = tick().finally(() => (running = null));
  }, opts.drainEveryMs ?? 250);
  timer.unref?.();
  return {
    name: "targets",
    stop: async () => {
      isStopping = true;
      clearInterval(timer);
      await running;
    },
  };
}
