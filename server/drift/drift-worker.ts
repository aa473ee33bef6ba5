import { db } from "@/server/db";
import type { TLogger } from "@/server/lib/logger";
import { CHANNEL_DRIFT_BATCH, DRIFT_WORKER_LOCK, refreshChannelDriftBatch } from "./channel-mirror";
import { compactChannelTotals } from "./channel-totals";
import { refreshSystemDriftBatch, SYSTEM_DRIFT_BATCH } from "./system-drift";

const INTERVAL_MS = 500;

/** The channel loops of this process, woken by wakeChannelDrift. */
const channelWakers = new Set<() => void>();

/**
 * Runs this process's channel-drift round now rather than at its next tick (the target worker
 * calls it after a round that changed targets): the copy follows the targets without waiting out
 * the interval. A round already running is not interrupted; another process's loop keeps its timer.
 */
export function wakeChannelDrift() {
  for (const wake of channelWakers) wake();
}

type TRound = { isBehind: boolean; isBusy: boolean; done: Record<string, number> };

/**
 * Keeps the derived drift tables up with their sources, about twice a second, in two loops that
 * run side by side: channel_drift from channel_position (with the channel totals from their
 * deltas), and system_drift from the ERP and WMS books. Under load a round of the system loop took
 * about a second, and channel drift (what `GET /api/v1/drift` shows) waited behind it when both
 * shared a round. A full batch runs the next round at once (a publish marks every SKU), and so
 * does a target round of this process that changed targets (wakeChannelDrift).
 */
export function startDriftWorker(opts: { log: TLogger; intervalMs?: number }) {
  const log = opts.log.child({ worker: "drift" });
  const loops = [
    loop(log, opts.intervalMs ?? INTERVAL_MS, "channel", channelWakers, () =>
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
    loop(log, opts.intervalMs ?? INTERVAL_MS, "system", null, () =>
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

function loop(log: TLogger, intervalMs: number, name: string, wakers: Set<() => void> | null, round: () => Promise<TRound>) {
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;
  let isRunning = false;
  // woken during a round: its marks may predate the change, so the next round starts at once
  let isWokenMeanwhile = false;
  const wake = () => {
    if (isStopped) return;
    if (isRunning) {
      isWokenMeanwhile = true;
      return;
    }
    clearTimeout(timer);
    running = tick();
  };
  wakers?.add(wake);
  const tick = async () => {
    isRunning = true;
    let isBehind = false;
    try {
      const r = await round();
      isBehind = r.isBehind;
      if (r.isBusy) log.debug({ loop: name, ...r.done }, "drift tables refreshed");
    } catch (err) {
      log.warn({ err, loop: name }, "drift refresh failed; retrying");
    }
    isRunning = false;
    const isNow = isBehind || isWokenMeanwhile;
    isWokenMeanwhile = false;
    if (!isStopped) timer = setTimeout(() => (running = tick()), isNow ? 0 : intervalMs);
  };
  let running: Promise<void> = tick();
  return {
    stop: async () => {
      isStopped = true;
      wakers?.delete(wake);
      clearTimeout(timer);
      await running;
    },
  };
}
