// The topology suite's shared deployment (deploy/topology): a primary and a streaming replica,
// PgBouncer in transaction mode, two `web` replicas and a `worker`, haproxy in front. Its processes
// are children of this (the runner's) process, so test files stop and start them through a small
// control endpoint on 127.0.0.1 (kill -9 a replica, start another worker, stop the replica…).
import { existsSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startTopology, type TTopology } from "../../deploy/topology/topology";
import { BASE_PORT, PG_BASE_PORT, type TTopologyInfo } from "./lib/topology";

function controlServer(t: TTopology, port: number) {
  const processes = () => [...t.web, ...t.workers];
  const status = () => ({
    processes: Object.fromEntries(processes().map((p) => [p.name, { role: p.role, url: p.url, isRunning: p.isRunning(), pid: p.pid() ?? null, logFile: p.logFile }])),
    replica: t.replica.isRunning(),
  });
  const act = async (action: string, target: string): Promise<unknown> => {
    if (action === "status") return status();
    if (action === "add-worker") return { name: t.addWorker().name };
    if (target === "replica") {
      if (action === "stop") await t.replica.stop();
      else if (action === "start") await t.replica.start();
      else throw new Error(`unknown action ${action} for the replica`);
      return status();
    }
    const p = processes().find((x) => x.name === target);
    if (!p) throw new Error(`no process ${target}`);
    if (action === "freeze" || action === "thaw") {
      // SIGSTOP / SIGCONT: a process that hangs (mid-transaction, perhaps) and one that goes on
      if (!p.isRunning()) throw new Error(`${target} is not running`);
      process.kill(p.pid()!, action === "freeze" ? "SIGSTOP" : "SIGCONT");
    } else if (action === "kill") {
      // a frozen process must be able to die
      process.kill(p.pid()!, "SIGCONT");
      await p.stop("SIGKILL");
    }
    else if (action === "stop") await p.stop("SIGTERM");
    else if (action === "start") await p.start();
    else throw new Error(`unknown action ${action}`);
    return status();
  };
  const server = http.createServer((req, res) => {
    const [, action = "", target = ""] = (req.url ?? "/").split("/");
    act(action, target).then(
      (body) => (res.writeHead(200, { "content-type": "application/json" }), res.end(JSON.stringify(body))),
      (err: unknown) => (res.writeHead(500, { "content-type": "application/json" }), res.end(JSON.stringify({ error: (err as Error).message }))),
    );
  });
  server.requestTimeout = 0;
  return new Promise<http.Server>((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

export default async function setup(project: TestProject) {
  if (!existsSync(".next/BUILD_ID")) throw new Error("The topology tests run the built server: run `npm run build` first.");
  const dir = path.join(os.tmpdir(), `sightline-topology-test-${BASE_PORT}`);
  const started = Date.now();
  const t = await startTopology({ dir, port: BASE_PORT, pgPort: PG_BASE_PORT, fresh: true, env: { LOG_LEVEL: "info", SIGHTLINE_REPLAY_CHUNK: "50" } });
  const controlPort = BASE_PORT + 8;
  const control = await controlServer(t, controlPort);
  const info: TTopologyInfo = {
    url: t.url,
    token: t.token,
    control: `http://127.0.0.1:${controlPort}`,
    primaryAdmin: t.primary.url("sightline"),
    replicaAdmin: t.replica.url("sightline"),
    bouncerAdmin: t.urls.pooled.replace(/\/sightline$/, "/pgbouncer"),
    pooled: t.urls.pooled,
    web: t.web.map((w) => ({ name: w.name, url: w.url })),
    dir,
  };
  project.provide("topology", info);
  console.log(`topology up in ${Math.round((Date.now() - started) / 1000)} s: ${t.url} (data and logs in ${dir})`);
  return async () => {
    await new Promise((r) => control.close(() => r(undefined)));
    await t.stop();
  };
}
