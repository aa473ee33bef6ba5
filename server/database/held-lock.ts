import pg from "pg";

/** Advisory lock keys held while a process starts (any constants; the same in every Sightline process). */
export const MIGRATION_LOCK = 727_001;
export const STARTUP_LOCK = 727_003;

/**
 * Runs `work` while a transaction on a connection of its own holds the advisory lock `key`, so that
 * several processes starting together take turns. A transaction-scoped lock in an open transaction
 * rather than a session lock: a transaction pooler lends the holder one server connection for the
 * whole transaction, so the lock means the same through PgBouncer as directly (a session lock taken
 * through it would stay behind on whichever server connection ran it). Ends with the transaction.
 */
export async function withHeldLock<T>(url: string, key: number, work: () => Promise<T>): Promise<T> {
  const holder = new pg.Client({ connectionString: url });
  holder.on("error", () => undefined);
  await holder.connect();
  try {
    await holder.query("begin");
    await holder.query("select pg_advisory_xact_lock($1)", [key]);
    return await work();
  } finally {
    await holder.query("commit").catch(() => undefined);
    await holder.end().catch(() => undefined);
  }
}
