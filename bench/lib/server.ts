// Starts the built Sightline (npm run build first) on a scratch embedded PostgreSQL for a benchmark.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

export type TBenchServer = { baseUrl: string; pgUrl: string; token: string; proc: ChildProcess; rssMb: () => number; stop: () => Promise<void> };

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
function treeRssMb(pid: number): number {
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

export async function startBenchServer(opts: { port: number; pgPort: number; env?: Record<string, string> }): Promise<TBenchServer> {
  const dataDir = path.resolve(`.sightline-bench-${opts.port}`);
  rmSync(dataDir, { recursive: true, force: true });
  const token = "bench-bootstrap-token-0123456789";
  // node itself (not npx/tsx wrappers), so SIGTERM reaches the server and its PostgreSQL stops with it
  const proc = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      PORT: String(opts.port),
      SIGHTLINE_DATA_DIR: dataDir,
      SIGHTLINE_PG_PORT: String(opts.pgPort),
      SIGHTLINE_DEMO: "0",
      SIGHTLINE_BOOTSTRAP_TOKEN: token,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      ...opts.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const baseUrl = `http://localhost:${opts.port}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    baseUrl,
    pgUrl: `postgresql://postgres:sightline@127.0.0.1:${opts.pgPort}/sightline`,
    token,
    proc,
    rssMb: () => treeRssMb(proc.pid!),
    stop: async () => {
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
      rmSync(dataDir, { recursive: true, force: true });
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
