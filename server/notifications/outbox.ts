// The outbox's writing side, called inside the transactions that change exception groups and
// targets. Each is one set-based INSERT … SELECT (no row loop), and writes nothing while no
// endpoint is enabled; the notification_event insert trigger adds the dispatcher's job.
import { Prisma } from "@prisma/client";
import type { TTx } from "@/server/db";
import { notifyConfig } from "./config";
import type { TExceptionMessageType } from "./notifications.types";

const ANY_ENDPOINT = Prisma.sql`exists (select 1 from notification_endpoint where enabled)`;
const ANY_AVAILABILITY_ENDPOINT = Prisma.sql`exists (select 1 from notification_endpoint where enabled and 'availability.changed' = any(event_types))`;

function wanted(type: TExceptionMessageType): Prisma.Sql {
  // an assignee hears of an assignment by email even when no endpoint exists
  return type === "exception.assigned" && notifyConfig().smtpUrl ? Prisma.sql`true` : ANY_ENDPOINT;
}

/**
 * exception.opened for groups just created (by fingerprint) and groups reopening (by id). Call it
 * before the reopening update: it reads how long each had stayed resolved (flap damping).
 */
export async function recordOpened(tx: TTx, freshFingerprints: string[], reopenedIds: number[]): Promise<void> {
  if (freshFingerprints.length === 0 && reopenedIds.length === 0) return;
  await tx.$executeRaw`
    insert into notification_event (type, group_id, is_reopen, resolved_for_seconds, due_at)
    select 'exception.opened', g.id, g.state = 'resolved',
           case when g.state = 'resolved' then extract(epoch from now() - coalesce(g.resolved_at, now()))::int end,
           now() + make_interval(secs => ${notifyConfig().holdSeconds})
    from (select id from exception_group where fingerprint = any(${freshFingerprints}::text[]) union select unnest(${reopenedIds}::int[])) w
    join exception_group g on g.id = w.id
    where ${ANY_ENDPOINT}`;
}

/** A transition of groups by id (resolved, assigned, SLA breached by a person's action). */
export async function recordTransition(tx: TTx, type: TExceptionMessageType, ids: number[], opts: { assignee?: string | null } = {}): Promise<void> {
  if (ids.length === 0) return;
  await tx.$executeRaw`
    insert into notification_event (type, group_id, assignee, due_at)
    select ${type}, id, ${opts.assignee ?? null}, now() from unnest(${ids}::int[]) as id where ${wanted(type)}`;
}

/**
 * The same as a data-modifying CTE over `relation` (a CTE of the caller's statement with an `id`
 * column), for set-based statements that change many groups at once: `, notified as (${…})`.
 */
export function transitionsFrom(type: TExceptionMessageType, relation: string, opts: { assignee?: string | null } = {}): Prisma.Sql {
  return Prisma.sql`
    insert into notification_event (type, group_id, assignee, due_at)
    select ${type}, r.id, ${opts.assignee ?? null}, now() from ${Prisma.raw(relation)} r where ${wanted(type)} returning 1`;
}

/** True when some enabled endpoint wants availability.changed (target writers then keep their changes). */
export async function isAvailabilityWanted(tx: TTx): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ wanted: boolean }[]>`select ${ANY_AVAILABILITY_ENDPOINT} as wanted`;
  return !!row?.wanted;
}
