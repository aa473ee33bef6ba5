import type pg from "pg";
import { pgPool } from "@/server/db";

const RETRYABLE = new Set(["40P01", "40001"]);

/**
 * Runs `work` in one transaction on a pg client (the hot paths' SQL), retrying deadlocks and
 * serialisation failures: the work is redone whole, so a retry is exact. `rollback: true` runs it
 * and undoes it (a dry run that sees exactly what applying would do).
 */
export async function inPgTransaction<T>(
  work: (client: pg.PoolClient) => Promise<T>,
  opts: { rollback?: boolean; statementTimeout?: string; waitForFlush?: boolean } = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const client = await pgPool().connect();
    try {
      await client.query("begin");
      await client.query(`set local statement_timeout = '${opts.statementTimeout ?? "30s"}'`);
      // `waitForFlush: false` commits without waiting for the WAL to reach disk: only for writes a
      // crash may lose (counters), never for anything a caller is told is stored.
      if (opts.waitForFlush === false) await client.query("set local synchronous_commit = off");
      const result = await work(client);
      await client.query(opts.rollback ? "rollback" : "commit");
      return result;
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      const code = (error as { code?: string }).code;
      if (code && RETRYABLE.has(code) && attempt < 5) {
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
        continue;
      }
      throw error;
    } finally {
      client.release();
    }
  }
}
