// The KPI report: every figure for a window, per channel, for the period before it (the change
// tiles) and per trend point. GET /api/v1/kpis answers its window figures; the dashboard takes all.
import { AppError } from "@/server/lib/errors";
import { db } from "@/server/db";
import { addReconciliationFigures, runsForKpis } from "@/server/reconciliation/kpis";
import { eventsPastWatermark } from "@/server/events/backlog";
import { loadKpiConfig } from "./config";
import { addCell, emptyCell, figuresOf, type TCell } from "./figures";
import { addInto } from "./histogram";
import type { TKpiFigures, TKpiQuery, TKpiResponse } from "./kpis.types";
import { ackRows, channelRows, counterRows, exceptionRows, feedRows, ingestRows, latencyRows, orderRows, type TKey } from "./sources";
import { openTailSeconds } from "./stale";
import { pointsOf, resolveWindow } from "./window";
import { KPI_WATERMARK_KEY } from "./worker";

export type TFiguresByChannel = { figures: TKpiFigures; byChannel: Record<string, TKpiFigures> };
export type TKpiReport = {
  from: string;
  to: string;
  prevFrom: string;
  stepMs: number;
  generatedAt: string;
  channel: string | null;
  accuracyToleranceUnits: number;
  channels: { code: string; name: string | null; sloSeconds: number }[];
  current: TFiguresByChannel;
  previous: TFiguresByChannel;
  points: ({ t: string } & TFiguresByChannel)[];
  /** events stored but not rolled up yet (about: ids past the roll-up's watermark); a fresh history or a burst */
  pendingEvents: number;
};

const PREVIOUS = -1;

export async function kpiReport(query: TKpiQuery, now = new Date()): Promise<TKpiReport> {
  const w = resolveWindow({ from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined }, now);
  const allChannels = await channelRows();
  const only = query.channel ? allChannels.find((c) => c.code === query.channel) : undefined;
  if (query.channel && !only) throw new AppError("invalid_query", `channel: no channel has the code ${query.channel}.`, { details: [{ path: "channel", field: "channel", message: "unknown channel" }] });
  const channels = only ? [only] : allChannels;
  const channelId = only?.id ?? null;

  const [counters, latency, ingest, exceptions, feeds, config, pendingEvents, orders, acks, reconciliationRuns] = await Promise.all([
    counterRows(w, channelId),
    latencyRows(w, channelId),
    ingestRows(w, channelId),
    exceptionRows(w, channelId),
    feedRows(channels.map((c) => c.id)),
    loadKpiConfig(db),
    eventsPastWatermark(KPI_WATERMARK_KEY),
    orderRows(w, channelId),
    ackRows(w, channelId),
    runsForKpis(w.prevFrom, w.to),
  ]);

  // Cells: (point, channel) for the window; (PREVIOUS, channel) for the period before.
  const cells = new Map<string, TCell>();
  const keyOf = (cur: number, t: number, ch: number) => `${cur ? t : PREVIOUS}:${ch}`;
  const cell = (k: TKey) => {
    const key = keyOf(k.cur, Number(k.t), k.ch);
    let c = cells.get(key);
    if (!c) cells.set(key, (c = emptyCell()));
    return c;
  };
  for (const r of counters) {
    const c = cell(r);
    c.orders += r.orders;
    c.oversold += r.oversold;
    c.staleSeconds += r.stale;
    c.accuracyRows += r.acc_rows;
    c.accuracyWithin += r.acc_within;
    c.driftSum += r.drift;
    c.driftSamples += r.drift_samples;
  }
  for (const r of latency) addInto(cell(r).latency, r.bucket, r.n);
  for (const r of ingest) {
    const c = cell(r);
    c.received += r.received;
    c.duplicate += r.duplicate;
    c.rejected += r.rejected;
  }
  for (const r of exceptions) {
    const c = cell(r);
    c.opened += r.opened;
    c.resolved += r.resolved;
    c.resolveMinutes += r.minutes;
  }
  for (const r of orders) {
    const c = cell(r);
    c.salesOrders += r.orders;
    c.fallout += r.fallout;
    c.stockCancelled += r.stock_cancelled;
  }
  for (const r of acks) addInto(cell(r).ackDelay, r.bucket, r.n);

  // Staleness: known only once a channel has reported; the open gap after its latest update counts until now.
  const from = w.from.getTime();
  const to = w.to.getTime();
  const points = pointsOf({ from: w.from, to: w.to }, w.stepMs);
  const feedOf = new Map(feeds.map((f) => [f.ch, f]));
  for (const ch of channels) {
    const feed = feedOf.get(ch.id);
    const first = feed?.first_at?.getTime() ?? null;
    const last = feed?.last_at?.getTime() ?? null;
    const spans: [string, number, number][] = [[keyOf(0, 0, ch.id), w.prevFrom.getTime(), from], ...points.map((t) => [keyOf(1, t, ch.id), Math.max(t, from), Math.min(t + w.stepMs, to)] as [string, number, number])];
    for (const [key, a, b] of spans) {
      let c = cells.get(key);
      if (!c) cells.set(key, (c = emptyCell()));
      c.hasFeed = first !== null && first < b;
      if (last !== null) c.staleSeconds += openTailSeconds(last, ch.slo * 1000, a, b, now.getTime());
    }
  }

  const ids = [...channels.map((c) => c.id), ...(only ? [] : [0])];
  const fold = (keys: string[], acrossChannels = false) => keys.reduce((acc, k) => (cells.has(k) ? addCell(acc, cells.get(k)!, { acrossChannels }) : acc), emptyCell());
  const summarise = (perChannel: Map<number, TCell>): TFiguresByChannel => {
    const overall = ids.reduce((acc, id) => addCell(acc, perChannel.get(id) ?? emptyCell(), { acrossChannels: true }), emptyCell());
    return { figures: figuresOf(overall), byChannel: Object.fromEntries(channels.map((c) => [c.code, figuresOf(perChannel.get(c.id) ?? emptyCell())])) };
  };
  const currentPerChannel = new Map(ids.map((id) => [id, fold(points.map((t) => keyOf(1, t, id)))]));
  const previousPerChannel = new Map(ids.map((id) => [id, fold([keyOf(0, 0, id)])]));

  const report = {
    from: w.from.toISOString(),
    to: w.to.toISOString(),
    prevFrom: w.prevFrom.toISOString(),
    stepMs: w.stepMs,
    generatedAt: now.toISOString(),
    channel: only?.code ?? null,
    accuracyToleranceUnits: config.accuracyToleranceUnits,
    channels: channels.map((c) => ({ code: c.code, name: c.name, sloSeconds: c.slo })),
    current: summarise(currentPerChannel),
    previous: summarise(previousPerChannel),
    points: points.map((t) => ({ t: new Date(t).toISOString(), ...summarise(new Map(ids.map((id) => [id, fold([keyOf(1, t, id)])]))) })),
    pendingEvents,
  };
  addReconciliationFigures(report, reconciliationRuns, w, channels.map((c) => c.code), only?.code ?? null);
  return report;
}

/** GET /api/v1/kpis: the window's figures and their per-channel breakdown. */
export function toKpiResponse(report: TKpiReport): TKpiResponse {
  return { ...report.current.figures, from: report.from, to: report.to, channel: report.channel, byChannel: report.current.byChannel };
}
