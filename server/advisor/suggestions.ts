// GET /api/v1/policies/suggestions: per channel, how big a safety buffer would have prevented how
// many oversells at what cost, backtested on the channel's own orders and exposures in the range.
import { db } from "@/server/db";
import { eventsPastWatermark } from "@/server/events/backlog";
import { percentile, type THistogram } from "@/server/kpis/histogram";
import { KPI_WATERMARK_KEY } from "@/server/kpis/worker";
import { AppError } from "@/server/lib/errors";
import { currentPolicy } from "@/server/policies/current";
import type { TPolicyRule } from "@/server/policies/policy.types";
import { ZSuggestionsQuery, type TSuggestion, type TSuggestionsOut, type TSuggestionsQuery } from "./advisor.types";
import { backtest, isEnough, type TExposureTime, type TSlackRow } from "./curve";
import { exposureTimeRows, latencyRows, slackRows, velocityRows, type TRange } from "./sources";

const DAY_MS = 86_400_000;

/** From UTC midnight `days` days ago until now: whole days, so the daily roll-ups answer exactly. */
export function rangeOf(days: number, now: Date): TRange {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return { from: new Date(today - days * DAY_MS), to: now, today: new Date(today) };
}

/** The channel's own safety buffer in the current version: the rule scoped to the channel alone. */
export function channelBuffer(rules: readonly TPolicyRule[], channel: string): { units?: number; percent?: number } {
  const rule = rules.find((r) => r.kind === "safety_buffer" && r.scope.channel === channel && !r.scope.sku && !r.scope.location);
  if (!rule) return {};
  return rule.units !== undefined ? { units: rule.units } : { percent: rule.percent ?? 0 };
}

function groupBy<T extends { channel_id: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) out.set(r.channel_id, [...(out.get(r.channel_id) ?? []), r]);
  return out;
}

export async function bufferSuggestions(input: TSuggestionsQuery, now = new Date()): Promise<TSuggestionsOut> {
  const query = ZSuggestionsQuery.parse(input);
  const range = rangeOf(query.days, now);
  const all = await db.channel.findMany({ select: { id: true, code: true, name: true }, orderBy: { code: "asc" } });
  const channels = query.channel ? all.filter((c) => c.code === query.channel) : all;
  if (query.channel && channels.length === 0) {
    throw new AppError("invalid_query", `channel: no channel has the code ${query.channel}.`, { details: [{ path: "channel", field: "channel", message: "unknown channel" }] });
  }
  const { rules } = await currentPolicy(db);
  const buffers = new Map(channels.map((c) => [c.id, channelBuffer(rules, c.code)]));
  const ids = channels.map((c) => c.id);
  const [slacks, velocity, times, latency, pendingEvents] = await Promise.all([
    slackRows(range, ids),
    velocityRows(range, ids),
    exposureTimeRows(range, ids),
    latencyRows(range, ids),
    eventsPastWatermark(KPI_WATERMARK_KEY),
  ]);
  const slacksOf = groupBy(slacks);
  const timesOf = groupBy(times);
  const latencyOf = groupBy(latency);
  const velocityOf = new Map(velocity.map((v) => [v.channel_id, v.p90]));

  const items = channels.map((c): TSuggestion => {
    const rows = slacksOf.get(c.id) ?? [];
    const tested: TSlackRow[] = rows.filter((r) => r.slack !== null).map((r) => ({ isOversold: r.isOversold, slack: r.slack!, n: r.n }));
    const result = backtest(tested, (timesOf.get(c.id) ?? []).map((t): TExposureTime => ({ exposure: t.exposure, ms: t.ms })));
    const current = buffers.get(c.id) ?? {};
    const histogram: THistogram = new Map((latencyOf.get(c.id) ?? []).map((l) => [l.bucket, l.n]));
    const recommended = result?.recommended ?? { units: 0, oversellsAvoided: 0, ordersAffected: 0, unitWithheldHours: 0 };
    const p90 = velocityOf.get(c.id);
    return {
      channel: c.code,
      name: c.name,
      velocityP90PerHour: p90 === null || p90 === undefined ? null : Math.round(p90 * 1000) / 1000,
      latencyP95Seconds: percentile(histogram, 0.95),
      current,
      curve: result?.curve ?? [],
      recommended,
      orders: rows.reduce((s, r) => s + r.n, 0),
      oversells: rows.reduce((s, r) => s + (r.isOversold ? r.n : 0), 0),
      untestedOrders: rows.reduce((s, r) => s + (r.slack === null ? r.n : 0), 0),
      isCurrentEnough: isEnough(current, recommended.units),
    };
  });
  return { from: range.from.toISOString(), to: range.to.toISOString(), days: query.days, items, nextCursor: null, pendingEvents };
}
