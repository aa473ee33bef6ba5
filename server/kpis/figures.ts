// From summed roll-up cells to the KPI figures (pure: the read side's arithmetic, unit-tested).
import type { TKpiFigures } from "./kpis.types";
import { histogramCount, mergeInto, percentile, type THistogram } from "./histogram";

/** What every source contributes to one (period, point, channel) cell; all additive. */
export type TCell = {
  orders: number;
  oversold: number;
  staleSeconds: number;
  /** the channel had reported at least once before the cell's end (else its staleness is unknown, not 0) */
  hasFeed: boolean;
  accuracyRows: number;
  accuracyWithin: number;
  driftSum: number;
  driftSamples: number;
  received: number;
  duplicate: number;
  rejected: number;
  opened: number;
  resolved: number;
  resolveMinutes: number;
  latency: THistogram;
  /** orders (sales orders, by creation hour), their fallout and stock cancellations */
  salesOrders: number;
  fallout: number;
  stockCancelled: number;
  /** partner messages' sent → acknowledged, in latency buckets */
  ackDelay: THistogram;
};

export function emptyCell(): TCell {
  return {
    orders: 0,
    oversold: 0,
    staleSeconds: 0,
    hasFeed: false,
    accuracyRows: 0,
    accuracyWithin: 0,
    driftSum: 0,
    driftSamples: 0,
    received: 0,
    duplicate: 0,
    rejected: 0,
    opened: 0,
    resolved: 0,
    resolveMinutes: 0,
    latency: new Map(),
    salesOrders: 0,
    fallout: 0,
    stockCancelled: 0,
    ackDelay: new Map(),
  };
}

const ADDITIVE = ["orders", "oversold", "staleSeconds", "accuracyRows", "accuracyWithin", "driftSum", "driftSamples", "received", "duplicate", "rejected", "opened", "resolved", "resolveMinutes", "salesOrders", "fallout", "stockCancelled"] as const;

/**
 * Adds `b` into `a`. Over time (points of one channel) drift samples add up; across channels the
 * average drift adds instead (each channel's own mean), which `acrossChannels` selects.
 */
export function addCell(a: TCell, b: TCell, opts: { acrossChannels?: boolean } = {}): TCell {
  const driftA = a.driftSamples ? a.driftSum / a.driftSamples : 0;
  const driftB = b.driftSamples ? b.driftSum / b.driftSamples : 0;
  for (const k of ADDITIVE) a[k] += b[k];
  if (opts.acrossChannels && (a.driftSamples || b.driftSamples)) {
    a.driftSum = driftA + driftB;
    a.driftSamples = 1;
  }
  a.hasFeed = a.hasFeed || b.hasFeed;
  mergeInto(a.latency, b.latency);
  mergeInto(a.ackDelay, b.ackDelay);
  return a;
}

const ratio = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1e6) / 1e6 : null);
const tenth = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export function figuresOf(c: TCell): TKpiFigures {
  return {
    oversellRate: ratio(c.oversold, c.orders),
    syncLatencyP50Seconds: tenth(percentile(c.latency, 0.5)),
    syncLatencyP95Seconds: tenth(percentile(c.latency, 0.95)),
    staleFeedMinutes: c.hasFeed ? tenth(c.staleSeconds / 60) : null,
    exceptionsOpened: c.opened,
    exceptionsResolved: c.resolved,
    mttrMinutes: c.resolved > 0 ? tenth(c.resolveMinutes / c.resolved) : null,
    accuracy: ratio(c.accuracyWithin, c.accuracyRows),
    duplicateRate: ratio(c.duplicate, c.received),
    deadLetterRate: ratio(c.rejected, c.received),
    eventsIngested: c.received,
    orders: c.orders,
    oversoldOrders: c.oversold,
    latencySamples: histogramCount(c.latency),
    driftUnits: c.driftSamples > 0 ? tenth(c.driftSum / c.driftSamples) : null,
    orderFalloutRate: ratio(c.fallout, c.salesOrders),
    stockCancellationRate: ratio(c.stockCancelled, c.salesOrders),
    ackDelayP95Seconds: tenth(percentile(c.ackDelay, 0.95)),
    // not hourly roll-ups but the latest reconciliation run's totals: the report fills them in (server/reconciliation/kpis.ts)
    reconciliationVarianceRate: null,
    reconciliationBacklog: null,
  };
}
