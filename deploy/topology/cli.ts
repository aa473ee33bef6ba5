// npm run topology [-- --port 3000 --pg-port 54330 --dir <folder> --no-demo --fresh]
// Brings up the topology of README's "Deploying beyond one machine" on this machine and prints its URL.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startTopology } from "./topology";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.TOPOLOGY_PORT ?? "3000" },
    "pg-port": { type: "string", default: process.env.TOPOLOGY_PG_PORT ?? "54330" },
    dir: { type: "string" },
    "no-demo": { type: "boolean", default: false },
    fresh: { type: "boolean", default: false },
  },
});
const port = Number(values.port);
const pgPort = Number(values["pg-port"]);
if (!Number.isInteger(port) || !Number.isInteger(pgPort)) {
  console.error("usage: npm run topology -- [--port 3000] [--pg-port 54330] [--dir <folder>] [--no-demo] [--fresh]");
  process.exit(2);
}
// Below the system temp folder: as root, the `postgres` OS user must be able to enter it.
const dir = path.resolve(values.dir ?? path.join(os.tmpdir(), `sightline-topology-${port}`));
const say = (line: string) => console.log(`topology: ${line}`);

if (!existsSync(".next/BUILD_ID")) {
  say("no build yet: npm run build");
  if (spawnSync("npm", ["run", "build"], { stdio: "inherit" }).status !== 0) process.exit(1);
}

const started = Date.now();
// A Ctrl-C (or SIGTERM) at any time stops everything this started, start-up included.
const starting = new AbortController();
let topology: Awaited<ReturnType<typeof startTopology>> | null = null;
let isStopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (isStopping) return;
    isStopping = true;
    say("stopping");
    // while starting, the start-up stops what it started and then fails (and this exits below)
    if (topology) void topology.stop().then(() => process.exit(0));
    else starting.abort();
  });
}
try {
  const t = await startTopology({ dir, port, pgPort, demo: !values["no-demo"], fresh: values.fresh, log: say, signal: starting.signal, env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "info" } });
  topology = t;
  console.log(`
Sightline is up in ${Math.round((Date.now() - started) / 1000)} s: ${t.url}

  haproxy            ${t.url} (health checks on /api/health; stats ${t.statsUrl})
  web replicas       ${t.web.map((w) => w.url).join(", ")} (SIGHTLINE_ROLE=web)
  worker             ${t.workers[0]!.url}/api/health (SIGHTLINE_ROLE=worker)
  PgBouncer          127.0.0.1:${t.bouncer.port} (pool_mode = transaction) → primary 127.0.0.1:${t.primary.port}
  read replica       127.0.0.1:${t.replica.port} (streaming, slot sightline_replica)
  admin API token    ${t.token}
  data and logs      ${dir}
${values["no-demo"] ? "" : "\nDemo users (password sightline-demo) are listed on the sign-in page.\n"}
Ctrl-C stops everything; the next run reuses the data (--fresh starts over).`);
  // say so when a process of the topology ends by itself (haproxy keeps serving from the others)
  const seen = new Set<string>();
  setInterval(() => {
    if (isStopping) return;
    for (const p of [...t.web, ...t.workers]) {
      if (!p.isRunning() && !seen.has(p.name)) {
        seen.add(p.name);
        say(`${p.name} has stopped (see ${p.logFile})`);
      }
    }
  }, 2_000);
} catch (error) {
  if (!isStopping) console.error(`topology: could not start: ${(error as Error).message}`);
  process.exit(isStopping ? 0 : 1);
}
