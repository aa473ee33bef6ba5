// Limits that hold for the whole deployment, whichever replica answers: their state lives in
// PostgreSQL. A connector's request budget is a token bucket row; the ingest concurrency gate is a
// set of transaction-scoped advisory locks, so a slot is freed by the commit, the rollback or the
// death of the process that held it, and nothing depends on a pooled connection's session.
import type pg from "pg";
import { pgPool } from "@/server/db";

/**
 * Takes one request from the connector's bucket (`rate` a second, bursts of the same size) in one
 * atomic statement. Returns 0 when the request may go ahead, else the seconds to wait.
 * statement_timestamp() keeps one instant per statement; `at` never moves back, so a statement that
 * waited for the row behind a later one refills nothing twice.
 */
const TAKE_SQL = `
  insert into connector_rate_bucket as b (connector_id, tokens, at, allowed)
  values ($1, $2::float8 - 1, statement_timestamp(), true)
  on conflict (connector_id) do update set
    allowed = least($2::float8, b.tokens + greatest(0, extract(epoch from statement_timestamp() - b.at))::float8 * $2::float8) >= 1,
    tokens = least($2::float8, b.tokens + greatest(0, extract(epoch from statement_timestamp() - b.at))::float8 * $2::float8)
             - case when least($2::float8, b.tokens + greatest(0, extract(epoch from statement_timestamp() - b.at))::float8 * $2::float8) >= 1 then 1 else 0 end,
    at = greatest(b.at, statement_timestamp())
  returning allowed, tokens`;

export async function takeRateToken(connectorId: number, ratePerSecond: number, runner: pg.Pool | pg.ClientBase = pgPool()): Promise<number> {
  const { rows } = await runner.query<{ allowed: boolean; tokens: number }>(TAKE_SQL, [connectorId, ratePerSecond]);
  const row = rows[0]!;
  return row.allowed ? 0 : retryAfterSeconds(row.tokens, ratePerSecond);
}

/** Whole seconds until the bucket holds one token again (at least 1). */
export function retryAfterSeconds(tokens: number, ratePerSecond: number): number {
  return Math.max(1, Math.ceil((1 - tokens) / ratePerSecond));
}

/** Ingest batches in their transaction at once, across the deployment (SIGHTLINE_INGEST_CONCURRENCY). */
export const INGEST_SLOTS = { key: 727_401, count: Number(process.env.SIGHTLINE_INGEST_CONCURRENCY ?? 24) };

/** Caps concurrent work in this process; past the cap callers answer 503 rather than queue for its pool without bound. */
export class ConcurrencyGate {
  private active = 0;
  constructor(private readonly limit: number) {}
  tryEnter(): boolean {
    if (this.active >= this.limit) return false;
    this.active++;
    return true;
  }
  leave() {
    this.active = Math.max(0, this.active - 1);
  }
}
