import { db } from "@/server/db";
import type { TLogger } from "@/server/lib/logger";
import { CHANNEL_DRIFT_BATCH, DRIFT_WORKER_LOCK, refreshChannelDriftBatch } from "./channel-mirror";
import { compactChannelTotals } from "./channel-totals";
import { refreshSystemDriftBatch, SYSTEM_DRIFT_BATCH } from "./system-drift";

const INTERVAL_MS = 500;

/**
 * Keeps the derived drift tables up with their sources, about twice a second: channel_drift
 * from channel_position, system_drift from the ERP and WMS books, and the channel totals from
 * their deltas. A full batch of either runs the next round at once (a publish marks every SKU).
 */
export function startDriftWorker(opts: { log: TLogger; intervalMs?: number }) {
  const log = opts.log.child({ worker: "drift" });
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;
  let running: Promise<void> | undefined;

  const runOnce = async () =>
    db.$transaction(async (tx) => {
      const [lock] = await tx.$queryRaw<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(${DRIFT_WORKER_LOCK}) as ok`;
      if (!lock?.ok) return { skus: 0, pairs: 0, pairMarks: 0, deltas: 0 };
      const skus = await refreshChannelDriftBatch(tx);
      const { marks: pairMarks, pairs } = await refreshSystemDriftBatch(tx);
      return { skus, pairs, pairMarks, deltas: await compactChannelTotals(tx) };
    }, { timeout: 60_000 });

  const tick = async () => {
    let isBehind = false;
    try {
      const done = await runOnce();
      isBehind = done.pairMarks >= SYSTEM_DRIFT_BATCH || done.skus >= CHANNEL_DRIFT_BATCH;
      if (done.skus || done.pairs || done.deltas) log.debug(done, "drift tables refreshed");
    } catch (err) {
      log.warn({ err }, "drift refresh failed; retrying");
    }
    if (!isStopped) timer = setTimeout(() => (running = tick()), isBehind ? 0 : (opts.intervalMs ?? INTERVAL_MS));
  };
  running = tick();
  return {
    name: "drift",
    stop: async () => {
      isStopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
