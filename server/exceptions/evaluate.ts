// Part 2 of detection: what time and healing data decide. Stale feeds and silent connectors,
// snoozes that ran out, SLA breaches, and the auto-resolution of every kind whose condition cleared.
import type { TTx } from "@/server/db";
import { BALANCE_FIELDS } from "@/server/ingest/event-log";
import { areTargetsUnderCurrentStaleness } from "@/server/targets/staleness";
import type { TResolvedConfig } from "./config";
import { clearedBookGroups, findNegativeAtp, findOversellRisk, findSystemDrift, type TClear } from "./detect-book";
import { transitionsFrom } from "@/server/notifications/outbox";
import { clearedOrderGroups, findOrderConditions } from "./detect-orders";
import { markCleared, raiseOccurrences, resolveAutomatically, SYSTEM_ACTOR, type TOccurrenceInput } from "./raise";

/** inventory_position.snapshot_fields is a bit mask in BALANCE_FIELDS order. */
const RESERVED_BIT = 1 << BALANCE_FIELDS.indexOf("reserved");

/** Channels whose last channel.quantity.* is older than their freshness SLO (never reported: not stale). */
async function staleFeeds(tx: TTx) {
  return tx.$queryRaw<{ id: number; slo: number; last_at: Date | null; stale_seconds: number | null; units: number }[]>`
    select c.id, c.freshness_slo_seconds as slo, x.last_at,
           extract(epoch from now() - x.last_at)::int as stale_seconds,
           coalesce((select sum(greatest(cp.exposed - cp.target, 0)) from channel_position cp where cp.channel_id = c.id), 0)::int as units
    from channel c cross join lateral (select max(occurred_at) as last_at from channel_exposure ce where ce.channel_id = c.id) x`;
}

async function connectors(tx: TTx) {
  return tx.$queryRaw<{ id: number; heartbeat_seconds: number; last_seen_at: Date | null; silent_seconds: number | null }[]>`
    select id, heartbeat_seconds, last_seen_at, extract(epoch from now() - last_seen_at)::int as silent_seconds from connector`;
}

/** stale_feed and silent_connector: raise what holds, and report the groups whose feed is back. */
async function timeConditions(tx: TTx): Promise<{ raise: TOccurrenceInput[]; healthy: { channels: Set<number>; connectors: Set<number> } }> {
  const raise: TOccurrenceInput[] = [];
  const healthy = { channels: new Set<number>(), connectors: new Set<number>() };
  for (const c of await staleFeeds(tx)) {
    if (c.last_at !== null && (c.stale_seconds ?? 0) > c.slo) {
      raise.push({
        kind: "stale_feed",
        scope: { channelId: c.id },
        unitsAtRisk: c.units,
        details: { lastUpdateAt: c.last_at.toISOString(), staleSeconds: c.stale_seconds, sloSeconds: c.slo },
      });
    } else healthy.channels.add(c.id);
  }
  for (const c of await connectors(tx)) {
    if (c.last_seen_at !== null && (c.silent_seconds ?? 0) > c.heartbeat_seconds) {
      raise.push({
        kind: "silent_connector",
        scope: { connectorId: c.id },
        details: { lastSeenAt: c.last_seen_at.toISOString(), silentSeconds: c.silent_seconds, heartbeatSeconds: c.heartbeat_seconds },
      });
    } else healthy.connectors.add(c.id);
  }
  return { raise, healthy };
}

async function clearedTimeGroups(tx: TTx, healthy: { channels: Set<number>; connectors: Set<number> }): Promise<TClear[]> {
  const rows = await tx.$queryRaw<{ id: number; kind: string; state: string; channel_id: number | null; connector_id: number | null }[]>`
    select id, kind, state, channel_id, connector_id from exception_group
    where kind in ('stale_feed', 'silent_connector') and (state <> 'resolved' or awaiting_clear)`;
  return rows
    .filter((g) => (g.kind === "stale_feed" ? healthy.channels.has(g.channel_id!) : healthy.connectors.has(g.connector_id!)))
    .map((g) => ({ id: g.id, isActive: g.state !== "resolved", reason: g.kind === "stale_feed" ? "the channel reported within its freshness SLO" : "the connector is reporting again" }));
}

/** The event kinds heal by later data: gap filled, dead letters replayed, a publish after a failure… */
async function clearedEventGroups(tx: TTx, config: TResolvedConfig): Promise<TClear[]> {
  const rows = await tx.$queryRaw<{ id: number; reason: string }[]>`
    select g.id, 'no events are held any more: the sequence gap filled' as reason from exception_group g
    where g.kind = 'sequence_gap' and g.state <> 'resolved'
      and not exists (select 1 from event e where e.connector_id = g.connector_id and e.status = 'held')
    union all
    select g.id, 'no event of this group is still rejected (replayed or fixed)' from exception_group g
    where g.kind = 'rejected_event' and g.state <> 'resolved'
      and not exists (select 1 from event e where e.connector_id = g.connector_id and e.status = 'rejected'
                        and coalesce(e.reasons->0->>'code', 'unknown') = g.details->>'reasonCode'
                        and coalesce(e.reasons->0->>'value', e.reasons->0->>'field', '') = g.scope_value)
    union all
    select g.id, 'the channel published this SKU after the failed push' from exception_group g
    where g.kind = 'push_failed' and g.state <> 'resolved'
      and exists (select 1 from channel_exposure x where x.channel_id = g.channel_id and x.sku_id = g.sku_id
                    and x.occurred_at > (g.details->>'failedAt')::timestamptz)
    union all
    select g.id, case when g.details->>'conflict' = 'unknown_order' and exists (
                   select 1 from event e where e.order_ref = g.details->>'orderRef' and e.status = 'accepted'
                     and e.type in ('order.created', 'reservation.created') and e.sku_id = g.sku_id)
                 then 'the order it named arrived' else 'the book was rebased by a snapshot, or no new conflict for a while' end
    from exception_group g
    where g.kind = 'reservation_conflict' and g.state <> 'resolved'
      and ((g.details->>'conflict' = 'unknown_order' and exists (
              select 1 from event e where e.order_ref = g.details->>'orderRef' and e.status = 'accepted'
                and e.type in ('order.created', 'reservation.created') and e.sku_id = g.sku_id))
        or exists (select 1 from inventory_position p where p.sku_id = g.sku_id and p.location_id = g.location_id
                     and p.snapshot_at > g.last_seen_at and (p.snapshot_fields & ${RESERVED_BIT}) <> 0)
        or g.last_seen_at < now() - make_interval(secs => ${config.reservationQuietSeconds}))
    union all
    select g.id, 'no new conflicting duplicate for a while' from exception_group g
    where g.kind = 'conflicting_duplicate' and g.state <> 'resolved'
      and g.last_seen_at < now() - make_interval(secs => ${config.conflictQuietSeconds})`;
  return rows.map((r) => ({ id: r.id, isActive: true, reason: r.reason }));
}

/** snoozed → open once `until` passed (a system transition, audited). */
async function wakeSnoozed(tx: TTx) {
  const rows = await tx.$queryRaw<{ n: bigint }[]>`
    with woke as (
      update exception_group set state = 'open', snoozed_until = null
      where id = any(array(select id from exception_group where state = 'snoozed' and snoozed_until <= now() order by id for update))
      returning id),
    audit as (
      insert into audit_log (actor_email, action, target_type, target_id, reason, details)
      select ${SYSTEM_ACTOR}, 'exception.snooze_expired', 'exception', id::text, 'the snooze ran out', jsonb_build_object('from', 'snoozed', 'to', 'open')
      from woke returning 1)
    select count(*)::bigint as n from audit`;
  return Number(rows[0]?.n ?? 0);
}

/** Marks (once) the groups whose SLA passed while open or acknowledged. */
async function markSlaBreaches(tx: TTx) {
  const rows = await tx.$queryRaw<{ n: bigint }[]>`
    with breached as (
      update exception_group set sla_breached_at = now()
      where id = any(array(select id from exception_group where state in ('open', 'acknowledged') and sla_due_at < now() and sla_breached_at is null order by id for update))
      returning id, sla_due_at),
    audit as (
      insert into audit_log (actor_email, action, target_type, target_id, reason, details)
      select ${SYSTEM_ACTOR}, 'exception.sla_breached', 'exception', id::text, 'the SLA due time passed', jsonb_build_object('slaDueAt', sla_due_at)
      from breached returning 1),
    notified as (${transitionsFrom("exception.sla_breached", "breached")})
    select count(*)::bigint as n from audit`;
  return Number(rows[0]?.n ?? 0);
}

async function applyClears(tx: TTx, clears: TClear[]) {
  const resolved = await resolveAutomatically(tx, clears.filter((c) => c.isActive));
  await markCleared(tx, clears.filter((c) => !c.isActive).map((c) => c.id));
  return resolved;
}

export type TEvaluateResult = { raised: number; autoResolved: number; woke: number; breached: number };

/**
 * One evaluator pass. `sweep` also re-reads the whole book for the state kinds (policy publishes
 * move targets without any event; the event path covers the rest within seconds).
 */
export async function evaluateOnce(tx: TTx, config: TResolvedConfig, opts: { sweep?: boolean } = {}): Promise<TEvaluateResult> {
  const woke = await wakeSnoozed(tx);
  const time = await timeConditions(tx);
  const raise = [...time.raise, ...(await findOrderConditions(tx))];
  // Target-based kinds are judged only against targets computed under the current staleness.
  const areTargetsCurrent = await areTargetsUnderCurrentStaleness(tx);
  if (opts.sweep) {
    raise.push(...(await findNegativeAtp(tx, { all: true })), ...(await findSystemDrift(tx, { all: true }, config)));
    if (areTargetsCurrent) raise.push(...(await findOversellRisk(tx, { all: true })).occurrences);
  }
  const raised = await raiseOccurrences(tx, raise, { config });
  const clears = [
    ...(await clearedTimeGroups(tx, time.healthy)),
    ...(await clearedBookGroups(tx, config, { areTargetsCurrent })),
    ...(await clearedEventGroups(tx, config)),
    ...(await clearedOrderGroups(tx)),
  ];
  const autoResolved = await applyClears(tx, clears);
  const breached = await markSlaBreaches(tx);
  return { raised: raised.opened + raised.reopened, autoResolved, woke, breached };
}
