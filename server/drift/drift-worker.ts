import { db } from "@/server/db";
import type { TLogger } from "@/server/lib/logger";
import { CHANNEL_DRIFT_BATCH, DRIFT_WORKER_LOCK, refreshChannelDriftBatch } from "./channel-mirror";
import { compactChannelTotals } from "./channel-totals";
import { refreshSystemDriftBatch, SYSTEM_DRIFT_BATCH } from "./system-drift";

const INTERVAL_MS = 500;

type TRound = { isBehind: boolean; isBusy: boolean; done: Record<string, number> };

/**
 * Keeps the derived drift tables up with their sources, about twice a second, in two loops that
 * run side by side: channel_drift from channel_position (with the channel totals from their
 * deltas), and system_drift from the ERP and WMS books. Under load a round of the system loop took
 * about a second, and channel drift (what `GET /api/v1/drift` shows) waited behind it when both
 * shared a round. A full batch runs the next round at once (a publish marks every SKU).
 */
export function startDriftWorker(opts: { log: TLogger; intervalMs?: number }) {
  const log = opts.log.child({ worker: "drift" });
  const loops = [
    loop(log, opts.intervalMs ?? INTERVAL_MS, "channel", () =>
      db.$transaction(
        async (tx): Promise<TRound> => {
          const [lock] = await tx.$queryRaw<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(${DRIFT_WORKER_LOCK}) as ok`;
          if (!lock?.ok) return { isBehind: false, isBusy: false, done: {} };
          const skus = await refreshChannelDriftBatch(tx);
          const deltas = await compactChannelTotals(tx);
          return { isBehind: skus >= CHANNEL_DRIFT_BATCH, isBusy: skus + deltas > 0, done: { skus, deltas } };
        },
        { timeout: 60_000 },
      ),
    ),
    // marks are taken with `for update skip locked`: two processes' rounds share the queue safely
    loop(log, opts.intervalMs ?? INTERVAL_MS, "system", () =>
      db.$transaction(
        async (tx): Promise<TRound> => {
          const { marks, pairs } = await refreshSystemDriftBatch(tx);
          return { isBehind: marks >= SYSTEM_DRIFT_BATCH, isBusy: marks > 0, done: { pairMarks: marks, pairs } };
        },
        { timeout: 60_000 },
      ),
    ),
  ];
  return {
    name: "drift",
    stop: async () => {
      await Promise.all(loops.map((l) => l.stop()));
    },
  };
}

function loop(log: TLogger, intervalMs: number, name: string, round: () => Promise<TRound>) {
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;
  const tick = async () => {
    let isBehind = false;
    try {
      const r = await round();
      isBehind = r.isBehind;
      if (r.isBusy) log.debug({ loop: name, ...r.done }, "drift tables refreshed");
    } catch (err) {
      log.warn({ err, loop: name }, "drift refresh failed; retrying");
    }
    if (!isStopped) timer = setTimeout(() => (running = tick()), isBehind ? 0 : intervalMs);
  };
  let running: Promise<void> = tick();
  return {
    stop: async () => {
      isStopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
