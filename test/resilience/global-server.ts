// The resilience suite's shared server: the built app as a child process on a scratch embedded
// PostgreSQL, logging at debug level into a file that the secrets check reads.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { startBenchServer } from "../../bench/lib/server";
import { BASE_PORT, FIGURES_FILE, logFileFor } from "./lib/servers";

export default async function setup(project: TestProject) {
  if (!existsSync(".next/BUILD_ID")) throw new Error("The resilience tests run the built server: run `npm run build` first.");
  const logFile = logFileFor(0);
  writeFileSync(logFile, "");
  writeFileSync(FIGURES_FILE, "");
  const server = await startBenchServer({
    port: BASE_PORT,
    pgPort: BASE_PORT + 51_000,
    logFile,
    env: { LOG_LEVEL: "debug", SIGHTLINE_HEADERS_TIMEOUT_SECONDS: "5", SIGHTLINE_REQUEST_TIMEOUT_SECONDS: "10" },
  });
  project.provide("resilience", { baseUrl: server.baseUrl, token: server.token, pgUrl: server.pgUrl, pid: server.proc.pid!, dataDir: server.dataDir, logFile });
  return async () => {
    await server.stop();
    const figures = existsSync(FIGURES_FILE) ? readFileSync(FIGURES_FILE, "utf8").trim() : "";
    if (figures) console.log(`\nresilience figures\n${figures.split("\n").sort((a, b) => Number(/check\s+(\d+)/.exec(a)?.[1]) - Number(/check\s+(\d+)/.exec(b)?.[1])).join("\n")}\n`);
    rmSync(FIGURES_FILE, { force: true });
  };
}
