// Exceptions per hour × channel, recomputed from exception_group and the audit log (the record of
// every open, reopen and resolve): a group opens when first seen and at every reopen; it resolves at
// each resolve or auto_resolve, its time to resolve measured from the opening before it. Triggers on
// exception_group and audit_log add each statement's openings and resolutions in its own
// transaction (migration exception_hour_counters, the same rules); the worker recomputes all of
// history once when it starts (a seeded history, counts from before the triggers).
import type { TTx } from "@/server/db";
import { HOUR_MS } from "./window";

/** How far back every tick recomputes. */
export const RECENT_HOURS = 2;

const groupChannel = "coalesce(g.channel_id, gc.channel_id, 0)";
const groupId = "(case when a.target_id ~ '^[0-9]{1,9}$' then a.target_id::int end)";

/** Rewrites the hours in [from, to) (whole hours). */
export async function recomputeExceptionHours(tx: TTx, from: Date, to: Date): Promise<number> {
  await tx.$executeRaw`delete from kpi_exception_hourly where hour >= ${from} and hour < ${to}`;
  return tx.$executeRawUnsafe(
    `with x as (
       select g.first_seen_at as at, ${groupChannel} as ch, 1 as opened, 0 as resolved, 0::float8 as minutes
       from exception_group g left join connector gc on gc.id = g.connector_id
       where g.first_seen_at >= $1 and g.first_seen_at < $2
       union all
       select a.at, ${groupChannel}, 1, 0, 0
       from audit_log a join exception_group g on g.id = ${groupId} left join connector gc on gc.id = g.connector_id
       where a.target_type = 'exception' and a.action = 'exception.reopen' and a.at >= $1 and a.at < $2
       union all
       select a.at, ${groupChannel}, 0, 1, extract(epoch from a.at - greatest(g.first_seen_at, ro.at))::float8 / 60
       from audit_log a join exception_group g on g.id = ${groupId} left join connector gc on gc.id = g.connector_id
       -- the group's last reopen before this resolve, if any (one index probe per resolve)
       left join lateral (
         select max(r.at) as at from audit_log r
         where r.target_type = 'exception' and r.target_id = a.target_id and r.action = 'exception.reopen' and r.at <= a.at) ro on true
       where a.target_type = 'exception' and a.action in ('exception.resolve', 'exception.auto_resolve') and a.at >= $1 and a.at < $2)
     insert into kpi_exception_hourly (hour, channel_id, opened, resolved, resolve_minutes)
     select date_trunc('hour', x.at, 'UTC'), x.ch, sum(x.opened), sum(x.resolved), coalesce(sum(x.minutes), 0) from x group by 1, 2 order by 1, 2`,
    from,
    to,
  );
}

/** The recent hours (every tick), or all of history when `isFull`. */
export async function rollUpExceptions(tx: TTx, opts: { isFull: boolean; now?: Date }) {
  const now = opts.now ?? new Date();
  const to = new Date(Math.ceil((now.getTime() + 1) / HOUR_MS) * HOUR_MS + HOUR_MS);
  let from = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - RECENT_HOURS * HOUR_MS);
  if (opts.isFull) {
    const [first] = await tx.$queryRaw<{ at: Date | null }[]>`
      select least((select min(first_seen_at) from exception_group),
                   (select min(at) from audit_log where target_type = 'exception' and action in ('exception.resolve', 'exception.auto_resolve', 'exception.reopen'))) as at`;
    if (first?.at && first.at < from) from = new Date(Math.floor(first.at.getTime() / HOUR_MS) * HOUR_MS);
    await tx.$executeRaw`delete from kpi_exception_hourly where hour < ${from} or hour >= ${to}`;
  }
  return recomputeExceptionHours(tx, from, to);
}
