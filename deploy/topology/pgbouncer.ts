// PgBouncer (Debian's) in transaction mode in front of the primary: each transaction gets a server
// connection for its own length only, so nothing may rely on a session (see README, "Deploying
// beyond one machine").
import { closeSync, openSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { chownTree, startChild, stopChild, waitFor, type TChild, type TIds } from "./os";

export type TBouncer = { port: number; url: (user: string, password: string, database?: string) => string; pid: () => number | undefined; stop: () => Promise<void>; isRunning: () => boolean };

export function pgbouncerConfig(opts: { dir: string; port: number; primaryPort: number; poolSize: number }): string {
  return `;; PgBouncer for Sightline (npm run topology)
[databases]
sightline = host=127.0.0.1 port=${opts.primaryPort} dbname=sightline

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${opts.port}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = ${path.join(opts.dir, "userlist.txt")}
admin_users = sightline
;; a server connection belongs to a client for one transaction only
pool_mode = transaction
;; transaction mode resets nothing between clients: Sightline leaves no session state behind
server_reset_query =
default_pool_size = ${opts.poolSize}
max_client_conn = 1000
;; a client waits at most this long for a server connection (then it gets an error, and a 503)
query_wait_timeout = 10
server_login_retry = 1
server_connect_timeout = 3
logfile = ${path.join(opts.dir, "pgbouncer.log")}
pidfile = ${path.join(opts.dir, "pgbouncer.pid")}
`;
}

export async function startPgBouncer(opts: { program: string; dir: string; port: number; primaryPort: number; users: Record<string, string>; poolSize?: number; ids: TIds }): Promise<TBouncer> {
  const dir = path.join(opts.dir, "pgbouncer");
  await mkdir(dir, { recursive: true });
  const config = path.join(dir, "pgbouncer.ini");
  await writeFile(config, pgbouncerConfig({ dir, port: opts.port, primaryPort: opts.primaryPort, poolSize: opts.poolSize ?? 40 }));
  // plain passwords let PgBouncer answer SCRAM itself and log in to PostgreSQL with SCRAM too
  await writeFile(path.join(dir, "userlist.txt"), Object.entries(opts.users).map(([u, p]) => `"${u}" "${p}"`).join("\n") + "\n", { mode: 0o600 });
  await chownTree(dir, opts.ids);
  const fd = openSync(path.join(opts.dir, "pgbouncer.out"), "a");
  const child: TChild = startChild(opts.program, [config], { ids: opts.ids, logFd: fd });
  closeSync(fd);
  const url = (user: string, password: string, database = "sightline") => `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`;
  const [user, password] = Object.entries(opts.users)[0]!;
  await waitFor(
    `PgBouncer (port ${opts.port}, log ${path.join(dir, "pgbouncer.log")})`,
    async () => {
      const client = new pg.Client({ connectionString: url(user, password), connectionTimeoutMillis: 1_000 });
      client.on("error", () => undefined);
      try {
        await client.connect();
        await client.query("select 1");
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    30_000,
    () => child.isRunning(),
  );
  return { port: opts.port, url, pid: () => child.proc.pid, stop: () => stopChild(child, "SIGINT"), isRunning: () => child.isRunning() };
}
