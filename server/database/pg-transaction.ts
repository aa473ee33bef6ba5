import type pg from "pg";
import { pgPool } from "@/server/db";
import { slotSql } from "./slots";

const RETRYABLE = new Set(["40P01", "40001"]);

export type TSlots = { key: number; count: number; whenFull: () => Error };

/**
 * Runs `work` in one transaction on a pg client (the hot paths' SQL), retrying deadlocks and
 * serialisation failures: the work is redone whole, so a retry is exact. `rollback: true` runs it
 * and undoes it (a dry run that sees exactly what applying would do). `slots`: the transaction
 * first takes one of `count` slots shared by every process (transaction-scoped advisory locks), or
 * throws `whenFull()` when all are taken.
 */
export async function inPgTransaction<T>(
  work: (client: pg.PoolClient) => Promise<T>,
  opts: { rollback?: boolean; statementTimeout?: string; waitForFlush?: boolean; slots?: TSlots } = {},
): Promise<T> {
  const timeout = opts.statementTimeout ?? "30s";
  if (!/^\d+(us|ms|s|min|h|d)?$/.test(timeout)) throw new Error(`bad statement timeout ${timeout}`);
  // One round trip opens the transaction: every statement here is text without parameters, and
  // each is transaction-scoped (SET LOCAL, xact locks), so a transaction pooler is safe behind it.
  const opening = ["begin", `set local statement_timeout = '${timeout}'`];
  // `waitForFlush: false` commits without waiting for the WAL to reach disk: only for writes a
  // crash may lose (counters), never for anything a caller is told is stored.
  if (opts.waitForFlush === false) opening.push("set local synchronous_commit = off");
  for (let attempt = 0; ; attempt++) {
    const client = await pgPool().connect();
    try {
      const statements = opts.slots ? [...opening, slotSql(opts.slots)] : opening;
      const results = (await client.query(statements.join(";\n"))) as unknown as pg.QueryResult[];
      if (opts.slots && results.at(-1)?.rowCount !== 1) throw opts.slots.whenFull();
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
