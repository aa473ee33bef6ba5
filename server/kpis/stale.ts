// Stale-feed time: a channel's feed is stale from SLO seconds after one channel update until the
// next (DESIGN.md: staleness = now − last channel update, against the channel's SLO). Closed gaps
// are rolled up per hour as updates arrive; the open gap after the last update is added at read time.
import { HOUR_MS } from "./window";

export type TInterval = [number, number];

/** Stale intervals between consecutive update times (ms, any order, duplicates allowed). */
export function staleIntervals(times: number[], sloMs: number): TInterval[] {
  const sorted = [...times].sort((a, b) => a - b);
  const out: TInterval[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const start = sorted[i - 1]! + sloMs;
    const end = sorted[i]!;
    if (end > start) out.push([start, end]);
  }
  return out;
}

/** Seconds of the intervals that fall in each UTC hour (key: the hour's start, ms). */
export function secondsPerHour(intervals: TInterval[], sign = 1, into = new Map<number, number>()): Map<number, number> {
  for (const [start, end] of intervals) {
    for (let h = Math.floor(start / HOUR_MS) * HOUR_MS; h < end; h += HOUR_MS) {
      const seconds = (Math.min(end, h + HOUR_MS) - Math.max(start, h)) / 1000;
      if (seconds > 0) into.set(h, (into.get(h) ?? 0) + sign * seconds);
    }
  }
  return into;
}

/**
 * What adding update times changes, per hour. `existing` must hold every earlier-known update
 * from the last one before the earliest added time to the first one after the latest (when they
 * exist): only gaps inside that stretch change.
 */
export function staleDelta(existing: number[], added: number[], sloMs: number): Map<number, number> {
  const delta = secondsPerHour(staleIntervals(existing, sloMs), -1);
  secondsPerHour(staleIntervals([...existing, ...added], sloMs), 1, delta);
  for (const [h, s] of delta) if (Math.abs(s) < 1e-9) delta.delete(h);
  return delta;
}

/** The open gap after the last update: stale from last + SLO until `until` (now), clipped to [from, to). */
export function openTailSeconds(lastUpdate: number, sloMs: number, from: number, to: number, until: number): number {
  const start = Math.max(lastUpdate + sloMs, from);
  const end = Math.min(to, until);
  return end > start ? (end - start) / 1000 : 0;
}
