// One Sightline process of the topology (`web` or `worker`), as a child of this script.
import { closeSync, openSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { startChild, stopChild, waitFor, type TChild } from "./os";

export type TSightline = {
  name: string;
  role: "web" | "worker" | "all";
  port: number;
  url: string;
  logFile: string;
  pid: () => number | undefined;
  isRunning: () => boolean;
  /** the whole log so far (JSON lines) */
  logs: () => string;
  start: () => Promise<void>;
  /** SIGTERM (a clean stop) or SIGKILL (a crash) */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

export function sightlineProcess(opts: { name: string; role: "web" | "worker" | "all"; port: number; dir: string; env: Record<string, string> }): TSightline {
  const dataDir = path.join(opts.dir, opts.name);
  const logFile = path.join(opts.dir, `${opts.name}.log`);
  const url = `http://localhost:${opts.port}`;
  let child: TChild | null = null;
  return {
    name: opts.name,
    role: opts.role,
    port: opts.port,
    url,
    logFile,
    pid: () => child?.proc.pid,
    isRunning: () => !!child?.isRunning(),
    logs: () => {
      try {
        return readFileSync(logFile, "utf8");
      } catch {
        return "";
      }
    },
    start: async () => {
      if (child?.isRunning()) return;
      await mkdir(dataDir, { recursive: true });
      const fd = openSync(logFile, "a");
      // node itself (not npx or npm), so a signal reaches the server and nothing else stands between
      child = startChild(process.execPath, ["--import", "tsx", "server/main.ts"], {
        cwd: process.cwd(),
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", SIGHTLINE_PG_SETTINGS: "", ...opts.env, SIGHTLINE_ROLE: opts.role, PORT: String(opts.port), SIGHTLINE_DATA_DIR: dataDir },
        logFd: fd,
      });
      closeSync(fd);
      const current = child;
      await waitFor(`Sightline ${opts.name} (${url}, log ${logFile})`, async () => (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) })).ok, 180_000, () => current.isRunning());
    },
    stop: async (signal = "SIGTERM") => {
      if (child) await stopChild(child, signal, 30_000);
    },
  };
}
