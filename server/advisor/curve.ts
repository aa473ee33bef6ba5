// The backtest curve from two small histograms the SQL side sums (never the orders themselves):
//  - orders by (oversold?, slack = e − q), with slack −1 standing for any e < q and MAX_BUFFER_UNITS
//    for anything larger. With a buffer b the channel shows e − b and refuses the order when
//    e − b < q, that is when slack < b: each buffer's counts are prefix sums.
//  - exposure time by exposure value (capped likewise): a buffer b withholds min(b, e) for as long
//    as e stood.
import { MAX_BUFFER_UNITS } from "./rollup";
import type { TCurvePoint } from "./advisor.types";

/** The curve always reaches this far, so a channel without oversells still shows what a buffer costs. */
export const MIN_CURVE_UNITS = 10;
/** A buffer is recommended once it avoids this share of what the largest on the curve avoids. */
const SHARE_NUM = 9;
const SHARE_DEN = 10;

export type TSlackRow = { isOversold: boolean; slack: number; n: number };
export type TExposureTime = { exposure: number; ms: number };
export type TBacktest = { curve: TCurvePoint[]; recommended: TCurvePoint; avoidedAt: (units: number) => number; affectedAt: (units: number) => number };

const HOUR_MS = 3_600_000;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Counts by slack (index slack + 1), and their prefix sums: refusedBy(b) = Σ over slack < b. */
function prefixBySlack(rows: readonly TSlackRow[], isOversold: boolean): number[] {
  const counts = new Array<number>(MAX_BUFFER_UNITS + 2).fill(0);
  for (const r of rows) if (r.isOversold === isOversold) counts[Math.min(Math.max(r.slack, -1), MAX_BUFFER_UNITS) + 1]! += r.n;
  // prefix[b] = Σ counts[0..b] = orders with slack ≤ b − 1, i.e. refused by a buffer of b
  const prefix = new Array<number>(MAX_BUFFER_UNITS + 2).fill(0);
  let sum = 0;
  for (let i = 0; i <= MAX_BUFFER_UNITS + 1; i++) {
    sum += counts[i]!;
    prefix[i] = sum;
  }
  return prefix;
}

/** Unit-hours withheld by each buffer 0..max: W(b) = Σ_e min(b, e) × time(e) = Σ_{k=1..b} time(e ≥ k). */
function withheldHours(times: readonly TExposureTime[], max: number): number[] {
  const atLeast = new Array<number>(MAX_BUFFER_UNITS + 2).fill(0);
  for (const t of times) atLeast[Math.min(Math.max(t.exposure, 0), MAX_BUFFER_UNITS)]! += t.ms;
  for (let e = MAX_BUFFER_UNITS - 1; e >= 0; e--) atLeast[e]! += atLeast[e + 1]!;
  const out = [0];
  for (let b = 1; b <= max; b++) out.push(out[b - 1]! + atLeast[b]!);
  return out.map((ms) => round2(ms / HOUR_MS));
}

/** The curve and its recommendation; null when no order can be backtested (an empty curve). */
export function backtest(slacks: readonly TSlackRow[], times: readonly TExposureTime[]): TBacktest | null {
  if (!slacks.some((r) => r.n > 0)) return null;
  const oversold = prefixBySlack(slacks, true);
  const fine = prefixBySlack(slacks, false);
  const avoidedAt = (b: number) => oversold[Math.min(Math.max(b, 0), MAX_BUFFER_UNITS)]!;
  const affectedAt = (b: number) => fine[Math.min(Math.max(b, 0), MAX_BUFFER_UNITS)]!;
  // The smallest buffer that avoids every oversell any buffer (up to the cap) avoids.
  const avoidable = slacks.filter((r) => r.isOversold && r.n > 0 && r.slack < MAX_BUFFER_UNITS).map((r) => Math.max(r.slack, -1) + 1);
  const full = avoidable.length ? Math.max(...avoidable) : 0;
  const best = avoidedAt(full);
  let recommended = 0;
  while (recommended < full && SHARE_DEN * avoidedAt(recommended) < SHARE_NUM * best) recommended++;
  // Past `full` nothing more is avoided, so the curve's largest avoids `best` however far it goes.
  const max = Math.min(MAX_BUFFER_UNITS, Math.max(full, 2 * recommended, MIN_CURVE_UNITS));
  const withheld = withheldHours(times, max);
  const curve = Array.from({ length: max + 1 }, (_, b) => ({ units: b, oversellsAvoided: avoidedAt(b), ordersAffected: affectedAt(b), unitWithheldHours: withheld[b]! }));
  return { curve, recommended: curve[recommended]!, avoidedAt, affectedAt };
}

/** The current buffer already holds back at least the recommendation (a percent one only when nothing needs holding back). */
export function isEnough(current: { units?: number; percent?: number }, recommendedUnits: number): boolean {
  if (recommendedUnits === 0) return true;
  return current.units !== undefined && current.units >= recommendedUnits;
}
