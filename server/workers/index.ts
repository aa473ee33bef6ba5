import type { TaskList } from "graphile-worker";
import { startExceptionWorker } from "@/server/exceptions/worker";
import { startJobRunner } from "@/server/jobs/queue";
import { startDriftWorker } from "@/server/drift/drift-worker";
import { startKpiWorker } from "@/server/kpis/worker";
import { NOTIFICATION_CRONTAB, NOTIFICATION_TASKS, startNotificationSweep } from "@/server/notifications/tasks";
import { logger, type TLogger } from "@/server/lib/logger";
import { startTargetWorker } from "@/server/targets/worker";
import { reconciliationTasks, startReconciliationWorker } from "@/server/reconciliation/worker";
import { startReplayWorker } from "@/server/replay/worker";
import { simulatorWorker } from "@/server/simulator/worker";

export type TWorkerOptions = { log: TLogger; baseUrl: string; isDemo: boolean; runSimulator: boolean; disabled?: string[] };
export type TWorker = { name: string; stop: () => Promise<void> };

/**
 * What each SIGHTLINE_ROLE runs. `web` serves the pages, the API and webhooks and runs no background
 * loop; `worker` runs every background worker below (and answers /api/health only); `all` (the
 * default, one process) does both. Any number of web and worker processes may share a database:
 * each worker round runs in one transaction under a transaction-scoped advisory lock and keeps its
 * watermark in the database, so a round is done once whoever takes it, and when a worker dies its
 * locks go with its session and another worker's next tick (within a second or two) takes over.
 */
export const ROLE_RUNS = {
  all: { http: "app", background: true },
  web: { http: "app", background: false },
  worker: { http: "health", background: true },
} as const satisfies Record<string, { http: "app" | "health"; background: boolean }>;
export type TProcessRole = keyof typeof ROLE_RUNS;

/** The job queue's tasks, by name: each domain's jobs (deliveries, reconciliation runs…) join here. */
export const JOB_TASKS: TaskList = { ...NOTIFICATION_TASKS, ...reconciliationTasks(logger) };

/** The job queue's crontab lines (minute precision). */
export const JOB_CRONTAB: string[] = [...NOTIFICATION_CRONTAB];

/** The job runner as a worker: it starts in the background; stop waits for it to have started. */
function jobRunnerWorker(log: TLogger): TWorker {
  const connectionString = process.env.DATABASE_DIRECT_URL || process.env.DATABASE_URL!;
  const started = startJobRunner({ log, connectionString, tasks: JOB_TASKS, crontab: JOB_CRONTAB.join("\n") })
    .then(async (runner) => {
      await startNotificationSweep().catch((err: unknown) => log.warn({ err: (err as Error).message }, "the notification sweep could not be scheduled"));
      return runner;
    })
    .catch((err: unknown) => {
      log.error({ err }, "the job queue's runner could not start");
      return null;
    });
  return { name: "jobs", stop: async () => void (await (await started)?.stop()) };
}

/** Background work that runs inside the server process (no external cron), under the roles whose ROLE_RUNS say `background`. */
export function startWorkers(opts: TWorkerOptions) {
  const workers: TWorker[] = [];
  // SIGHTLINE_DISABLE_WORKERS (benchmarks only): e.g. "exceptions" to measure ingest without detection
  const isOn = (name: string) => !opts.disabled?.includes(name);
  if (isOn("targets")) workers.push(startTargetWorker({ log: opts.log }));
  if (opts.runSimulator && isOn("simulator")) workers.push(simulatorWorker(opts));
  if (isOn("exceptions")) workers.push(startExceptionWorker({ log: opts.log }));
  if (isOn("drift")) workers.push(startDriftWorker({ log: opts.log }));
  if (isOn("replay")) workers.push(startReplayWorker({ log: opts.log }));
  if (isOn("kpis")) workers.push(startKpiWorker({ log: opts.log }));
  if (isOn("reconciliation")) workers.push(startReconciliationWorker({ log: opts.log, schedule: isOn("jobs") }));
  if (isOn("jobs")) workers.push(jobRunnerWorker(opts.log));
  opts.log.debug({ workers: workers.map((w) => w.name) }, "workers started");
  return {
    stop: async () => {
      await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    },
  };
}
