// What people do to groups: one action (with its audit row, in one transaction) or the same
// action over many groups at once (set-based SQL: 10,000 groups in one statement per step).
import { Prisma } from "@prisma/client";
import { recordAudit } from "@/server/audit/audit";
import { db, type TTx } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import { recordOpened, recordTransition, transitionsFrom } from "@/server/notifications/outbox";
import { loadConfig } from "./config";
import type { TBulkAction } from "./exceptions.types";
import { CONDITION_KINDS, isConditionKind, type TExceptionKind, type TExceptionState } from "./kinds";
import { filterSql, getException, type TExceptionGroup } from "./queries";
import { canTransition, statesThatMayBecome, targetState, type TExceptionAction } from "./state-machine";

export type TActor = { email: string };

async function requireAssignee(tx: TTx, email: string | null) {
  if (email === null) return;
  const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) throw new AppError("invalid_field", `assignee: no user has the email ${email}.`, { details: [{ path: "assignee", message: "unknown user" }] });
}

function futureUntil(until: string): Date {
  const at = new Date(until);
  if (at.getTime() <= Date.now()) {
    throw new AppError("invalid_field", "until: a snooze must end in the future.", { details: [{ path: "until", message: "must be in the future" }] });
  }
  return at;
}

function refuse(from: TExceptionState, action: string): never {
  const allowed: Record<TExceptionState, string> = {
    open: "acknowledge, snooze or resolve",
    acknowledged: "snooze or resolve",
    snoozed: "acknowledge or resolve",
    resolved: "reopen",
  };
  throw new AppError("invalid_transition", `A group that is ${from} cannot be moved by "${action}"; it can ${allowed[from]}.`);
}

/** Applies one action to one group and audits it, in one transaction; answers the updated group. */
export async function actOnException(id: number, action: TExceptionAction, actor: TActor): Promise<TExceptionGroup> {
  return db.$transaction(async (tx) => {
    const [g] = await tx.$queryRaw<{ id: number; kind: TExceptionKind; state: TExceptionState; assignee: string | null }[]>`
      select id, kind, state, assignee from exception_group where id = ${id} for update`;
    if (!g) throw new AppError("not_found", `No exception group ${id}.`);
    const to = targetState(action.action);
    if (to && !canTransition(g.state, to)) refuse(g.state, action.action);
    const details: Record<string, unknown> = { from: g.state, to: to ?? g.state };
    let reason: string | null = null;
    switch (action.action) {
      case "acknowledge":
        await tx.$executeRaw`update exception_group set state = 'acknowledged', snoozed_until = null where id = ${id}`;
        break;
      case "snooze": {
        const until = futureUntil(action.until);
        await tx.$executeRaw`update exception_group set state = 'snoozed', snoozed_until = ${until} where id = ${id}`;
        details.until = until.toISOString();
        break;
      }
      case "resolve":
        await tx.$executeRaw`update exception_group set state = 'resolved', resolution = 'user', resolved_at = now(), snoozed_until = null,
                               awaiting_clear = ${isConditionKind(g.kind)} where id = ${id}`;
        if (action.note) {
          await tx.exceptionNote.create({ data: { groupId: id, authorEmail: actor.email, text: action.note } });
          reason = action.note;
        }
        await recordTransition(tx, "exception.resolved", [id]);
        break;
      case "reopen": {
        const config = await loadConfig(tx);
        const due = new Date(Date.now() + config.slaMinutes[g.kind] * 60_000);
        await recordOpened(tx, [], [id]);
        await tx.$executeRaw`update exception_group set state = 'open', resolution = null, resolved_at = null, awaiting_clear = false,
                               opened_at = now(), sla_due_at = ${due}, sla_breached_at = null where id = ${id}`;
        break;
      }
      case "assign":
        await requireAssignee(tx, action.assignee);
        await tx.$executeRaw`update exception_group set assignee = ${action.assignee} where id = ${id}`;
        if (action.assignee) await recordTransition(tx, "exception.assigned", [id], { assignee: action.assignee });
        Object.assign(details, { assignee: action.assignee, previousAssignee: g.assignee });
        break;
      case "note":
        await tx.exceptionNote.create({ data: { groupId: id, authorEmail: actor.email, text: action.text } });
        details.text = action.text;
        break;
    }
    await recordAudit(tx, { actorEmail: actor.email, action: `exception.${action.action}`, targetType: "exception", targetId: id, reason, details: details as Prisma.InputJsonValue });
    return getException(id, tx);
  });
}

export type TBulkResult = { matched: number; updated: number; skipped: number };

const CONDITION_ARRAY = [...CONDITION_KINDS];

/** The same action over chosen ids or everything a filter matches; groups it cannot apply to are skipped. */
export async function bulkActOnExceptions(input: TBulkAction, actor: TActor): Promise<TBulkResult> {
  const selection = input.ids ? Prisma.sql`g.id = any(${input.ids}::int[])` : filterSql(input.filter!, actor.email);
  const to = targetState(input.action);
  const from = to ? statesThatMayBecome(to) : ["open", "acknowledged", "snoozed", "resolved"];
  const until = input.action === "snooze" ? futureUntil(input.until!) : null;
  return db.$transaction(
    async (tx) => {
      if (input.action === "assign") await requireAssignee(tx, input.assignee ?? null);
      const [matched] = await tx.$queryRaw<{ n: bigint }[]>`select count(*)::bigint as n from exception_group g where ${selection}`;
      const set =
        input.action === "acknowledge"
          ? Prisma.sql`state = 'acknowledged', snoozed_until = null`
          : input.action === "snooze"
            ? Prisma.sql`state = 'snoozed', snoozed_until = ${until}`
            : input.action === "resolve"
              ? Prisma.sql`state = 'resolved', resolution = 'user', resolved_at = now(), snoozed_until = null, awaiting_clear = (g.kind = any(${CONDITION_ARRAY}::text[]))`
              : Prisma.sql`assignee = ${input.assignee ?? null}`;
      const extra =
        input.action === "snooze"
          ? Prisma.sql`, 'until', ${until!.toISOString()}::text`
          : input.action === "assign"
            ? Prisma.sql`, 'assignee', ${input.assignee ?? null}::text, 'previousAssignee', t.assignee`
            : Prisma.sql``;
      // the notification outbox, from the groups this statement changed
      const notified =
        input.action === "resolve"
          ? Prisma.sql`, notified as (${transitionsFrom("exception.resolved", "done")})`
          : input.action === "assign" && input.assignee
            ? Prisma.sql`, notified as (${transitionsFrom("exception.assigned", "done", { assignee: input.assignee })})`
            : Prisma.empty;
      // Rows are locked in id order, as the detector locks them, so the two never deadlock.
      const [row] = await tx.$queryRaw<{ n: bigint }[]>`
        with target as (
          select g.id, g.state, g.assignee from exception_group g
          where ${selection} and g.state = any(${from}::text[]) order by g.id for update),
        done as (
          update exception_group g set ${set} from target t where g.id = t.id
          returning g.id, t.state as from_state, g.state as to_state, t.assignee),
        notes as (
          insert into exception_note (group_id, author_email, text)
          select id, ${actor.email}, ${input.note ?? ""} from done where ${input.action === "resolve" && !!input.note}
          returning 1),
        audit as (
          insert into audit_log (actor_email, action, target_type, target_id, reason, details)
          select ${actor.email}, ${`exception.${input.action}`}, 'exception', t.id::text, ${input.note ?? null},
                 jsonb_build_object('from', t.from_state, 'to', t.to_state, 'bulk', true ${extra})
          from done t returning 1)
        ${notified}
        select (select count(*) from audit)::bigint + 0 * (select count(*) from notes) as n`;
      const updated = Number(row?.n ?? 0);
      const total = Number(matched?.n ?? 0);
      return { matched: total, updated, skipped: total - updated };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}
