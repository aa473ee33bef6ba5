// Raising occurrences into fingerprinted groups, and resolving groups whose condition cleared.
// Set-based SQL (unnest arrays): the detector raises thousands of occurrences per tick.
import type { TTx } from "@/server/db";
import { canonicalJson } from "@/server/ingest/canonical-json";
import { recordOpened, transitionsFrom } from "@/server/notifications/outbox";
import { loadConfig, type TResolvedConfig } from "./config";
import { fingerprint, isConditionKind, SEVERITY_RANK, severityFor, type TExceptionKind, type TExceptionState, type TScopeIds, type TSeverity } from "./kinds";

export const SYSTEM_ACTOR = "system";

export type TOccurrenceInput = {
  kind: TExceptionKind;
  scope: TScopeIds;
  /**
   * `event` (default for event kinds): each input is an occurrence — count + 1, units add up, a
   * resolved group reopens. `condition` (default for condition kinds): the condition is observed —
   * units are replaced, and the group only counts an occurrence when it opens or reopens.
   */
  mode?: "event" | "condition";
  unitsAtRisk?: number;
  at?: Date;
  eventPk?: bigint | number | null;
  details?: Record<string, unknown>;
  /** the least severity this occurrence deserves whatever its units (a rejected partner message) */
  severity?: TSeverity;
};

export type TRaiseResult = { opened: number; reopened: number; updated: number; ignored: number; unchanged?: number };

/**
 * An open condition observed again exactly as its group already says (same units, severity and
 * details) is not written: the periodic sweep re-observes every open condition, and rewriting tens
 * of thousands of unchanged groups every 30 s was most of the detector's cost under load. Its
 * last-seen time is refreshed at most this often.
 */
export const CONDITION_REFRESH_MS = 5 * 60_000;

type TAggregate = {
  fingerprint: string;
  kind: TExceptionKind;
  scope: TScopeIds;
  mode: "event" | "condition";
  n: number;
  unitsSum: number;
  unitsLast: number;
  firstAt: Date;
  lastAt: Date;
  details: Record<string, unknown>;
  inputs: TOccurrenceInput[];
  atLeast?: TSeverity;
};

type TExisting = { id: number; fingerprint: string; state: TExceptionState; units_at_risk: number; awaiting_clear: boolean; details: Record<string, unknown> | null };

function aggregate(inputs: TOccurrenceInput[], now: Date): Map<string, TAggregate> {
  const byFp = new Map<string, TAggregate>();
  for (const input of inputs) {
    const fp = fingerprint(input.kind, input.scope);
    const at = input.at ?? now;
    const units = Math.max(0, Math.round(input.unitsAtRisk ?? 0));
    const mode = input.mode ?? (isConditionKind(input.kind) ? "condition" : "event");
    const agg = byFp.get(fp);
    if (!agg) {
      byFp.set(fp, { fingerprint: fp, kind: input.kind, scope: input.scope, mode, n: 1, unitsSum: units, unitsLast: units, firstAt: at, lastAt: at, details: input.details ?? {}, inputs: [input], atLeast: input.severity });
      continue;
    }
    if (input.severity && (!agg.atLeast || SEVERITY_RANK[input.severity] > SEVERITY_RANK[agg.atLeast])) agg.atLeast = input.severity;
    agg.n++;
    agg.unitsSum += units;
    agg.inputs.push(input);
    if (at < agg.firstAt) agg.firstAt = at;
    if (at >= agg.lastAt) {
      agg.lastAt = at;
      agg.unitsLast = units;
      agg.details = { ...agg.details, ...input.details };
    }
  }
  return byFp;
}

/** Channel priority per scope: the channel's own, else the channel its connector reports for. */
async function priorities(tx: TTx) {
  const rows = await tx.$queryRaw<{ id: number; priority: number }[]>`select id, priority from channel`;
  const byChannel = new Map(rows.map((r) => [r.id, r.priority]));
  const connectors = await tx.$queryRaw<{ id: number; channel_id: number | null }[]>`select id, channel_id from connector where channel_id is not null`;
  const byConnector = new Map(connectors.map((c) => [c.id, byChannel.get(c.channel_id!) ?? null]));
  return (scope: TScopeIds): number | null =>
    scope.channelId != null ? (byChannel.get(scope.channelId) ?? null) : scope.connectorId != null ? (byConnector.get(scope.connectorId) ?? null) : null;
}

function slaDue(config: TResolvedConfig, kind: TExceptionKind, from: Date) {
  return new Date(from.getTime() + config.slaMinutes[kind] * 60_000);
}

/**
 * The condition observations that would change nothing (read without a lock: a group resolved by a
 * person meanwhile is simply seen again at the next observation, as if they had resolved it just
 * after this one).
 */
async function unchangedConditions(tx: TTx, groups: Map<string, TAggregate>, priorityOf: (scope: TScopeIds) => number | null, now: Date): Promise<string[]> {
  const conditions = [...groups.values()].filter((a) => a.mode === "condition");
  if (conditions.length === 0) return [];
  const rows = await tx.$queryRaw<{ fingerprint: string; units_at_risk: number; severity: string; details: Record<string, unknown> | null; last_seen_at: Date }[]>`
    select fingerprint, units_at_risk, severity, details, last_seen_at from exception_group
    where fingerprint = any(${conditions.map((a) => a.fingerprint)}::text[]) and state <> 'resolved'`;
  const unchanged: string[] = [];
  for (const r of rows) {
    const agg = groups.get(r.fingerprint)!;
    if (now.getTime() - r.last_seen_at.getTime() >= CONDITION_REFRESH_MS) continue;
    if (r.units_at_risk !== agg.unitsLast || r.severity !== severityFor(agg.kind, agg.unitsLast, priorityOf(agg.scope), agg.atLeast)) continue;
    // key order does not matter in jsonb
    if (canonicalJson({ ...(r.details ?? {}), ...agg.details }) !== canonicalJson(r.details ?? {})) continue;
    unchanged.push(r.fingerprint);
  }
  return unchanged;
}

/**
 * Raises occurrences: each lands in its group (kind + scope), opening it, reopening it after a
 * resolution, or counting on it. Any code may call it inside its own transaction.
 */
export async function raiseOccurrences(tx: TTx, inputs: TOccurrenceInput[], opts: { now?: Date; config?: TResolvedConfig } = {}): Promise<TRaiseResult> {
  const result: TRaiseResult = { opened: 0, reopened: 0, updated: 0, ignored: 0 };
  if (inputs.length === 0) return result;
  const now = opts.now ?? new Date();
  const config = opts.config ?? (await loadConfig(tx));
  const priorityOf = await priorities(tx);
  const groups = aggregate(inputs, now);
  const unchanged = await unchangedConditions(tx, groups, priorityOf, now);
  for (const fp of unchanged) groups.delete(fp);
  result.unchanged = unchanged.length;
  if (groups.size === 0) return result;
  const fps = [...groups.keys()];
  const existing = await tx.$queryRaw<TExisting[]>`
    select id, fingerprint, state, units_at_risk, awaiting_clear, details from exception_group
    where fingerprint = any(${fps}::text[]) order by id for update`;
  const byFp = new Map(existing.map((e) => [e.fingerprint, e]));

  const fresh: TAggregate[] = [];
  const updates: { id: number; state: TExceptionState; countAdd: number; units: number; severity: string; rank: number; lastAt: Date; reopenAt: Date | null; slaDueAt: Date | null; details: Record<string, unknown> }[] = [];
  const occurrences: { fp: string; at: Date; eventPk: bigint | null; details: Record<string, unknown> }[] = [];
  const reopenedIds: number[] = [];

  for (const agg of groups.values()) {
    const priority = priorityOf(agg.scope);
    const prior = byFp.get(agg.fingerprint);
    const occurrenceRows = agg.mode === "event" ? agg.inputs.map((i) => ({ fp: agg.fingerprint, at: i.at ?? now, eventPk: i.eventPk == null ? null : BigInt(i.eventPk), details: i.details ?? {} })) : [{ fp: agg.fingerprint, at: agg.lastAt, eventPk: null, details: agg.details }];
    if (!prior) {
      fresh.push(agg);
      occurrences.push(...occurrenceRows);
      result.opened++;
      continue;
    }
    const isResolved = prior.state === "resolved";
    if (isResolved && agg.mode === "condition" && prior.awaiting_clear) {
      result.ignored++;
      continue;
    }
    const units = isResolved || agg.mode === "condition" ? (agg.mode === "event" ? agg.unitsSum : agg.unitsLast) : prior.units_at_risk + agg.unitsSum;
    const severity = severityFor(agg.kind, units, priority, agg.atLeast);
    const countAdd = agg.mode === "event" ? agg.n : isResolved ? 1 : 0;
    updates.push({
      id: prior.id,
      state: isResolved ? "open" : prior.state,
      countAdd,
      units,
      severity,
      rank: SEVERITY_RANK[severity],
      lastAt: agg.lastAt,
      reopenAt: isResolved ? agg.firstAt : null,
      slaDueAt: isResolved ? slaDue(config, agg.kind, agg.firstAt) : null,
      details: { ...(prior.details ?? {}), ...agg.details },
    });
    if (isResolved || agg.mode === "event") occurrences.push(...occurrenceRows);
    if (isResolved) {
      reopenedIds.push(prior.id);
      result.reopened++;
    } else result.updated++;
  }

  if (fresh.length > 0) {
    await tx.$executeRaw`
      insert into exception_group (fingerprint, kind, sku_id, location_id, channel_id, connector_id, scope_value, severity, severity_rank, state, count,
                                   first_seen_at, last_seen_at, opened_at, sla_due_at, units_at_risk, details, order_ref, message_ref)
      select u.fp, u.kind, u.sku_id, u.location_id, u.channel_id, u.connector_id, u.scope_value, u.severity, u.rank, 'open', u.n,
             u.first_at, u.last_at, u.first_at, u.sla_due, u.units, u.details::jsonb, u.order_ref, u.message_ref
      from unnest(${fresh.map((a) => a.fingerprint)}::text[], ${fresh.map((a) => a.kind)}::text[],
                  ${fresh.map((a) => a.scope.skuId ?? null)}::int[], ${fresh.map((a) => a.scope.locationId ?? null)}::int[],
                  ${fresh.map((a) => a.scope.channelId ?? null)}::int[], ${fresh.map((a) => a.scope.connectorId ?? null)}::int[],
                  ${fresh.map((a) => a.scope.value ?? null)}::text[],
                  ${fresh.map((a) => severityFor(a.kind, a.mode === "event" ? a.unitsSum : a.unitsLast, priorityOf(a.scope), a.atLeast))}::text[],
                  ${fresh.map((a) => SEVERITY_RANK[severityFor(a.kind, a.mode === "event" ? a.unitsSum : a.unitsLast, priorityOf(a.scope), a.atLeast)])}::int[],
                  ${fresh.map((a) => (a.mode === "event" ? a.n : 1))}::int[],
                  ${fresh.map((a) => a.firstAt.toISOString())}::timestamptz[], ${fresh.map((a) => a.lastAt.toISOString())}::timestamptz[],
                  ${fresh.map((a) => slaDue(config, a.kind, a.firstAt).toISOString())}::timestamptz[],
                  ${fresh.map((a) => (a.mode === "event" ? a.unitsSum : a.unitsLast))}::int[],
                  ${fresh.map((a) => JSON.stringify({ ...a.details, ...(a.scope.reasonCode ? { reasonCode: a.scope.reasonCode } : {}) }))}::text[],
                  ${fresh.map((a) => a.scope.orderRef ?? null)}::text[], ${fresh.map((a) => a.scope.messageRef ?? null)}::text[])
        as u(fp, kind, sku_id, location_id, channel_id, connector_id, scope_value, severity, rank, n, first_at, last_at, sla_due, units, details, order_ref, message_ref)
      on conflict (fingerprint) do update set count = exception_group.count + excluded.count,
        last_seen_at = greatest(exception_group.last_seen_at, excluded.last_seen_at)`;
  }

  // the notification outbox: before the reopening update, which clears how long each had been resolved
  await recordOpened(tx, fresh.map((a) => a.fingerprint), reopenedIds);

  if (updates.length > 0) {
    await tx.$executeRaw`
      update exception_group g set
        state = u.state, count = g.count + u.count_add, units_at_risk = u.units, severity = u.severity, severity_rank = u.rank,
        last_seen_at = greatest(g.last_seen_at, u.last_at), details = u.details::jsonb,
        opened_at = coalesce(u.reopen_at, g.opened_at), sla_due_at = coalesce(u.sla_due, g.sla_due_at),
        resolution = case when u.reopen_at is null then g.resolution end,
        resolved_at = case when u.reopen_at is null then g.resolved_at end,
        sla_breached_at = case when u.reopen_at is null then g.sla_breached_at end
      from unnest(${updates.map((u) => u.id)}::int[], ${updates.map((u) => u.state)}::text[], ${updates.map((u) => u.countAdd)}::int[],
                  ${updates.map((u) => u.units)}::int[], ${updates.map((u) => u.severity)}::text[], ${updates.map((u) => u.rank)}::int[],
                  ${updates.map((u) => u.lastAt.toISOString())}::timestamptz[], ${updates.map((u) => u.reopenAt?.toISOString() ?? null)}::timestamptz[],
                  ${updates.map((u) => u.slaDueAt?.toISOString() ?? null)}::timestamptz[], ${updates.map((u) => JSON.stringify(u.details))}::text[])
        as u(id, state, count_add, units, severity, rank, last_at, reopen_at, sla_due, details)
      where g.id = u.id`;
  }

  if (occurrences.length > 0) {
    await tx.$executeRaw`
      insert into exception_occurrence (group_id, at, event_pk, details)
      select g.id, u.at, u.event_pk, u.details::jsonb
      from unnest(${occurrences.map((o) => o.fp)}::text[], ${occurrences.map((o) => o.at.toISOString())}::timestamptz[],
                  ${occurrences.map((o) => o.eventPk)}::bigint[], ${occurrences.map((o) => JSON.stringify(o.details))}::text[]) as u(fp, at, event_pk, details)
      join exception_group g on g.fingerprint = u.fp`;
  }

  if (reopenedIds.length > 0) {
    await tx.$executeRaw`
      insert into audit_log (actor_email, action, target_type, target_id, reason, details)
      select ${SYSTEM_ACTOR}, 'exception.reopen', 'exception', id::text, 'the condition recurred', jsonb_build_object('from', 'resolved', 'to', 'open', 'by', 'occurrence')
      from unnest(${reopenedIds}::int[]) as id`;
  }
  return result;
}

export type TAutoResolve = { id: number; reason: string };

/** Resolves groups whose condition cleared (resolution "auto"), each with a system audit row saying why. */
export async function resolveAutomatically(tx: TTx, items: TAutoResolve[]): Promise<number> {
  if (items.length === 0) return 0;
  const rows = await tx.$queryRaw<{ n: bigint }[]>`
    with wanted as (select * from unnest(${items.map((i) => i.id)}::int[], ${items.map((i) => i.reason)}::text[]) as w(id, reason)),
    locked as (select g.id, g.state, w.reason from exception_group g join wanted w on w.id = g.id where g.state <> 'resolved' order by g.id for update of g),
    done as (
      update exception_group g set state = 'resolved', resolution = 'auto', resolved_at = now(), snoozed_until = null, awaiting_clear = false
      from locked where g.id = locked.id returning g.id, locked.state as from_state, locked.reason)
    , audit as (
      insert into audit_log (actor_email, action, target_type, target_id, reason, details)
      select ${SYSTEM_ACTOR}, 'exception.auto_resolve', 'exception', id::text, reason, jsonb_build_object('from', from_state, 'to', 'resolved', 'resolution', 'auto')
      from done returning 1),
    notified as (${transitionsFrom("exception.resolved", "done")})
    select count(*)::bigint as n from audit`;
  return Number(rows[0]?.n ?? 0);
}

/** User-resolved condition groups whose condition has now cleared: a recurrence reopens them again. */
export async function markCleared(tx: TTx, ids: number[]) {
  if (ids.length === 0) return 0;
  return tx.$executeRaw`update exception_group set awaiting_clear = false where id = any(${ids}::int[]) and awaiting_clear`;
}
