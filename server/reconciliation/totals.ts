// A run's totals from the per-place counts its statements answer (pure: unit-tested).
import type { TCountRow } from "./lines-sql";
import { LINE_STATUSES, type TTotals } from "./reconciliation.types";

export function emptyTotals(): TTotals {
  return { lines: 0, match: 0, withinTolerance: 0, variance: 0, varianceUnits: 0, newVariances: 0, persistent: 0 };
}

function add(t: TTotals, r: TCountRow) {
  t.lines += r.n;
  const status = LINE_STATUSES[r.status];
  if (status === "match") t.match += r.n;
  else if (status === "within_tolerance") t.withinTolerance += r.n;
  else {
    t.variance += r.n;
    t.varianceUnits += Number(r.units);
  }
  t.newVariances += r.new;
  t.persistent += r.persistent;
}

export type TRunTotals = { totals: TTotals; byLocation: Record<string, TTotals>; byChannel: Record<string, TTotals> };

/** Folds count rows (kind 0: location, 1: channel; place ids) into the run's totals, per location and per channel code. */
export function foldCounts(rows: readonly TCountRow[], codes: { locations: Map<number, string>; channels: Map<number, string> }): TRunTotals {
  const out: TRunTotals = { totals: emptyTotals(), byLocation: {}, byChannel: {} };
  for (const r of rows) {
    add(out.totals, r);
    const code = (r.kind === 0 ? codes.locations : codes.channels).get(r.place_id) ?? `#${r.place_id}`;
    const per = r.kind === 0 ? out.byLocation : out.byChannel;
    add((per[code] ??= emptyTotals()), r);
  }
  return out;
}

/** The status a line gets (the SQL in lines-sql.ts says the same): spread ≤ max(units, percent % of |base|). */
export function classify(spread: number, base: number, tolerance: { toleranceUnits: number; tolerancePercent: number }): (typeof LINE_STATUSES)[number] {
  if (spread === 0) return "match";
  // in hundredths, as the SQL compares spread × 100 with percent × |base|
  return spread * 100 <= Math.max(tolerance.toleranceUnits * 100, tolerance.tolerancePercent * Math.abs(base)) ? "within_tolerance" : "variance";
}
