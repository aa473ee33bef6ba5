// What a topology test file gets from the shared deployment (global-topology.ts), and the calls
// that stop and start its processes.
import { inject } from "vitest";

/** TOPOLOGY_PORT (default 3500): haproxy; the web replicas +1, +2, workers from +3, the control endpoint +8, stats +9. */
export const BASE_PORT = Number(process.env.TOPOLOGY_PORT ?? 3500);
/** TOPOLOGY_PG_PORT (default 54500): the primary; the replica +1, PgBouncer +2. */
export const PG_BASE_PORT = Number(process.env.TOPOLOGY_PG_PORT ?? 54500);

export type TTopologyInfo = {
  /** haproxy */
  url: string;
  /** the bootstrap admin API token */
  token: string;
  control: string;
  /** superuser URLs of the primary and the replica (database sightline), to inspect and to pause replay */
  primaryAdmin: string;
  replicaAdmin: string;
  /** PgBouncer's admin console (database pgbouncer) */
  bouncerAdmin: string;
  /** what the Sightline processes use as DATABASE_URL */
  pooled: string;
  web: { name: string; url: string }[];
  dir: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    topology: TTopologyInfo;
  }
}

export function topology(): TTopologyInfo {
  return inject("topology");
}

export type TStatus = {
  processes: Record<string, { role: string; url: string; isRunning: boolean; pid: number | null; logFile: string }>;
  replica: boolean;
};

/**
 * kill (SIGKILL), stop (SIGTERM), start, freeze (SIGSTOP) or thaw (SIGCONT) a process (web1, web2,
 * worker1…); stop or start the replica; `add-worker` returns the new worker's name.
 */
export async function control<T = TStatus>(action: "kill" | "stop" | "start" | "freeze" | "thaw" | "status" | "add-worker", target = ""): Promise<T> {
  const r = await fetch(`${topology().control}/${action}/${target}`, { method: "POST" });
  const body = (await r.json()) as T & { error?: string };
  if (!r.ok) throw new Error(`control ${action} ${target}: ${body.error}`);
  return body;
}

/** Leaves the deployment as the next file expects it: both web replicas, the replica and at least one worker running. */
export async function restoreTopology() {
  const status = await control("status");
  for (const [name, p] of Object.entries(status.processes)) if (name.startsWith("web") && !p.isRunning) await control("start", name);
  if (!status.replica) await control("start", "replica");
  if (!Object.entries(status.processes).some(([name, p]) => name.startsWith("worker") && p.isRunning)) await control("start", "worker1");
}
