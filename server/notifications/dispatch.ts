// The dispatcher: turns due transitions of the outbox into messages, one per endpoint that wants
// each (or none: noise control), in one transaction that also marks the transitions done, so a
// crash neither loses nor duplicates a message. Set-based writes; the decisions are noise.ts's.
import { db, type TTx } from "@/server/db";
import { GROUP_SELECT, toContract, toGroup, type TGroupRow } from "@/server/exceptions/queries";
import { notifyConfig, type TNotifyConfig } from "./config";
import { addToDigests, type TFolded } from "./digest";
import { factsOf, liveEndpoints } from "./endpoint-rows";
import { wantsException, type TGroupFacts } from "./filter";
import { insertMessages, type TNewMessage } from "./insert-messages";
import { newMessageId } from "./jobs";
import { decide, FLAP_WINDOW_SECONDS, type TGroupNoise } from "./noise";
import { EXCEPTION_MESSAGE_TYPES, type TExceptionMessageType } from "./notifications.types";

const DISPATCH_LOCK = 727_301;
const BATCH = 2_000;

type TEventRow = { id: bigint; type: TExceptionMessageType; group_id: number; is_reopen: boolean; resolved_for_seconds: number | null; assignee: string | null; created_at: Date };

async function readContext(tx: TTx, events: TEventRow[]) {
  const groupIds = [...new Set(events.map((e) => e.group_id))];
  const [groups, noise, latest, reopenings, silentChannels, [clock]] = await Promise.all([
    tx.$queryRaw<TGroupRow[]>`${GROUP_SELECT} where g.id = any(${groupIds}::int[])`,
    tx.$queryRaw<{ group_id: number; is_announced: boolean; last_sent_at: Date | null; damped_since: Date | null }[]>`
      select * from notification_group_state where group_id = any(${groupIds}::int[])`,
    tx.$queryRaw<{ group_id: number; type: string; id: bigint }[]>`
      select group_id, type, max(id) as id from notification_event where group_id = any(${groupIds}::int[]) group by group_id, type`,
    tx.$queryRaw<{ group_id: number; n: bigint }[]>`
      select group_id, count(*)::bigint as n from notification_event
      where group_id = any(${groupIds}::int[]) and type = 'exception.opened' and is_reopen and created_at > now() - make_interval(secs => ${FLAP_WINDOW_SECONDS})
      group by group_id`,
    tx.$queryRaw<{ channel: string }[]>`
      select distinct ch.code as channel from exception_group s join connector c on c.id = s.connector_id join channel ch on ch.id = c.channel_id
      where s.kind = 'silent_connector' and s.state <> 'resolved'`,
    tx.$queryRaw<{ now: Date; minute: Date }[]>`select now() as now, date_trunc('minute', now()) as minute`,
  ]);
  return {
    groups: new Map(groups.map((g) => [g.id, g])),
    noise: new Map<number, TGroupNoise>(noise.map((n) => [n.group_id, { isAnnounced: n.is_announced, lastSentAt: n.last_sent_at, dampedSince: n.damped_since }])),
    latest: new Map(latest.map((l) => [`${l.group_id}:${l.type}`, l.id])),
    reopenings: new Map(reopenings.map((r) => [r.group_id, Number(r.n)])),
    silentChannels: new Set(silentChannels.map((s) => s.channel)),
    now: clock!.now,
    minute: clock!.minute,
  };
}

/** Exception messages each endpoint already got this minute (its rate limit's count). */
async function sentThisMinute(tx: TTx, minute: Date): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ endpoint_id: string; n: bigint }[]>`
    select endpoint_id, count(*)::bigint as n from notification_message
    where created_at >= ${minute} and endpoint_id is not null and type = any(${[...EXCEPTION_MESSAGE_TYPES]}::text[])
    group by endpoint_id`;
  return new Map(rows.map((r) => [r.endpoint_id, Number(r.n)]));
}

/** One batch of due transitions → messages. Returns how many transitions it handled. */
async function dispatchBatch(tx: TTx, config: TNotifyConfig): Promise<{ events: number; messages: number }> {
  await tx.$executeRaw`select pg_advisory_xact_lock(${DISPATCH_LOCK})`;
  const events = await tx.$queryRaw<TEventRow[]>`
    select id, type, group_id, is_reopen, resolved_for_seconds, assignee, created_at from notification_event
    where dispatched_at is null and due_at <= now() order by id limit ${BATCH}`;
  if (events.length === 0) return { events: 0, messages: 0 };
  const c = await readContext(tx, events);
  const endpoints = (await liveEndpoints(tx)).map(factsOf);
  const counts = await sentThisMinute(tx, c.minute);
  const messages: TNewMessage[] = [];
  const folded: TFolded[] = [];
  const outcomes: string[] = [];
  const touched = new Set<number>();
  for (const e of events) {
    const row = c.groups.get(e.group_id);
    const group = row ? toGroup(row, c.now.getTime()) : null;
    const decision = decide(
      { type: e.type, isReopen: e.is_reopen, resolvedForSeconds: e.resolved_for_seconds },
      {
        now: c.now,
        group: group ? { kind: group.kind, state: group.state } : null,
        noise: c.noise.get(e.group_id) ?? { isAnnounced: false, lastSentAt: null, dampedSince: null },
        isSuperseded: (c.latest.get(`${e.group_id}:${e.type}`) ?? e.id) > e.id,
        reopeningsInWindow: c.reopenings.get(e.group_id) ?? 0,
        isMutedBySilentConnector: !!group?.scope.channel && c.silentChannels.has(group.scope.channel),
      },
    );
    c.noise.set(e.group_id, decision.noise);
    touched.add(e.group_id);
    outcomes.push(decision.send ? "sent" : decision.reason);
    if (!decision.send || !group) continue;
    const data = { ...toContract(group), url: `${config.publicUrl}/exceptions/${group.id}` };
    const payload = { type: e.type, timestamp: e.created_at.toISOString(), data };
    const facts: TGroupFacts = { kind: group.kind, severity: group.severity, scope: group.scope };
    for (const ep of endpoints) {
      if (!wantsException(ep, e.type, facts)) continue;
      const n = counts.get(ep.id) ?? 0;
      if (n < ep.rateLimitPerMinute) {
        counts.set(ep.id, n + 1);
        messages.push({ id: newMessageId(), endpoint_id: ep.id, to_address: null, type: e.type, group_id: group.id, payload });
      } else folded.push({ endpointId: ep.id, kind: group.kind, severity: group.severity });
    }
    if (e.type === "exception.assigned" && e.assignee && config.smtpUrl) {
      messages.push({ id: newMessageId(), endpoint_id: null, to_address: e.assignee, type: e.type, group_id: group.id, payload });
    }
  }
  await tx.$executeRaw`
    update notification_event e set dispatched_at = now(), outcome = u.outcome
    from unnest(${events.map((e) => e.id)}::bigint[], ${outcomes}::text[]) as u(id, outcome) where e.id = u.id`;
  const ids = [...touched];
  const states = ids.map((id) => c.noise.get(id)!);
  await tx.$executeRaw`
    insert into notification_group_state (group_id, is_announced, last_sent_at, damped_since)
    select * from unnest(${ids}::int[], ${states.map((s) => s.isAnnounced)}::boolean[],
                         ${states.map((s) => s.lastSentAt?.toISOString() ?? null)}::timestamptz[], ${states.map((s) => s.dampedSince?.toISOString() ?? null)}::timestamptz[])
    on conflict (group_id) do update set is_announced = excluded.is_announced, last_sent_at = excluded.last_sent_at, damped_since = excluded.damped_since`;
  await insertMessages(tx, messages);
  await addToDigests(tx, c.minute, folded);
  return { events: events.length, messages: messages.length };
}

/** Dispatches every due transition (batch after batch); the job queue's notify_dispatch task. */
export async function dispatchDue(opts: { config?: TNotifyConfig } = {}): Promise<{ events: number; messages: number }> {
  const config = opts.config ?? notifyConfig();
  const total = { events: 0, messages: 0 };
  for (;;) {
    const done = await db.$transaction((tx) => dispatchBatch(tx, config), { timeout: 120_000, maxWait: 30_000 });
    total.events += done.events;
    total.messages += done.messages;
    if (done.events < BATCH) return total;
  }
}
