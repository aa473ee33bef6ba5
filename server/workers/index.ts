import { startExceptionWorker } from "@/server/exceptions/worker";
import { startKpiWorker } from "@/server/kpis/worker";
import type { TLogger } from "@/server/lib/logger";
import { simulatorWorker } from "@/server/simulator/worker";

export type TWorkerOptions = { log: TLogger; baseUrl: string; isDemo: boolean; runSimulator: boolean };
export type TWorker = { name: string; stop: () => Promise<void> };

/** Background work that runs inside the server process (no external cron). */
export function startWorkers(opts: TWorkerOptions) {
  const workers: TWorker[] = [];
  if (opts.runSimulator) workers.push(simulatorWorker(opts));
  workers.push(startExceptionWorker({ log: opts.log }));
  workers.push(startKpiWorker({ log: opts.log }));
  opts.log.debug({ workers: workers.map((w) => w.name) }, "workers started");
  return {
    stop: async () => {
      await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    },
  };
}
