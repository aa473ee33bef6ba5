import { db, type TTx } from "@/server/db";
import { EXCEPTION_KINDS, SEVERITIES, type TExceptionKind, type TSeverity } from "./kinds";
import { GROUP_SELECT, toGroup, type TExceptionGroup, type TGroupRow } from "./queries";

export type TExceptionSummary = {
  /** open + acknowledged: what needs attention */
  active: number;
  snoozed: number;
  breached: number;
  byKind: Record<TExceptionKind, number>;
  bySeverity: Record<TSeverity, number>;
  oldest: TExceptionGroup | null;
  resolvedLast24h: { auto: number; user: number };
};

/** The Overview's picture: active groups by kind and severity, SLA breaches, the oldest open item. */
export async function exceptionSummary(tx: TTx = db): Promise<TExceptionSummary> {
  const rows = await tx.$queryRaw<{ kind: TExceptionKind; severity: TSeverity; n: bigint; breached: bigint }[]>`
    select kind, severity, count(*)::bigint as n, count(*) filter (where sla_due_at < now())::bigint as breached
    from exception_group where state in ('open', 'acknowledged') group by kind, severity`;
  const byKind = Object.fromEntries(EXCEPTION_KINDS.map((k) => [k, 0])) as Record<TExceptionKind, number>;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<TSeverity, number>;
  let active = 0;
  let breached = 0;
  for (const r of rows) {
    byKind[r.kind] = (byKind[r.kind] ?? 0) + Number(r.n);
    bySeverity[r.severity] = (bySeverity[r.severity] ?? 0) + Number(r.n);
    active += Number(r.n);
    breached += Number(r.breached);
  }
  const [other] = await tx.$queryRaw<{ snoozed: bigint; auto: bigint; user: bigint }[]>`
    select count(*) filter (where state = 'snoozed')::bigint as snoozed,
           count(*) filter (where state = 'resolved' and resolution = 'auto' and resolved_at > now() - interval '24 hours')::bigint as auto,
           count(*) filter (where state = 'resolved' and resolution = 'user' and resolved_at > now() - interval '24 hours')::bigint as user
    from exception_group where state in ('snoozed', 'resolved')`;
  const [oldest] = await tx.$queryRaw<TGroupRow[]>`${GROUP_SELECT} where g.state in ('open', 'acknowledged') order by g.opened_at asc, g.id asc limit 1`;
  return {
    active,
    snoozed: Number(other?.snoozed ?? 0),
    breached,
    byKind,
    bySeverity,
    oldest: oldest ? toGroup(oldest) : null,
    resolvedLast24h: { auto: Number(other?.auto ?? 0), user: Number(other?.user ?? 0) },
  };
}
