// Applying a plan (POST /api/v1/replays/{id}/apply): exactly the plan's events, in occurredAt /
// sequence order, through the real reprocessing, refused when the plan was applied already or its
// basis moved. A small plan applies in one transaction; a large one is marked `applying` and the
// replay worker applies it chunk by chunk, each chunk and the plan's progress in one transaction.
import type pg from "pg";
import { recordAuditSql } from "@/server/audit/audit";
import { inPgTransaction } from "@/server/database/pg-transaction";
import { reprocessEvents } from "@/server/ingest/reprocess";
import { AppError } from "@/server/lib/errors";
import { movedSinceBasis, type TBasis } from "./books";
import { describeEvents } from "./describe";
import { PREVIEW_LIST_MAX } from "./plan";
import type { TApplyResponse, TApplyResult, TPlanStatus } from "./replay.types";

/** Events per transaction; a plan larger than one chunk applies in the background. */
export function replayChunkSize() {
  const n = Number(process.env.SIGHTLINE_REPLAY_CHUNK ?? 5_000);
  return Number.isInteger(n) && n > 0 ? n : 5_000;
}

type TLockedPlan = { id: string; status: TPlanStatus; basis: TBasis; released_by: "replay" | "operator" | null; events: number; progress: number; reason: string | null; applied_by: string | null; result: TApplyResult | null };

async function lockPlan(client: pg.ClientBase, id: string, opts: { withBasis?: boolean } = {}): Promise<TLockedPlan> {
  // the basis (thousands of revisions) is only read when an apply starts, not for every chunk
  const { rows } = await client.query<TLockedPlan>(
    `select id, status, ${opts.withBasis ? "basis" : "null as basis"}, preview->>'releasedBy' as released_by, (would_apply + would_skip + would_fail) as events,
            progress, reason, applied_by, result
     from replay_plan where id = $1 for update`,
    [id],
  );
  if (!rows[0]) throw new AppError("not_found", `There is no replay plan ${id}.`);
  return rows[0];
}

function refuseUnlessPlanned(plan: TLockedPlan) {
  if (plan.status === "applied" || plan.status === "applying") {
    throw new AppError("plan_already_applied", `Replay plan ${plan.id} is already ${plan.status}: applying it again would change nothing. Preview again to replay what is still held or rejected.`);
  }
  if (plan.status !== "planned") throw new AppError("conflict", `Replay plan ${plan.id} is ${plan.status}; preview again to make a new plan.`);
}

const zeroResult = (): TApplyResult => ({ applied: 0, skipped: 0, failed: 0, stale: 0, alsoReleased: 0, failing: [] });

/** Runs one slice of a plan's events and adds what happened to the running result. */
async function runSlice(client: pg.ClientBase, planId: string, from: number, count: number, releasedBy: "replay" | "operator", into: TApplyResult) {
  // event_pks is 1-based in SQL: the slice [from + 1, from + count]
  const { rows } = await client.query<{ pks: string[] }>("select coalesce(event_pks[$2:$3], '{}')::text[] as pks from replay_plan where id = $1", [planId, from + 1, from + count]);
  const pks = rows[0]!.pks;
  const r = await reprocessEvents(client, pks, { releasedBy });
  const failed = r.outcomes.filter((o) => o.outcome === "failed").map((o) => o.pk);
  const applied = r.outcomes.filter((o) => o.outcome === "applied").map((o) => o.pk);
  const stale = applied.length
    ? Number((await client.query<{ n: number }>(`select count(*)::int as n from event where id = any($1::bigint[]) and (flags->>'beforeSnapshot' = 'true' or flags->>'staleSnapshot' = 'true')`, [applied])).rows[0]!.n)
    : 0;
  into.applied += applied.length;
  into.skipped += r.outcomes.filter((o) => o.outcome === "skipped").length;
  into.failed += failed.length;
  into.stale += stale;
  into.alsoReleased += r.alsoReleased.length;
  const room = PREVIEW_LIST_MAX - into.failing.length;
  if (room > 0 && failed.length) into.failing.push(...(await describeEvents(client, failed.slice(0, room))));
  return pks.length;
}

/** Marks a plan applied with its result and audits it, in the caller's transaction. */
async function finish(client: pg.ClientBase, plan: { id: string; events: number; reason: string; appliedBy: string }, result: TApplyResult) {
  const audit = await recordAuditSql(client, {
    actorEmail: plan.appliedBy,
    action: "replay.apply",
    targetType: "replay_plan",
    targetId: plan.id,
    reason: plan.reason,
    details: { events: plan.events, applied: result.applied, skipped: result.skipped, failed: result.failed, stale: result.stale, alsoReleased: result.alsoReleased },
  });
  result.auditId = audit.id;
  await client.query(`update replay_plan set status = 'applied', applied_at = now(), progress = $2, result = $3::jsonb, error = null where id = $1`, [plan.id, plan.events, JSON.stringify(result)]);
  return audit.id;
}

function response(id: string, status: TPlanStatus, events: number, progress: number, result: TApplyResult): TApplyResponse {
  return { id, status, applied: result.applied, skipped: result.skipped, failed: result.failed, progress, events, auditId: result.auditId ?? null };
}

/**
 * Applies a plan once. 404 unknown plan; 409 plan_already_applied; 409 plan_stale when a position
 * or target it touches changed since the preview (nothing is applied: preview again).
 */
export async function applyPlan(id: string, reason: string, actorEmail: string): Promise<TApplyResponse> {
  const chunk = replayChunkSize();
  const answer = await inPgTransaction(
    async (client) => {
      const plan = await lockPlan(client, id, { withBasis: true });
      refuseUnlessPlanned(plan);
      const moved = await movedSinceBasis(client, plan.basis);
      if (moved.length) {
        const names = moved.slice(0, 5).map((m) => `${m.sku} @ ${m.location ?? m.channel}`).join(", ");
        throw new AppError("plan_stale", `The book changed since this plan was previewed (${names}${moved.length > 5 ? ", …" : ""}); preview again and confirm the new numbers.`, {
          details: moved.map((m) => ({ message: `${m.sku} @ ${m.location ?? m.channel} changed`, field: m.location ? "location" : "channel" })),
        });
      }
      const releasedBy = plan.released_by ?? "replay";
      if (plan.events <= chunk) {
        const result = zeroResult();
        await runSlice(client, id, 0, plan.events, releasedBy, result);
        await client.query("update replay_plan set reason = $2, applied_by = $3, started_at = now() where id = $1", [id, reason, actorEmail]);
        await finish(client, { id, events: plan.events, reason, appliedBy: actorEmail }, result);
        return response(id, "applied", plan.events, plan.events, result);
      }
      await client.query(`update replay_plan set status = 'applying', reason = $2, applied_by = $3, started_at = now(), progress = 0, result = $4::jsonb where id = $1`, [id, reason, actorEmail, JSON.stringify(zeroResult())]);
      await recordAuditSql(client, { actorEmail, action: "replay.apply_started", targetType: "replay_plan", targetId: id, reason, details: { events: plan.events, chunk } });
      return response(id, "applying", plan.events, 0, zeroResult());
    },
    { statementTimeout: "300s" },
  );
  if (answer.status === "applying") wakeReplayWorker();
  return answer;
}

/**
 * The worker's step: the oldest applying plan's next chunk, its progress and (at the end) its
 * result and audit row, all in the caller's transaction. Returns false when nothing is applying.
 */
export async function applyNextChunk(client: pg.ClientBase): Promise<{ planId: string; progress: number; events: number; isDone: boolean } | null> {
  const { rows } = await client.query<{ id: string }>(`select id from replay_plan where status = 'applying' order by started_at, id limit 1 for update skip locked`);
  if (!rows[0]) return null;
  const plan = await lockPlan(client, rows[0].id);
  const result = plan.result ?? zeroResult();
  const count = Math.min(replayChunkSize(), plan.events - plan.progress);
  const done = count > 0 ? await runSlice(client, plan.id, plan.progress, count, plan.released_by ?? "replay", result) : 0;
  const progress = plan.progress + done;
  // the slice came back short only at the end of the plan's events
  if (progress >= plan.events || done < count) {
    await finish(client, { id: plan.id, events: plan.events, reason: plan.reason ?? "", appliedBy: plan.applied_by ?? "system" }, result);
    return { planId: plan.id, progress, events: plan.events, isDone: true };
  }
  await client.query("update replay_plan set progress = $2, result = $3::jsonb where id = $1", [plan.id, progress, JSON.stringify(result)]);
  return { planId: plan.id, progress, events: plan.events, isDone: false };
}

/** Stops a plan: a planned one is discarded, an applying one stops after the chunk in flight (what it applied stays applied). */
export async function cancelPlan(id: string, actorEmail: string, reason?: string) {
  return inPgTransaction(async (client) => {
    const plan = await lockPlan(client, id);
    if (plan.status !== "planned" && plan.status !== "applying") throw new AppError("conflict", `Replay plan ${id} is ${plan.status}; only a planned or applying plan can be cancelled.`);
    const result = { ...(plan.result ?? zeroResult()), cancelledBy: actorEmail };
    const audit = await recordAuditSql(client, { actorEmail, action: "replay.cancel", targetType: "replay_plan", targetId: id, reason: reason ?? null, details: { from: plan.status, progress: plan.progress, events: plan.events, applied: result.applied } });
    result.auditId = audit.id;
    await client.query("update replay_plan set status = 'cancelled', result = $2::jsonb where id = $1", [id, JSON.stringify(result)]);
    return response(id, "cancelled", plan.events, plan.progress, result);
  });
}

/** Marks an applying plan failed (an error that retrying will not fix), audited. */
export async function failPlan(id: string, message: string) {
  await inPgTransaction(async (client) => {
    const plan = await lockPlan(client, id);
    if (plan.status !== "applying") return;
    await recordAuditSql(client, { actorEmail: "system", action: "replay.failed", targetType: "replay_plan", targetId: id, reason: message.slice(0, 500), details: { progress: plan.progress, events: plan.events } });
    await client.query("update replay_plan set status = 'failed', error = $2 where id = $1", [id, message.slice(0, 1000)]);
  });
}

const WAKE_KEY = "__sightlineReplayWake";
/** Route handlers and the worker are separate module instances in one process: they meet on globalThis. */
export function onReplayWake(listener: (() => void) | undefined) {
  (globalThis as Record<string, unknown>)[WAKE_KEY] = listener;
}
export function wakeReplayWorker() {
  ((globalThis as Record<string, unknown>)[WAKE_KEY] as (() => void) | undefined)?.();
}
