import { db } from "@/server/db";
import { wakeChannelDrift } from "@/server/drift/drift-worker";
import type { TLogger } from "@/server/lib/logger";
import { currentPolicy } from "@/server/policies/current";
import type { TWorker } from "@/server/workers";
import { recomputeSkus, TARGETS_LOCK_KEY } from "./recompute";
import { checkStalenessTransitions } from "./staleness";

/** Marks taken per round (a SKU marked by several batches counts once in what is recomputed). */
const BATCH = 20_000;

/**
 * Takes up to `limit` marks off target_dirty and recomputes their SKUs' targets, in one
 * transaction under the targets lock (another instance draining, or a publish, makes this round a
 * no-op). The marks are taken before the books are read, so every change whose mark was taken is
 * visible; a SKU marked again meanwhile has a new mark and is recomputed next round.
 */
export async function drainTargetDirty(opts: { limit?: number } = {}): Promise<{ skus: number; changed: number; marks: number }> {
  const limit = opts.limit ?? BATCH;
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${TARGETS_LOCK_KEY}) as locked`;
      if (!lock?.locked) return { skus: 0, changed: 0, marks: 0 };
      const rows = await tx.$queryRaw<{ sku_id: number }[]>`
        delete from target_dirty where id = any(array(select id from target_dirty order by id limit ${limit} for update skip locked))
        returning sku_id`;
      if (rows.length === 0) return { skus: 0, changed: 0, marks: 0 };
      const skuIds = [...new Set(rows.map((r) => r.sku_id))].sort((a, b) => a - b);
      const { policy } = await currentPolicy(tx);
      const changed = await recomputeSkus(tx, skuIds, policy);
      return { skus: skuIds.length, changed, marks: rows.length };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/** SKUs waiting for their targets (distinct SKUs among the queued marks). */
export async function pendingTargetSkus(): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`select count(distinct sku_id) as n from target_dirty`;
  return Number(row?.n ?? 0);
}

async function hasDirty() {
  const [row] = await db.$queryRaw<{ has: boolean }[]>`select exists (select 1 from target_dirty) as has`;
  return !!row?.has;
}

/** A round that recomputed this many SKUs means a busy stream: the next one waits a little longer. */
const BUSY_SKUS = 1_000;
const BUSY_REST_MS = 500;

/**
 * The in-process target worker: drains target_dirty every 250 ms, checks staleness every 5 s.
 * After a busy round it rests BUSY_REST_MS more, so under a steady stream a SKU that several
 * batches marked meanwhile is recomputed once: targets stay within DESIGN.md's 2 s.
 */
export function startTargetWorker(opts: { log: TLogger; drainEveryMs?: number; stalenessEveryMs?: number }): TWorker {
  const log = opts.log.child({ worker: "targets" });
  let isStopping = false;
  let lastStalenessAt = 0;
  let running: Promise<void> | null = null;
  let restUntil = 0;
  const tick = async () => {
    if (Date.now() < restUntil) return;
    try {
      if (Date.now() - lastStalenessAt >= (opts.stalenessEveryMs ?? 5_000)) {
        lastStalenessAt = Date.now();
        const staleness = await checkStalenessTransitions();
        if (staleness.changed) log.info({ stale: staleness.state }, "staleness changed: targets queued");
      }
      while (!isStopping && (await hasDirty())) {
        const started = performance.now();
        const result = await drainTargetDirty();
        if (result.marks === 0) break;
        log.debug({ ...result, ms: Math.round(performance.now() - started) }, "targets recomputed");
        if (result.changed > 0) wakeChannelDrift();
        if (result.skus >= BUSY_SKUS) restUntil = Date.now() + BUSY_REST_MS;
        if (result.marks < BATCH) break;
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
