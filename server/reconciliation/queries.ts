// Reading runs: the list (newest first), one run with its summaries, and the trend across runs.
import { Prisma } from "@prisma/client";
import { db, type TTx } from "@/server/db";
import { decodeCursor, encodeCursor } from "@/server/drift/paging";
import { AppError } from "@/server/lib/errors";
import { z } from "zod";
import type { TRun, TRunDetail, TRunListQuery, TRunScope, TRunStatus, TRunTrigger, TTotals } from "./reconciliation.types";

type TRunRow = {
  id: number;
  status: TRunStatus;
  trigger: TRunTrigger;
  scope: TRunScope;
  note: string | null;
  started_by: string | null;
  started_at: Date;
  finished_at: Date | null;
  tolerance_units: number;
  tolerance_percent: number;
  previous_run_id: number | null;
  snapshot_at: Date | null;
  totals: TTotals | null;
  error: string | null;
  progress: number | null;
  phase: string | null;
};

const COLUMNS = Prisma.sql`r.id, r.status, r.trigger, r.scope, r.note, r.started_by, r.started_at, r.finished_at, r.tolerance_units, r.tolerance_percent,
  r.previous_run_id, r.snapshot_at, r.totals, r.error, p.progress, p.phase`;

function toRun(r: TRunRow): TRun {
  return {
    id: r.id,
    status: r.status,
    trigger: r.trigger,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    note: r.note,
    progress: r.status === "done" ? 1 : Math.min(1, Math.max(0, r.progress ?? 0)),
    totals: r.status === "done" ? r.totals : null,
    scope: r.scope ?? {},
    startedBy: r.started_by,
    toleranceUnits: r.tolerance_units,
    tolerancePercent: r.tolerance_percent,
    snapshotAt: r.snapshot_at?.toISOString() ?? null,
    previousRunId: r.previous_run_id,
    error: r.error,
  };
}

const ZRunCursor = z.number().int().positive();

export async function listRuns(query: TRunListQuery, tx: TTx = db): Promise<{ items: TRun[]; nextCursor: string | null }> {
  const after = decodeCursor(query.cursor, ZRunCursor);
  const where: Prisma.Sql[] = [];
  if (query.status) where.push(Prisma.sql`r.status = ${query.status}`);
  if (after !== undefined) where.push(Prisma.sql`r.id < ${after}`);
  const rows = await tx.$queryRaw<TRunRow[]>`
    select ${COLUMNS} from reconciliation_run r left join reconciliation_progress p on p.run_id = r.id
    ${where.length ? Prisma.sql`where ${Prisma.join(where, " and ")}` : Prisma.empty}
    order by r.id desc limit ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  return { items: page.map(toRun), nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!.id) : null };
}

export async function getRun(id: number, tx: TTx = db): Promise<TRunDetail> {
  const rows = await tx.$queryRaw<(TRunRow & { by_location: Record<string, TTotals> | null; by_channel: Record<string, TTotals> | null; systems: string[] | null })[]>`
    select ${COLUMNS}, r.by_location, r.by_channel, r.systems from reconciliation_run r left join reconciliation_progress p on p.run_id = r.id where r.id = ${id}`;
  const r = rows[0];
  if (!r) throw new AppError("not_found", `There is no reconciliation run ${id}.`);
  return { ...toRun(r), byLocation: r.by_location ?? {}, byChannel: r.by_channel ?? {}, systems: r.systems ?? [], phase: r.phase ?? (r.status === "running" ? "queued" : r.status) };
}

export async function runExists(id: number): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: number }[]>`select id from reconciliation_run where id = ${id}`;
  return rows.length > 0;
}

export type TTrendPoint = { id: number; startedAt: string; trigger: TRunTrigger; isScoped: boolean } & TTotals;

/** Done runs, oldest first (the last `limit`), for the chart of variance lines and units across runs. */
export async function runTrend(limit = 60, tx: TTx = db): Promise<TTrendPoint[]> {
  const rows = await tx.$queryRaw<{ id: number; started_at: Date; trigger: TRunTrigger; scope_key: string; totals: TTotals }[]>`
    select id, started_at, trigger, scope_key, totals from reconciliation_run where status = 'done' and totals is not null order by id desc limit ${limit}`;
  return rows.reverse().map((r) => ({ id: r.id, startedAt: r.started_at.toISOString(), trigger: r.trigger, isScoped: r.scope_key !== "{}", ...r.totals }));
}

/** What "Run now" shows while a run is running: its id and progress, or null. */
export async function currentRun(tx: TTx = db): Promise<TRun | null> {
  const rows = await tx.$queryRaw<TRunRow[]>`
    select ${COLUMNS} from reconciliation_run r left join reconciliation_progress p on p.run_id = r.id where r.status = 'running' order by r.id desc limit 1`;
  return rows[0] ? toRun(rows[0]) : null;
}
