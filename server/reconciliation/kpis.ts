// The two reconciliation KPIs (DESIGN.md "Reconciliation → KPIs"): of the latest run finished (done)
// in the range, variance lines ÷ lines, and the lines in variance for 2 runs or more. Per channel,
// of that run's lines of the channel. A trend point shows the latest run finished between the range's
// start and the point's end, so the last point is the range's figure.
import { db } from "@/server/db";
import type { TTotals } from "./reconciliation.types";

export type TRunForKpis = { finishedAt: number; totals: TTotals; byChannel: Record<string, TTotals> };
export type TReconciliationFigures = { reconciliationVarianceRate: number | null; reconciliationBacklog: number | null };
type TFiguresByChannel = { figures: TReconciliationFigures; byChannel: Record<string, TReconciliationFigures> };

/** Done runs that finished in [from, to), oldest first (the KPI report reads a few per range). */
export async function runsForKpis(from: Date, to: Date): Promise<TRunForKpis[]> {
  const rows = await db.$queryRaw<{ finished_at: Date; totals: TTotals; by_channel: Record<string, TTotals> | null }[]>`
    select finished_at, totals, by_channel from reconciliation_run
    where status = 'done' and totals is not null and finished_at >= ${from} and finished_at < ${to} order by finished_at`;
  return rows.map((r) => ({ finishedAt: r.finished_at.getTime(), totals: r.totals, byChannel: r.by_channel ?? {} }));
}

const NONE: TReconciliationFigures = { reconciliationVarianceRate: null, reconciliationBacklog: null };

export function figuresOfTotals(t: TTotals | undefined): TReconciliationFigures {
  if (!t) return NONE;
  return { reconciliationVarianceRate: t.lines > 0 ? Math.round((t.variance / t.lines) * 1e6) / 1e6 : null, reconciliationBacklog: t.persistent };
}

/** The latest run that finished in [from, to), or null. */
export function latestRun(runs: readonly TRunForKpis[], from: number, to: number): TRunForKpis | null {
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i]!.finishedAt >= from && runs[i]!.finishedAt < to) return runs[i]!;
  return null;
}

/** The figures for a span: overall (or of the one channel filtered on) and per channel code. */
export function reconciliationFiguresFor(runs: readonly TRunForKpis[], from: number, to: number, channels: readonly string[], only: string | null): TFiguresByChannel {
  const run = latestRun(runs, from, to);
  const byChannel = Object.fromEntries(channels.map((c) => [c, run ? figuresOfTotals(run.byChannel[c]) : NONE]));
  return { figures: !run ? NONE : only ? figuresOfTotals(run.byChannel[only]) : figuresOfTotals(run.totals), byChannel };
}

/** Writes the reconciliation figures into a KPI report's current, previous and trend figures. */
export function addReconciliationFigures<T extends TFiguresByChannel["figures"]>(
  report: { current: { figures: T; byChannel: Record<string, T> }; previous: { figures: T; byChannel: Record<string, T> }; points: { t: string; figures: T; byChannel: Record<string, T> }[] },
  runs: readonly TRunForKpis[],
  w: { from: Date; to: Date; prevFrom: Date; stepMs: number },
  channels: readonly string[],
  only: string | null,
) {
  const apply = (target: { figures: T; byChannel: Record<string, T> }, from: number, to: number) => {
    const r = reconciliationFiguresFor(runs, from, to, channels, only);
    Object.assign(target.figures, r.figures);
    for (const c of channels) if (target.byChannel[c]) Object.assign(target.byChannel[c], r.byChannel[c]);
  };
  apply(report.current, w.from.getTime(), w.to.getTime());
  apply(report.previous, w.prevFrom.getTime(), w.from.getTime());
  for (const p of report.points) apply(p, w.from.getTime(), Math.min(Date.parse(p.t) + w.stepMs, w.to.getTime()));
}
