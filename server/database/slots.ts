/**
 * SQL that takes a free one of `count` slots for the current transaction (a transaction-scoped
 * advisory lock on (key, slot)), or returns no row when all are taken. Released by the commit, the
 * rollback or the death of the session, so a crashed process never keeps one. It starts at a random
 * slot so that concurrent transactions do not all probe the same ones first.
 */
export function slotSql(slots: { key: number; count: number }): string {
  const count = Math.max(1, Math.trunc(slots.count));
  const start = Math.floor(Math.random() * count);
  return `select s from (select (g + ${start}) % ${count} as s from generate_series(0, ${count - 1}) g) x
          where pg_try_advisory_xact_lock(${Math.trunc(slots.key)}, s) limit 1`;
}
