// Reading plans and runs: one plan in the contract's shape, the list for /replays, a run's audit trail.
import { Prisma } from "@prisma/client";
import { listAudit } from "@/server/audit/audit";
import { db, type TTx } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import type { TBasis } from "./books";
import type { TApplyResult, TEffect, TPlanListQuery, TPlanPreview, TPlanStatus, TReplayPlanContract, TReplaySelector } from "./replay.types";

type TPlanRow = {
  id: string;
  created_at: Date;
  created_by: string;
  selector: TReplaySelector;
  status: TPlanStatus;
  events: number;
  would_apply: number;
  would_skip: number;
  would_fail: number;
  stale: number;
  effects: TEffect[];
  preview: TPlanPreview | null;
  reason: string | null;
  applied_at: Date | null;
  applied_by: string | null;
  started_at: Date | null;
  result: TApplyResult | null;
  progress: number;
  error: string | null;
};

// event_pks can hold 250,000 ids and is never read here: every planned event has exactly one outcome, so the counts add up to it.
const COLUMNS = Prisma.sql`id, created_at, created_by, selector, status, (would_apply + would_skip + would_fail) as events, would_apply, would_skip, would_fail, stale,
  effects, preview, reason, applied_at, applied_by, started_at, result, progress, error`;

export function toContract(r: TPlanRow): TReplayPlanContract {
  return {
    id: r.id,
    events: r.events,
    wouldApply: r.would_apply,
    wouldSkip: r.would_skip,
    wouldFail: r.would_fail,
    effects: r.effects,
    status: r.status,
    stale: r.stale,
    alsoReleased: r.preview?.alsoReleased ?? 0,
    failing: r.preview?.failing ?? [],
    staleEvents: r.preview?.stale ?? [],
    selector: r.selector,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    progress: r.progress,
    reason: r.reason,
    appliedAt: r.applied_at?.toISOString() ?? null,
    appliedBy: r.applied_by,
    result: r.result ? { applied: r.result.applied, skipped: r.result.skipped, failed: r.result.failed, stale: r.result.stale, alsoReleased: r.result.alsoReleased, auditId: r.result.auditId ?? null } : null,
    error: r.error,
  };
}

export async function findPlanRow(id: string, tx: TTx = db): Promise<TPlanRow | null> {
  const rows = await tx.$queryRaw<TPlanRow[]>`select ${COLUMNS} from replay_plan where id = ${id}`;
  return rows[0] ?? null;
}

export async function getPlan(id: string, tx: TTx = db): Promise<TReplayPlanContract> {
  const row = await findPlanRow(id, tx);
  if (!row) throw new AppError("not_found", `There is no replay plan ${id}.`);
  return toContract(row);
}

export type TPlanSummary = Omit<TReplayPlanContract, "effects" | "failing" | "staleEvents"> & { effectCount: number; startedAt: string | null };

/** Plans and runs, newest first (a cursor is `createdAt|id` of the last row). */
export async function listPlans(query: TPlanListQuery, tx: TTx = db): Promise<{ items: TPlanSummary[]; nextCursor: string | null }> {
  const where: Prisma.Sql[] = [];
  if (query.status) where.push(Prisma.sql`status = ${query.status}`);
  if (query.cursor) {
    const [at, id] = query.cursor.split("|");
    const t = Date.parse(at ?? "");
    if (Number.isNaN(t) || !id) throw new AppError("invalid_query", "cursor: pass back the nextCursor of the previous page.");
    where.push(Prisma.sql`(created_at, id) < (${new Date(t)}, ${id})`);
  }
  const rows = await tx.$queryRaw<(TPlanRow & { effect_count: number })[]>`
    select ${COLUMNS}, jsonb_array_length(effects)::int as effect_count from replay_plan
    ${where.length ? Prisma.sql`where ${Prisma.join(where, " and ")}` : Prisma.empty}
    order by created_at desc, id desc limit ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => {
      const { effects: _e, failing: _f, staleEvents: _s, ...rest } = toContract(r);
      return { ...rest, effectCount: r.effect_count, startedAt: r.started_at?.toISOString() ?? null, };
    }),
    nextCursor: rows.length > query.limit && last ? `${last.created_at.toISOString()}|${last.id}` : null,
  };
}

/** One run in full for /replays/{id}: the plan, its apply result's lists, and its audit trail. */
export async function planDetail(id: string, tx: TTx = db) {
  const row = await findPlanRow(id, tx);
  if (!row) throw new AppError("not_found", `There is no replay plan ${id}.`);
  const audit = await listAudit(tx, { targetType: "replay_plan", targetId: id, limit: 100 });
  return {
    plan: toContract(row),
    startedAt: row.started_at?.toISOString() ?? null,
    resultFailing: row.result?.failing ?? [],
    audit: audit.items.map((a) => ({ id: String(a.id), at: a.at.toISOString(), actorEmail: a.actorEmail, action: a.action, reason: a.reason, details: a.details as Record<string, unknown> | null })),
  };
}
export type TPlanDetail = Awaited<ReturnType<typeof planDetail>>;

/** What a running replay's progress bar polls: no effects, no lists. */
export async function getPlanProgress(id: string, tx: TTx = db) {
  const [r] = await tx.$queryRaw<Pick<TPlanRow, "id" | "status" | "progress" | "events" | "result" | "error">[]>`
    select id, status, progress, (would_apply + would_skip + would_fail) as events, result, error from replay_plan where id = ${id}`;
  if (!r) throw new AppError("not_found", `There is no replay plan ${id}.`);
  return {
    id: r.id,
    status: r.status,
    progress: r.progress,
    events: r.events,
    error: r.error,
    result: r.result ? { applied: r.result.applied, skipped: r.result.skipped, failed: r.result.failed, stale: r.result.stale, alsoReleased: r.result.alsoReleased, auditId: r.result.auditId ?? null } : null,
  };
}

/** The basis and event ids of a plan (the apply path only). */
export type TPlanBasis = { basis: TBasis; releasedBy: "replay" | "operator" };
