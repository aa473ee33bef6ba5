// Starts the built Sightline (npm run build first) on a scratch embedded PostgreSQL, as a child
// process, for benchmarks and the resilience tests (test/resilience).
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type TBenchServer = {
  baseUrl: string;
  /** the embedded PostgreSQL as its superuser (what a benchmark baseline or a test inspection uses) */
  pgUrl: string;
  token: string;
  proc: ChildProcess;
  dataDir: string;
  rssMb: () => number;
  cpuSeconds: () => { node: number; postgres: number };
  /** PID of the embedded PostgreSQL's postmaster, from its data folder's postmaster.pid */
  postmasterPid: () => number | null;
  stop: () => Promise<void>;
};

export type TBenchServerOptions = {
  port: number;
  pgPort: number;
  env?: Record<string, string>;
  /** append the server's stdout and stderr to this file (else stdout is dropped and stderr inherited) */
  logFile?: string;
  /** keep the scratch data folder after stop (to inspect it, or to start again on it) */
  keepData?: boolean;
  /** start on what an earlier server on this port left in its data folder (a restart after a crash, a new database) */
  reuseData?: boolean;
};

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** Resident memory of the server's node processes (not PostgreSQL's). */
export function treeRssMb(pid: number): number {
  let kb = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const name = /Name:\s+(\S+)/.exec(status)?.[1] ?? "";
      if (!name.startsWith("postgres")) kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      continue;
    }
    stack.push(...childrenOf(p));
  }
  return Math.round(kb / 1024);
}

/** CPU seconds used so far by the server's node processes and by its PostgreSQL (live backends plus those already reaped). */
export function treeCpuSeconds(pid: number): { node: number; postgres: number } {
  const ticks = { node: 0, postgres: 0 };
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      // the command name is in parentheses and may hold spaces: the fields after it are fixed
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
      // f[11..14] = utime, stime, cutime, cstime (fields 14–17 of proc_pid_stat)
      const isPostgres = name.startsWith("postgres");
      const own = f[11]! + f[12]!;
      if (isPostgres) ticks.postgres += own + f[13]! + f[14]!;
      else ticks.node += own;
    } catch {
      continue;
    }
    stack.push(...childrenOf(p));
  }
  // USER_HZ is 100 on Linux
  return { node: ticks.node / 100, postgres: ticks.postgres / 100 };
}

/** True when something already listens on the port (its health check would answer for us). */
function isPortTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export async function startBenchServer(opts: TBenchServerOptions): Promise<TBenchServer> {
  if (await isPortTaken(opts.port)) throw new Error(`Port ${opts.port} is already taken: another server (a previous run?) is listening there.`);
  // Under the system temp folder: a checkout below a private folder would be out of reach of the
  // `postgres` OS user the embedded server runs as under root.
  const dataDir = path.join(os.tmpdir(), `sightline-bench-${opts.port}`);
  if (!opts.reuseData) rmSync(dataDir, { recursive: true, force: true });
  const token = "bench-bootstrap-token-0123456789";
  const logFd = opts.logFile ? openSync(opts.logFile, "a") : undefined;
  // node itself (not npx/tsx wrappers), so SIGTERM reaches the server and its PostgreSQL stops with it
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      // its own embedded PostgreSQL, whatever the calling shell points at (opts.env may say otherwise)
      DATABASE_URL: "",
      SIGHTLINE_URL: "",
      SIGHTLINE_SECRET: "",
      PORT: String(opts.port),
      SIGHTLINE_DATA_DIR: dataDir,
      SIGHTLINE_PG_PORT: String(opts.pgPort),
      SIGHTLINE_DEMO: "0",
      SIGHTLINE_BOOTSTRAP_TOKEN: token,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      ...opts.env,
    },
    stdio: ["ignore", logFd ?? "ignore", logFd ?? "inherit"],
  });
  if (logFd !== undefined) closeSync(logFd);
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const baseUrl = `http://localhost:${opts.port}`;
  let isUp = false;
  for (let i = 0; i < 240 && !isUp; i++) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`Sightline on port ${opts.port} exited during start-up (code ${proc.exitCode})${opts.logFile ? `; see ${opts.logFile}` : ""}`);
    try {
      isUp = (await fetch(`${baseUrl}/api/health`)).ok;
    } catch {
      /* not up yet */
    }
    if (!isUp) await new Promise((r) => setTimeout(r, 500));
  }
  if (!isUp) {
    proc.kill("SIGKILL");
    throw new Error(`Sightline on port ${opts.port} did not become healthy in 120 s`);
  }
  const postmasterPid = () => {
    try {
      return Number(readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]) || null;
    } catch {
      return null;
    }
  };
  return {
    baseUrl,
    pgUrl: `postgresql://postgres:sightline@127.0.0.1:${opts.pgPort}/sightline`,
    token,
    proc,
    dataDir,
    rssMb: () => treeRssMb(proc.pid!),
    cpuSeconds: () => treeCpuSeconds(proc.pid!),
    postmasterPid,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill("SIGTERM");
        // a server that cannot stop within 30 s is killed (its PostgreSQL too), so a run never hangs on it
        const timer = setTimeout(() => {
          proc.kill("SIGKILL");
          const pm = postmasterPid();
          try {
            if (pm) process.kill(pm, "SIGQUIT");
          } catch {
            /* already gone */
          }
        }, 30_000);
        await exited;
        clearTimeout(timer);
      }
      if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function putJson(baseUrl: string, token: string, route: string, body: unknown) {
  const r = await fetch(`${baseUrl}${route}`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${route} ${r.status}: ${await r.text()}`);
  return r.json() as Promise<{ connectorKeys: Record<string, string> }>;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
