// Reconciliation's background work: the queue's two tasks (a run, the schedule) and a watchdog that
// keeps the schedule pending and marks runs whose process died as failed.
import type { TaskList } from "graphile-worker";
import { env } from "@/server/env";
import type { TLogger } from "@/server/lib/logger";
import type { TWorker } from "@/server/workers";
import { executeRun } from "./run";
import { ensureSchedule, runScheduledTick, SCHEDULE_TASK } from "./schedule";
import { RUN_TASK, sweepStaleRuns } from "./start";

const SWEEP_MS = 15_000;

export function reconciliationTasks(log: TLogger): TaskList {
  const child = log.child({ worker: "reconciliation" });
  return {
    [RUN_TASK]: async (payload, helpers) => {
      const runId = Number((payload as { runId?: unknown } | null)?.runId);
      if (!Number.isInteger(runId)) return;
      await executeRun(runId, { log: child, signal: helpers.abortSignal });
    },
    [SCHEDULE_TASK]: async (payload) => runScheduledTick(payload, child),
  };
}

/** Keeps the schedule job pending (when this process runs the queue) and sweeps dead runs every 15 s. */
export function startReconciliationWorker(opts: { log: TLogger; schedule: boolean }): TWorker {
  const log = opts.log.child({ worker: "reconciliation" });
  if (opts.schedule) {
    const cron = env().SIGHTLINE_RECONCILE_CRON;
    ensureSchedule(cron)
      .then((at) => log.debug({ cron, next: at.toISOString() }, "reconciliation scheduled"))
      .catch((err: unknown) => log.error({ err, cron }, "could not schedule reconciliation runs"));
  }
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    running ??= sweepStaleRuns()
      .then((failed) => failed.length && log.warn({ runs: failed }, "reconciliation runs without a sign of life marked failed"))
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, "reconciliation sweep failed"))
      .finally(() => (running = null));
  }, SWEEP_MS);
  timer.unref?.();
  return {
    name: "reconciliation",
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
