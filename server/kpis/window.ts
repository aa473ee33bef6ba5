// The time window a KPI request covers. Roll-ups are kept per UTC hour, so a window is widened to
// whole hours: [from rounded down, to rounded up). The previous period is the same length just
// before it (the dashboard's "change" tiles), and the trend step keeps a chart to a readable number
// of points while letting ranges of a day or more read the daily latency roll-up.
import { AppError } from "@/server/lib/errors";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const DEFAULT_RANGE_MS = DAY_MS;
export const MAX_RANGE_DAYS = 366;

export type TWindow = { from: Date; to: Date; prevFrom: Date; stepMs: number };
export type TSpan = { from: Date; to: Date };

const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;
const ceilTo = (t: number, unit: number) => Math.ceil(t / unit) * unit;

/** Trend step: hourly up to 2 days, daily up to 100 (so whole days read the daily roll-up), weekly beyond. */
export function trendStepMs(rangeMs: number): number {
  if (rangeMs <= 2 * DAY_MS) return HOUR_MS;
  if (rangeMs <= 100 * DAY_MS) return DAY_MS;
  return 7 * DAY_MS;
}

export function resolveWindow(input: { from?: Date; to?: Date }, now = new Date()): TWindow {
  const toRaw = input.to ?? now;
  const fromRaw = input.from ?? new Date(toRaw.getTime() - DEFAULT_RANGE_MS);
  if (fromRaw.getTime() >= toRaw.getTime()) throw new AppError("invalid_query", "from: must be before to.", { details: [{ path: "from", field: "from", message: "must be before to" }] });
  if (toRaw.getTime() - fromRaw.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw new AppError("invalid_query", `to: a range may span at most ${MAX_RANGE_DAYS} days.`, { details: [{ path: "to", field: "to", message: `at most ${MAX_RANGE_DAYS} days after from` }] });
  }
  const from = floorTo(fromRaw.getTime(), HOUR_MS);
  const to = ceilTo(toRaw.getTime(), HOUR_MS);
  return { from: new Date(from), to: new Date(to), prevFrom: new Date(from - (to - from)), stepMs: trendStepMs(to - from) };
}

/** The start of the trend point `t` falls in (points are aligned to UTC multiples of the step). */
export function pointOf(t: number, stepMs: number): number {
  return floorTo(t, stepMs);
}

/** Every point start in [from, to), for charts that must show empty points too. */
export function pointsOf(span: TSpan, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = pointOf(span.from.getTime(), stepMs); t < span.to.getTime(); t += stepMs) out.push(t);
  return out;
}

/** Splits an hour-aligned span into whole UTC days (read from the daily roll-up) and the hours at either end. */
export function splitDays(span: TSpan): { days: TSpan | null; hours: TSpan[] } {
  const from = span.from.getTime();
  const to = span.to.getTime();
  const dayFrom = ceilTo(from, DAY_MS);
  const dayTo = floorTo(to, DAY_MS);
  if (dayFrom >= dayTo) return { days: null, hours: [span] };
  const hours: TSpan[] = [];
  if (from < dayFrom) hours.push({ from: span.from, to: new Date(dayFrom) });
  if (dayTo < to) hours.push({ from: new Date(dayTo), to: span.to });
  return { days: { from: new Date(dayFrom), to: new Date(dayTo) }, hours };
}
