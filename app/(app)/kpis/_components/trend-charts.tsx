"use client";
import type { ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "@/components/ui/card";
import { formatDuration, formatNumber, formatPercent } from "@/components/ui/format";
import type { TKpiReport } from "@/server/kpis/report";

const PALETTE = ["#2458b8", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626"];
const HOUR = 3_600_000;

export function colorOf(index: number) {
  return PALETTE[index % PALETTE.length]!;
}

function pointLabel(t: string, stepMs: number) {
  const iso = new Date(t).toISOString();
  return stepMs < 24 * HOUR ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(5, 10);
}

const axis = { fontSize: 11, fill: "#64748b" };
const tooltipStyle = { fontSize: 12, padding: "4px 8px" };
const percentTick = (v: number) => `${(v * 100).toFixed(v === 0 ? 0 : v < 0.001 ? 3 : v < 0.01 ? 2 : v < 0.1 ? 1 : 0)}%`;
/** Rates near zero still get a readable axis (recharts would stretch an all-zero series to 400 %). */
const durationTick = (v: number) => formatDuration(v);
const rateDomain: [number, (max: number) => number] = [0, (max) => Math.max(max, 0.01)];
// Latency spans seconds to hours, so its axis is logarithmic; a 0 s point sits on the floor.
const SECOND_TICKS = [1, 10, 60, 600, 3600, 6 * 3600, 86_400, 7 * 86_400];
const RATIO_TICKS = [0.01, 0.1, 1, 10, 100, 1000];
const floorAt = (min: number) => (v: number | null) => (v === null ? null : Math.max(v, min));

/** True when no point of the series has a value (the chart says so instead of drawing empty axes). */
function isEmptySeries(rows: Record<string, unknown>[]) {
  return !rows.some((r) => Object.entries(r).some(([k, v]) => k !== "label" && k !== "code" && typeof v === "number" && v !== 0));
}

function ChartCard({ title, note, children, label, isEmpty }: { title: string; note?: ReactNode; children: ReactNode; label: string; isEmpty?: boolean }) {
  return (
    <Card title={title} actions={note ? <span className="text-xs text-slate-500">{note}</span> : undefined} className="print:break-inside-avoid">
      <div className="relative h-60 w-full" role="img" aria-label={label}>
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 520, height: 240 }}>
          {children as React.ReactElement}
        </ResponsiveContainer>
        {isEmpty && <p className="absolute inset-0 flex items-center justify-center text-sm text-slate-500">No data in this range.</p>}
      </div>
    </Card>
  );
}

const DOT = { r: 2 };
/** The log axis's ticks up to one step above the largest value. */
function ticksUpTo(ticks: number[], rows: Record<string, unknown>[]) {
  const max = Math.max(0, ...rows.flatMap((r) => Object.entries(r).filter(([k]) => !k.includes(":")).map(([, v]) => (typeof v === "number" ? v : 0))));
  const upTo = ticks.findIndex((t) => t >= max);
  return ticks.slice(0, upTo === -1 ? ticks.length : upTo + 1);
}

type TProps = { report: TKpiReport };

/** One line per channel of a per-channel figure over the trend points. */
function perChannel(report: TKpiReport, pick: (f: TKpiReport["current"]["figures"]) => number | null) {
  return report.points.map((p) => ({
    label: pointLabel(p.t, report.stepMs),
    ...Object.fromEntries(report.channels.map((c) => [c.code, p.byChannel[c.code] ? pick(p.byChannel[c.code]!) : null])),
  }));
}

export function OversellChart({ report }: TProps) {
  const data = perChannel(report, (f) => f.oversellRate);
  return (
    <ChartCard title="Oversell rate" note="orders taken with too little ATP, per channel" label="Oversell rate per channel over time" isEmpty={!data.some((d) => Object.values(d).some((v) => typeof v === "number"))}>
      <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#eef2f7" vertical={false} />
        <XAxis dataKey="label" tick={axis} minTickGap={24} />
        <YAxis tick={axis} tickFormatter={percentTick} width={48} domain={rateDomain} />
        <Tooltip contentStyle={tooltipStyle} formatter={(v) => formatPercent(v as number, 2)} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {report.channels.map((c, i) => (
          <Line key={c.code} type="monotone" dataKey={c.code} stroke={colorOf(i)} strokeWidth={2} dot={DOT} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartCard>
  );
}

export function LatencyChart({ report }: TProps) {
  const single = report.channels.length === 1 ? report.channels[0]! : null;
  if (single) {
    const seconds = floorAt(1);
    const data = report.points.map((p) => ({ label: pointLabel(p.t, report.stepMs), p50: seconds(p.figures.syncLatencyP50Seconds), p95: seconds(p.figures.syncLatencyP95Seconds) }));
    return (
      <ChartCard title={`Sync latency, ${single.code}`} note={`red: the freshness SLO (${formatDuration(single.sloSeconds)}); log scale`} label="Sync latency p50 and p95 over time against the channel's SLO" isEmpty={isEmptySeries(data)}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#eef2f7" vertical={false} />
          <XAxis dataKey="label" tick={axis} minTickGap={24} />
          <YAxis tick={axis} scale="log" domain={[1, "auto"]} ticks={ticksUpTo(SECOND_TICKS, data)} tickFormatter={durationTick} width={52} allowDataOverflow />
          <Tooltip contentStyle={tooltipStyle} formatter={(v) => formatDuration(v as number)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="p50" name="p50" stroke={colorOf(2)} strokeWidth={2} dot={DOT} connectNulls isAnimationActive={false} />
          <Line type="monotone" dataKey="p95" name="p95" stroke={colorOf(0)} strokeWidth={2} dot={DOT} connectNulls isAnimationActive={false} />
          <ReferenceLine y={single.sloSeconds} stroke="#dc2626" strokeDasharray="5 4" label={{ value: "SLO", fontSize: 11, fill: "#dc2626", position: "insideTopRight" }} />
        </LineChart>
      </ChartCard>
    );
  }
  // Channels have different SLOs, so each p95 is drawn as a multiple of its own SLO: 1× is on target.
  const ratio = floorAt(0.01);
  const data = report.points.map((p) => ({
    label: pointLabel(p.t, report.stepMs),
    ...Object.fromEntries(report.channels.flatMap((c) => {
      const p95 = p.byChannel[c.code]?.syncLatencyP95Seconds ?? null;
      return [[c.code, ratio(p95 === null ? null : p95 / c.sloSeconds)], [`${c.code}:seconds`, p95]];
    })),
  }));
  return (
    <ChartCard title="Sync latency p95 against each channel's SLO" note="1× = on the SLO; log scale" label="Sync latency p95 per channel as a multiple of its freshness SLO, over time" isEmpty={isEmptySeries(data)}>
      <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#eef2f7" vertical={false} />
        <XAxis dataKey="label" tick={axis} minTickGap={24} />
        <YAxis tick={axis} scale="log" domain={[0.01, "auto"]} ticks={ticksUpTo(RATIO_TICKS, data)} tickFormatter={(v: number) => `${v}×`} width={48} allowDataOverflow />
        <Tooltip
          contentStyle={tooltipStyle}
          formatter={(v, name, item) => [`${formatDuration((item.payload as Record<string, number | null>)[`${String(name)}:seconds`])} (${(v as number).toFixed(1)}× SLO)`, name]}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <ReferenceLine y={1} stroke="#dc2626" strokeDasharray="5 4" label={{ value: "SLO", fontSize: 11, fill: "#dc2626", position: "insideTopRight" }} />
        {report.channels.map((c, i) => (
          <Line key={c.code} type="monotone" dataKey={c.code} stroke={colorOf(i)} strokeWidth={2} dot={DOT} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartCard>
  );
}

export function ExceptionsChart({ report }: TProps) {
  const data = report.points.map((p) => ({ label: pointLabel(p.t, report.stepMs), opened: p.figures.exceptionsOpened, resolved: p.figures.exceptionsResolved, mttr: p.figures.mttrMinutes }));
  return (
    <ChartCard title="Exceptions and MTTR" note="bars: groups opened and resolved; line: mean time to resolve" label="Exceptions opened and resolved, and MTTR, over time" isEmpty={isEmptySeries(data)}>
      <ComposedChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#eef2f7" vertical={false} />
        <XAxis dataKey="label" tick={axis} minTickGap={24} />
        <YAxis yAxisId="n" tick={axis} width={40} allowDecimals={false} />
        <YAxis yAxisId="mttr" orientation="right" tick={axis} width={52} tickFormatter={(v: number) => formatDuration(v * 60)} />
        <Tooltip contentStyle={tooltipStyle} formatter={(v, name) => (name === "MTTR" ? formatDuration((v as number) * 60) : formatNumber(v as number))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="n" dataKey="opened" name="Opened" fill="#f59e0b" isAnimationActive={false} />
        <Bar yAxisId="n" dataKey="resolved" name="Resolved" fill="#10b981" isAnimationActive={false} />
        <Line yAxisId="mttr" type="monotone" dataKey="mttr" name="MTTR" stroke="#1d4690" strokeWidth={2} dot={DOT} connectNulls isAnimationActive={false} />
      </ComposedChart>
    </ChartCard>
  );
}

export function AccuracyChart({ report }: TProps) {
  const data = report.channels.map((c) => ({ code: c.code, now: report.current.byChannel[c.code]?.accuracy ?? null, before: report.previous.byChannel[c.code]?.accuracy ?? null }));
  return (
    <ChartCard title="Inventory accuracy by channel" note={`within ±${report.accuracyToleranceUnits} units of target`} label="Inventory accuracy per channel, this period and the one before" isEmpty={!data.some((d) => d.now !== null || d.before !== null)}>
      <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#eef2f7" vertical={false} />
        <XAxis dataKey="code" tick={axis} />
        <YAxis tick={axis} tickFormatter={percentTick} width={44} domain={[0, 1]} />
        <Tooltip contentStyle={tooltipStyle} formatter={(v) => formatPercent(v as number, 1)} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="before" name="Previous period" fill="#cbd5e1" isAnimationActive={false} />
        <Bar dataKey="now" name="This period" fill="#2458b8" isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}

export function ThroughputChart({ report }: TProps) {
  const data = report.points.map((p) => ({ label: pointLabel(p.t, report.stepMs), events: p.figures.eventsIngested, duplicates: p.figures.duplicateRate, deadLetters: p.figures.deadLetterRate }));
  return (
    <ChartCard title="Throughput" note="events received; duplicate and dead-letter rates" label="Events ingested over time with duplicate and dead-letter rates" isEmpty={isEmptySeries(data)}>
      <ComposedChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#eef2f7" vertical={false} />
        <XAxis dataKey="label" tick={axis} minTickGap={24} />
        <YAxis yAxisId="n" tick={axis} width={56} tickFormatter={(v: number) => formatNumber(v)} />
        <YAxis yAxisId="rate" orientation="right" tick={axis} width={48} tickFormatter={percentTick} domain={rateDomain} />
        <Tooltip contentStyle={tooltipStyle} formatter={(v, name) => (name === "Events" ? formatNumber(v as number) : formatPercent(v as number, 2))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="n" dataKey="events" name="Events" fill="#93c5fd" isAnimationActive={false} />
        <Line yAxisId="rate" type="monotone" dataKey="duplicates" name="Duplicate rate" stroke="#7c3aed" strokeWidth={2} dot={DOT} connectNulls isAnimationActive={false} />
        <Line yAxisId="rate" type="monotone" dataKey="deadLetters" name="Dead-letter rate" stroke="#dc2626" strokeWidth={2} dot={DOT} connectNulls isAnimationActive={false} />
      </ComposedChart>
    </ChartCard>
  );
}

export function ReconciliationChart({ report }: TProps) {
  const data = report.points.map((p) => ({ label: pointLabel(p.t, report.stepMs), rate: p.figures.reconciliationVarianceRate, backlog: p.figures.reconciliationBacklog }));
  return (
    <ChartCard
      title="Reconciliation"
      note="of the latest run by then: line, share of lines in variance; bars, backlog (in variance 2+ runs)"
      label="Reconciliation variance rate and backlog of the latest run, over time"
      isEmpty={!data.some((d) => d.rate !== null)}
    >
      <ComposedChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#eef2f7" vertical={false} />
        <XAxis dataKey="label" tick={axis} minTickGap={24} />
        <YAxis yAxisId="n" tick={axis} width={48} allowDecimals={false} tickFormatter={(v: number) => formatNumber(v)} />
        <YAxis yAxisId="rate" orientation="right" tick={axis} width={48} tickFormatter={percentTick} domain={rateDomain} />
        <Tooltip contentStyle={tooltipStyle} formatter={(v, name) => (name === "Backlog" ? formatNumber(v as number) : formatPercent(v as number, 2))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="n" dataKey="backlog" name="Backlog" fill="#fca5a5" isAnimationActive={false} />
        <Line yAxisId="rate" type="stepAfter" dataKey="rate" name="Variance rate" stroke="#b91c1c" strokeWidth={2} dot={DOT} connectNulls isAnimationActive={false} />
      </ComposedChart>
    </ChartCard>
  );
}
