// Sync-latency histograms. Percentiles over 90 days cannot be merged from hourly percentiles, so
// the roll-ups keep counts per latency bucket and the read side merges them: whole seconds below
// a minute (exact), then buckets 10 % wide (a percentile within ±5 %) up to about a year. The bucket of a latency is decided in
// SQL only (LATENCY_BUCKET_SQL) so writer and reader can never disagree; JS only reads buckets back.
import { Prisma } from "@prisma/client";

export const EXACT_SECONDS = 60;
export const GROWTH = 1.1;
export const MAX_BUCKET = 250;

/** The bucket of a latency of `seconds` (a SQL expression of type int). */
export function latencyBucketSql(seconds: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(case when ${seconds} < ${EXACT_SECONDS} then greatest(floor(${seconds}), 0)::int
                          else least(${EXACT_SECONDS} + floor(ln(${seconds} / ${EXACT_SECONDS}::float8) / ln(${GROWTH}::float8))::int, ${MAX_BUCKET}) end)`;
}

/** The latency a bucket stands for: its second below a minute, the geometric middle of its range above. */
export function bucketSeconds(bucket: number): number {
  if (bucket < EXACT_SECONDS) return bucket;
  const low = EXACT_SECONDS * GROWTH ** (bucket - EXACT_SECONDS);
  return Math.round(low * Math.sqrt(GROWTH) * 10) / 10;
}

/** bucket → count */
export type THistogram = Map<number, number>;

export function addInto(target: THistogram, bucket: number, n: number) {
  target.set(bucket, (target.get(bucket) ?? 0) + n);
}

export function mergeInto(target: THistogram, source: THistogram) {
  for (const [b, n] of source) addInto(target, b, n);
}

export function histogramCount(h: THistogram): number {
  let total = 0;
  for (const n of h.values()) total += n;
  return total;
}

/**
 * Nearest-rank percentile (p in 0–1): the smallest latency such that at least p of the samples
 * are at or below it. Null when there are no samples.
 */
export function percentile(h: THistogram, p: number): number | null {
  const total = histogramCount(h);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const b of [...h.keys()].sort((x, y) => x - y)) {
    seen += h.get(b)!;
    if (seen >= rank) return bucketSeconds(b);
  }
  return null;
}
