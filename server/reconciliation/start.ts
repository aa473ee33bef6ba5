// Starting a run (on demand or by the schedule) and noticing runs whose process died. A run is a
// row in `running` plus a job on the queue, added in one transaction; the partial unique index on
// running runs makes a second start a 409 whichever process tries.
import type pg from "pg";
import { recordAuditSql } from "@/server/audit/audit";
import { inPgTransaction } from "@/server/database/pg-transaction";
import { db } from "@/server/db";
import { enqueueJob } from "@/server/jobs/queue";
import { AppError } from "@/server/lib/errors";
import { onRunFinished } from "./hooks";
import type { TRunScope, TRunTrigger, TStartRun } from "./reconciliation.types";
import { loadReconciliationSettings } from "./settings";

export const RUN_TASK = "reconciliation.run";
/** A running run whose process has not shown a sign of life for this long is marked failed. */
export const LEASE_SECONDS = 60;

/** The scope with its codes de-duplicated and sorted, and the key runs of the same scope share. */
export function normaliseScope(scope: TRunScope | undefined): { scope: TRunScope; key: string } {
  const out: TRunScope = {};
  for (const field of ["locations", "channels", "skus"] as const) {
    const list = scope?.[field];
    if (list?.length) out[field] = [...new Set(list)].sort();
  }
  return { scope: out, key: JSON.stringify(out) };
}

/** Every code of the scope must exist: a typo would otherwise make an empty, misleading report. */
async function checkScope(scope: TRunScope) {
  const tables = { locations: "location", channels: "channel", skus: "sku" } as const;
  for (const [field, table] of Object.entries(tables) as [keyof TRunScope, string][]) {
    const list = scope[field];
    if (!list) continue;
    const rows = await db.$queryRawUnsafe<{ code: string }[]>(`select code from ${table} where code = any($1::text[])`, list);
    const known = new Set(rows.map((r) => r.code));
    const unknown = list.filter((c) => !known.has(c));
    if (unknown.length) {
      const message = `scope.${field}: no ${table} has the code ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ""}.`;
      throw new AppError("invalid_field", message, { details: [{ path: `scope.${field}`, field, message }] });
    }
  }
}

/** Starts a run in the background: 202 {id, status: "running"}, or 409 run_in_progress. */
export async function startRun(input: TStartRun, opts: { trigger: TRunTrigger; by: string | null }): Promise<{ id: number; status: "running" }> {
  const { scope, key } = normaliseScope(input.scope);
  await checkScope(scope);
  await sweepStaleRuns();
  const settings = await loadReconciliationSettings();
  try {
    return await inPgTransaction(async (client) => {
      const { rows } = await client.query<{ id: number }>(
        `insert into reconciliation_run (status, trigger, scope, scope_key, note, started_by, tolerance_units, tolerance_percent)
         values ('running', $1, $2::jsonb, $3, $4, $5, $6, $7) returning id`,
        [opts.trigger, JSON.stringify(scope), key, input.note || null, opts.by, settings.toleranceUnits, settings.tolerancePercent],
      );
      const id = rows[0]!.id;
      await client.query(`insert into reconciliation_progress (run_id) values ($1)`, [id]);
      // one attempt: a run that fails is marked failed (and can be started again), never retried behind people's backs
      await enqueueJob(client, RUN_TASK, { runId: id }, { maxAttempts: 1, jobKey: `reconciliation:run:${id}` });
      if (opts.by) await recordAuditSql(client, { actorEmail: opts.by, action: "reconciliation.start", targetType: "reconciliation_run", targetId: id, reason: input.note ?? null, details: { scope } });
      return { id, status: "running" as const };
    });
  } catch (error) {
    if ((error as { code?: string; constraint?: string }).constraint === "reconciliation_run_one_running") {
      const [running] = await db.$queryRaw<{ id: number }[]>`select id from reconciliation_run where status = 'running' limit 1`;
      const which = running ? `Run ${running.id} is still running (GET /api/v1/reconciliations/${running.id})` : "Another run is still running";
      throw new AppError("run_in_progress", `${which}: one run at a time. Start again when it is done.`);
    }
    throw error;
  }
}

/** Marks one running run failed and announces it, in one transaction; false when it was no longer running. */
export async function failRun(client: pg.ClientBase, runId: number, error: string): Promise<boolean> {
  const { rows } = await client.query<{ trigger: "manual" | "schedule"; started_at: Date; finished_at: Date }>(
    `update reconciliation_run set status = 'failed', finished_at = clock_timestamp(), error = $2 where id = $1 and status = 'running'
     returning trigger, started_at, finished_at`,
    [runId, error.slice(0, 2000)],
  );
  const row = rows[0];
  if (!row) return false;
  await client.query(`update reconciliation_progress set phase = 'failed' where run_id = $1`, [runId]);
  await onRunFinished(client, { id: runId, status: "failed", trigger: row.trigger, startedAt: row.started_at, finishedAt: row.finished_at, totals: null, error });
  return true;
}

/**
 * Running runs whose process stopped showing signs of life (it crashed, or no job runner took the
 * run) become failed, so a run is never left `running` for ever and the next one may start.
 */
export async function sweepStaleRuns(leaseSeconds = LEASE_SECONDS): Promise<number[]> {
  const stale = await db.$queryRaw<{ id: number }[]>`
    select r.id from reconciliation_run r join reconciliation_progress p on p.run_id = r.id
    where r.status = 'running' and p.heartbeat_at < now() - make_interval(secs => ${leaseSeconds})`;
  const failed: number[] = [];
  for (const { id } of stale) {
    const did = await inPgTransaction((client) =>
      failRun(client, id, `The process running it stopped: no sign of life for ${leaseSeconds} s (a crash or a restart, or no job runner took it). Nothing of it was kept; start a new run.`),
    );
    if (did) failed.push(id);
  }
  return failed;
}
