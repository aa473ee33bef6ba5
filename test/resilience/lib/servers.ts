// Where the resilience suite's servers live. Slot 0 is the shared server (global-server.ts); a
// file that breaks its server on purpose starts its own in another slot.
import { appendFileSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { startBenchServer, type TBenchServer } from "../../../bench/lib/server";

export type TSharedServer = { baseUrl: string; token: string; pgUrl: string; pid: number; dataDir: string; logFile: string };

declare module "vitest" {
  export interface ProvidedContext {
    resilience: TSharedServer;
  }
}

/** RESILIENCE_PORT (default 3200) and up to 9 more; each server's PostgreSQL listens 51,000 higher. */
export const BASE_PORT = Number(process.env.RESILIENCE_PORT ?? 3200);

export function sharedServer(): TSharedServer {
  return inject("resilience");
}

export function logFileFor(slot: number) {
  return path.join(os.tmpdir(), `sightline-resilience-${BASE_PORT + slot}.log`);
}

/** Starts a server of its own for a test file (slot 1–9), its stdout and stderr kept in a log file. */
export async function startOwnServer(slot: number, env: Record<string, string> = {}): Promise<TBenchServer & { logFile: string; logs: () => string }> {
  const logFile = logFileFor(slot);
  appendFileSync(logFile, "", { flag: "w" });
  const server = await startBenchServer({ port: BASE_PORT + slot, pgPort: BASE_PORT + slot + 51_000, logFile, env: { LOG_LEVEL: "info", ...env } });
  return { ...server, logFile, logs: () => readFileSync(logFile, "utf8") };
}

export const FIGURES_FILE = path.join(os.tmpdir(), `sightline-resilience-figures-${BASE_PORT}.txt`);

/** Prints a check's figure and keeps it for the summary printed when the suite ends. */
export function figure(check: number, text: string) {
  const line = `check ${String(check).padStart(2)}: ${text}`;
  console.log(line);
  appendFileSync(FIGURES_FILE, `${line}\n`);
}
