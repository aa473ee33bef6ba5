import { db } from "@/server/db";
import type { TLogger } from "@/server/lib/logger";
import { compactChannelTotals } from "./channel-totals";
import { refreshSystemDriftBatch, SYSTEM_DRIFT_BATCH } from "./system-drift";

/** Any constant: one drift worker at a time across instances. */
const LOCK = 727_105;
const INTERVAL_MS = 500;

/**
 * Keeps the derived drift tables up with their sources, about twice a second: system_drift
 * from the ERP and WMS books, and the channel totals from their deltas.
 */
export function startDriftWorker(opts: { log: TLogger; intervalMs?: number }) {
  const log = opts.log.child({ worker: "drift" });
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;
  let running: Promise<void> | undefined;

  const runOnce = async () =>
    db.$transaction(async (tx) => {
      const [lock] = await tx.$queryRaw<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(${LOCK}) as ok`;
      if (!lock?.ok) return { pairs: 0, deltas: 0 };
      return { pairs: await refreshSystemDriftBatch(tx), deltas: await compactChannelTotals(tx) };
    });

  const tick = async () => {
    let pairs = 0;
    try {
      const done = await runOnce();
      pairs = done.pairs;
      if (done.pairs || done.deltas) log.debug(done, "drift tables refreshed");
    } catch (err) {
      log.warn({ err }, "drift refresh failed; retrying");
    }
    if (!isStopped) timer = setTimeout(() => (running = tick()), pairs >= SYSTEM_DRIFT_BATCH ? 0 : (opts.intervalMs ?? INTERVAL_MS));
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
