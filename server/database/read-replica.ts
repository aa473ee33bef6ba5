// Where the pages' reads go when DATABASE_READ_URL names a streaming replica. Dashboards, KPIs,
// lists, the drift explorer and exports read there; ingest, replay, publish, reconciliation and
// every write use the primary (DATABASE_URL), and so does the REST API (a connector's or script's
// read after its own ingest must see it). A session that has just written reads the primary until
// the replica has replayed past that write (its commit position travels in a cookie).
import { isDatabaseUnavailable } from "@/server/lib/errors";
import { logger } from "@/server/lib/logger";
import { onDatabase, primaryPool, replicaDatabase } from "@/server/db";
import { isLsn, lagSeconds, parseLsn, rememberSample, type TLsnSample } from "./replica-lag";

const CHECK_EVERY_MS = 1_000;

type TState = {
  samples: TLsnSample[];
  isUp: boolean | null;
  replayLsn: bigint | null;
  lagSeconds: number;
  checking: Promise<void> | null;
  timer: NodeJS.Timeout | null;
};

// On globalThis: Next's server bundle and server/main.ts each hold a copy of this module.
const holder = globalThis as unknown as { __sightlineReplicaState?: TState };
function state(): TState {
  holder.__sightlineReplicaState ??= { samples: [], isUp: null, replayLsn: null, lagSeconds: 0, checking: null, timer: null };
  return holder.__sightlineReplicaState;
}

function setUp(isUp: boolean, err?: unknown) {
  const s = state();
  if (s.isUp === isUp) return;
  // said once per change, not once per read
  if (!isUp) logger.warn({ err: (err as Error | undefined)?.message }, "the read replica (DATABASE_READ_URL) is unreachable: pages read from the primary until it is back");
  else if (s.isUp === false) logger.info("the read replica is back: pages read from it again");
  s.isUp = isUp;
}

/**
 * One check: the primary's WAL position now (kept with its time), then how far the replica has
 * replayed. The replica holds everything the primary had at the last sample at or below that
 * position, so its data is as old as that sample (0 when it has replayed the newest one).
 */
async function check(): Promise<void> {
  const replica = replicaDatabase();
  if (!replica) return;
  const s = state();
  try {
    const primary = await primaryPool().query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn");
    s.samples = rememberSample(s.samples, { at: Date.now(), lsn: parseLsn(primary.rows[0]!.lsn) });
  } catch {
    return; // the primary is down: nothing to compare with (and its own reads answer 503)
  }
  try {
    const { rows } = await replica.pool.query<{ recovery: boolean; replay: string | null }>("select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as replay");
    const row = rows[0]!;
    s.replayLsn = row.recovery && row.replay ? parseLsn(row.replay) : null;
    s.lagSeconds = s.replayLsn === null ? 0 : lagSeconds(s.samples, s.replayLsn, Date.now());
    setUp(true);
  } catch (err) {
    setUp(false, err);
  }
}

function checkNow(): Promise<void> {
  const s = state();
  s.checking ??= check().finally(() => (state().checking = null));
  return s.checking;
}

async function ready(): Promise<TState> {
  const s = state();
  if (!s.timer) {
    s.timer = setInterval(() => void checkNow(), CHECK_EVERY_MS);
    s.timer.unref();
  }
  if (s.isUp === null) await checkNow();
  return s;
}

export type TReadSource = {
  source: "replica" | "primary";
  /** seconds the replica's data is behind the primary (0 on the primary) */
  lagSeconds: number;
  reason: "replica" | "no_replica" | "replica_down" | "own_write";
};

/** Where a page's read goes: the replica, unless there is none, it is down, or it has not replayed this session's last write. */
export async function readSource(sessionLsn: string | null): Promise<TReadSource> {
  if (!replicaDatabase()) return { source: "primary", lagSeconds: 0, reason: "no_replica" };
  const s = await ready();
  if (!s.isUp) return { source: "primary", lagSeconds: 0, reason: "replica_down" };
  const written = sessionLsn && isLsn(sessionLsn) ? parseLsn(sessionLsn) : null;
  if (written !== null && s.replayLsn !== null && written > s.replayLsn) return { source: "primary", lagSeconds: 0, reason: "own_write" };
  return { source: "replica", lagSeconds: Math.round(s.lagSeconds), reason: "replica" };
}

/**
 * Runs a page's read where `readSource` says. A replica that fails it (gone since the last check,
 * or a query cancelled by a conflict with recovery) is retried on the primary: it is only a read.
 */
export async function onReadReplica<T>(sessionLsn: string | null, work: () => Promise<T>): Promise<T> {
  const where = await readSource(sessionLsn);
  const replica = replicaDatabase();
  if (where.source !== "replica" || !replica) return work();
  try {
    return await onDatabase(replica, work);
  } catch (err) {
    const isGone = isDatabaseUnavailable(err);
    if (!isGone && !isRecoveryConflict(err)) throw err;
    if (isGone) setUp(false, err);
    return work();
  }
}

function isRecoveryConflict(err: unknown): boolean {
  const text = `${(err as { code?: string }).code ?? ""} ${(err as Error).message ?? ""}`;
  return /40001|conflict with recovery/.test(text);
}

/** The primary's WAL position after a write (what the session must see from now on), when there is a replica to compare with. */
export async function primaryWalLsn(): Promise<string | null> {
  if (!replicaDatabase()) return null;
  const { rows } = await primaryPool().query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn");
  return rows[0]?.lsn ?? null;
}

export function stopReplicaMonitor() {
  const s = state();
  if (s.timer) clearInterval(s.timer);
  s.timer = null;
}
