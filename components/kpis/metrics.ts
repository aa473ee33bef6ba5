// How each KPI is named, shown and judged on screen (tiles, tables, CSV), and where it drills down to.
import { formatDuration, formatNumber, formatPercent } from "@/components/ui/format";
import type { TKpiFigures } from "@/server/kpis/kpis.types";

/** The Overview's "today": the last 24 h (the same query key on the server and in the browser). */
export const TODAY_INPUT = { range: "24h" } as const;

export type TMetricKey =
  | "oversellRate"
  | "syncLatencyP50Seconds"
  | "syncLatencyP95Seconds"
  | "staleFeedMinutes"
  | "exceptionsOpened"
  | "exceptionsResolved"
  | "mttrMinutes"
  | "accuracy"
  | "duplicateRate"
  | "deadLetterRate"
  | "eventsIngested"
  | "orderFalloutRate"
  | "stockCancellationRate"
  | "ackDelayP95Seconds"
  | "reconciliationVarianceRate"
  | "reconciliationBacklog";

export type TMetric = {
  key: TMetricKey;
  label: string;
  /** which way is good: the change tile is green when the figure moves this way */
  better: "lower" | "higher" | "neither";
  kind: "rate" | "seconds" | "minutes" | "count";
  /** the view that explains the figure, with the channel filter carried over */
  drill?: (channel: string | null) => string;
  hint: string;
};

const withChannel = (base: string, channel: string | null) => (channel ? `${base}${base.includes("?") ? "&" : "?"}channel=${encodeURIComponent(channel)}` : base);

export const METRICS: TMetric[] = [
  { key: "oversellRate", label: "Oversell rate", better: "lower", kind: "rate", drill: (c) => withChannel("/exceptions?kind=oversell_risk&state=all", c), hint: "orders taken with too little ATP" },
  { key: "syncLatencyP50Seconds", label: "Sync latency p50", better: "lower", kind: "seconds", drill: (c) => withChannel("/drift?view=channel", c), hint: "stock change → channel publish" },
  { key: "syncLatencyP95Seconds", label: "Sync latency p95", better: "lower", kind: "seconds", drill: (c) => withChannel("/drift?view=channel", c), hint: "slowest 5 % of updates" },
  { key: "staleFeedMinutes", label: "Stale feed time", better: "lower", kind: "minutes", drill: () => "/drift?view=staleness", hint: "past the SLO, all feeds added up" },
  { key: "exceptionsOpened", label: "Exceptions opened", better: "lower", kind: "count", drill: (c) => withChannel("/exceptions?state=all", c), hint: "new and reopened groups" },
  { key: "exceptionsResolved", label: "Exceptions resolved", better: "higher", kind: "count", drill: (c) => withChannel("/exceptions?state=resolved", c), hint: "by people or by themselves" },
  { key: "mttrMinutes", label: "MTTR", better: "lower", kind: "minutes", drill: (c) => withChannel("/exceptions?state=resolved", c), hint: "mean time to resolve" },
  { key: "accuracy", label: "Inventory accuracy", better: "higher", kind: "rate", drill: (c) => withChannel("/drift?view=channel", c), hint: "SKU × channel within tolerance" },
  { key: "duplicateRate", label: "Duplicate rate", better: "lower", kind: "rate", hint: "of events received" },
  { key: "deadLetterRate", label: "Dead-letter rate", better: "lower", kind: "rate", drill: (c) => withChannel("/exceptions?kind=rejected_event&state=all", c), hint: "rejected events received" },
  { key: "eventsIngested", label: "Events ingested", better: "neither", kind: "count", hint: "throughput" },
  { key: "orderFalloutRate", label: "Order fallout", better: "lower", kind: "rate", drill: (c) => withChannel("/orders?attention=1", c), hint: "cancelled (not by the customer) or stuck past the SLO" },
  { key: "stockCancellationRate", label: "Stock cancellations", better: "lower", kind: "rate", drill: (c) => withChannel("/orders?state=cancelled", c), hint: "orders cancelled out of stock" },
  { key: "ackDelayP95Seconds", label: "Partner ack delay p95", better: "lower", kind: "seconds", drill: () => "/exceptions?kind=ack_overdue&state=all", hint: "message sent → acknowledged" },
  { key: "reconciliationVarianceRate", label: "Reconciliation variance", better: "lower", kind: "rate", drill: () => "/reconciliation", hint: "lines in variance, latest run" },
  { key: "reconciliationBacklog", label: "Reconciliation backlog", better: "lower", kind: "count", drill: () => "/reconciliation", hint: "in variance 2+ runs in a row" },
];

export const METRIC_BY_KEY = Object.fromEntries(METRICS.map((m) => [m.key, m])) as Record<TMetricKey, TMetric>;

export function formatMetric(metric: TMetric, value: number | null | undefined): string {
  if (value == null) return "—";
  switch (metric.kind) {
    case "rate":
      return formatPercent(value, value > 0 && value < 0.1 ? 2 : 1);
    case "seconds":
      return formatDuration(value);
    case "minutes":
      return formatDuration(value * 60);
    case "count":
      return formatNumber(value);
  }
}

export type TChange = { text: string; tone: "good" | "bad" | "neutral" } | null;

/** The change from the previous period: points for rates, percent for the rest; null when either side has no data. */
export function changeOf(metric: TMetric, current: number | null, previous: number | null): TChange {
  if (current == null || previous == null) return null;
  const diff = current - previous;
  const direction = diff === 0 ? 0 : diff > 0 ? 1 : -1;
  const tone = direction === 0 || metric.better === "neither" ? "neutral" : (direction < 0) === (metric.better === "lower") ? "good" : "bad";
  const arrow = direction > 0 ? "▲" : direction < 0 ? "▼" : "=";
  let text: string;
  if (metric.kind === "rate") text = `${arrow} ${Math.abs(diff * 100).toFixed(Math.abs(diff) < 0.001 ? 2 : 1)} pp`;
  else if (previous === 0) text = diff === 0 ? "= no change" : `${arrow} from 0`;
  else text = `${arrow} ${Math.abs((diff / previous) * 100).toFixed(0)}%`;
  return { text: direction === 0 ? "= no change" : text, tone };
}

export function figure(f: TKpiFigures | undefined, key: TMetricKey): number | null {
  return f ? f[key] : null;
}
