// The in-process exception worker: the event-log detector every second and the evaluator every
// few seconds, each tick in one transaction under a PostgreSQL advisory lock, so several
// instances can run it and only one works at a time (the lock is released when the tick commits).
import { db, type TTx } from "@/server/db";
import { isDatabaseUnavailable } from "@/server/lib/errors";
import type { TLogger } from "@/server/lib/logger";
import { loadConfig } from "./config";
import { detectFromEventLog, newDetectorState, recheckOversell, type TDetectorState } from "./detect-events";
import { evaluateOnce } from "./evaluate";

const DETECTOR_LOCK = 727_101;
const EVALUATOR_LOCK = 727_102;
export const DETECT_INTERVAL_MS = 1000;
export const EVALUATE_INTERVAL_MS = 3000;
export const SWEEP_EVERY_MS = 30_000;
/** How long one detector tick may keep reading batches before yielding. */
const DETECT_BUDGET_MS = 2000;

async function withLock<T>(key: number, work: (tx: TTx) => Promise<T>): Promise<T | null> {
  return db.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(${key}::bigint) as ok`;
      return row?.ok ? work(tx) : null;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/** Reads the event log until caught up (or for DETECT_BUDGET_MS); returns how many events it read. */
export async function runDetectorTick(state: TDetectorState, opts: { forceOversell?: boolean } = {}) {
  const started = Date.now();
  let events = 0;
  for (;;) {
    const result = await withLock(DETECTOR_LOCK, async (tx) => {
      const config = await loadConfig(tx);
      const detected = await detectFromEventLog(tx, state, config);
      await recheckOversell(tx, state, config, Date.now(), opts.forceOversell);
      return detected;
    });
    if (!result) return events;
    events += result.events + result.conflicts;
    if (result.isCaughtUp || Date.now() - started > DETECT_BUDGET_MS) return events;
  }
}

export async function runEvaluatorTick(opts: { sweep?: boolean } = {}) {
  return withLock(EVALUATOR_LOCK, async (tx) => evaluateOnce(tx, await loadConfig(tx), opts));
}

function isRetryable(err: unknown): boolean {
  const text = `${(err as { code?: string }).code ?? ""} ${(err as Error).message ?? ""}`;
  return /40P01|40001|deadlock detected|could not serialize/.test(text);
}

function every(name: string, intervalMs: number, log: TLogger, work: () => Promise<unknown>) {
  let isStopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let lastWarning = 0;
  const tick = async () => {
    if (isStopped) return;
    running = work()
      .then(() => undefined)
      .catch((err: unknown) => {
        // A database outage would log every second: say it once a minute.
        // Two ticks touching the same groups can deadlock; PostgreSQL aborts one and the next tick redoes it.
        if (isRetryable(err)) log.debug({ worker: name, err: (err as Error).message }, "tick will be retried");
        else if (isDatabaseUnavailable(err)) {
          if (Date.now() - lastWarning > 60_000) log.warn({ worker: name, err: (err as Error).message }, "database unavailable");
          lastWarning = Date.now();
        } else log.error({ worker: name, err }, "exception worker tick failed");
      });
    await running;
    if (!isStopped) timer = setTimeout(() => void tick(), intervalMs);
  };
  timer = setTimeout(() => void tick(), intervalMs);
  return async () => {
    isStopped = true;
    clearTimeout(timer);
    await running;
  };
}

export function startExceptionWorker(opts: { log: TLogger }) {
  const log = opts.log.child({ worker: "exceptions" });
  const state = newDetectorState();
  let lastSweep = 0;
  const stops = [
    every("exceptions.detect", DETECT_INTERVAL_MS, log, () => runDetectorTick(state)),
    every("exceptions.evaluate", EVALUATE_INTERVAL_MS, log, async () => {
      const sweep = Date.now() - lastSweep >= SWEEP_EVERY_MS;
      const result = await runEvaluatorTick({ sweep });
      if (sweep && result) lastSweep = Date.now();
      if (result && (result.raised || result.autoResolved || result.woke || result.breached)) log.debug(result, "exceptions evaluated");
    }),
  ];
  return {
    name: "exceptions",
    stop: async () => {
      await Promise.all(stops.map((s) => s()));
    },
  };
}
