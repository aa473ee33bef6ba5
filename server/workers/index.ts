import { startExceptionWorker } from "@/server/exceptions/worker";
import { startDriftWorker } from "@/server/drift/drift-worker";
import { startKpiWorker } from "@/server/kpis/worker";
import type { TLogger } from "@/server/lib/logger";
import { startTargetWorker } from "@/server/targets/worker";
import { startReplayWorker } from "@/server/replay/worker";
import { simulatorWorker } from "@/server/simulator/worker";

export type TWorkerOptions = { log: TLogger; baseUrl: string; isDemo: boolean; runSimulator: boolean; disabled?: string[] };
export type TWorker = { name: string; stop: () => Promise<void> };

/** Background work that runs inside the server process (no external cron). */
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
  opts.log.debug({ workers: workers.map((w) => w.name) }, "workers started");
  return {
    stop: async () => {
      await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    },
  };
}
