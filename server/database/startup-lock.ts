import pg from "pg";

// Any constant works; it only has to be the same for every Sightline process.
const STARTUP_LOCK = 727_003;

/**
 * Runs `work` (the bootstrap token, the demo seed) while holding a session advisory lock, so that
 * several processes starting together take turns: the second finds the first's work done. The lock
 * is held on its own connection to `directUrl`, never through a transaction pooler, where the next
 * transaction could land on another server session.
 */
export async function withStartupLock<T>(directUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: directUrl });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [STARTUP_LOCK]);
    return await work();
  } finally {
    await client.query("select pg_advisory_unlock($1)", [STARTUP_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
