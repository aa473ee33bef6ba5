"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { kpiCsv } from "@/components/kpis/csv";
import { KpiTile } from "@/components/kpis/kpi-tile";
import { METRICS } from "@/components/kpis/metrics";
import { useTRPC } from "@/components/providers/trpc";
import { CatchingUpNote } from "@/components/ui/catching-up-note";
import { ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { ChannelTable } from "./channel-table";
import { toInput, toSearch, type TKpiParams } from "./params";
import { RangeControls } from "./range-controls";
import { AccuracyChart, ExceptionsChart, LatencyChart, OversellChart, ReconciliationChart, ThroughputChart } from "./trend-charts";

const REFRESH_MS = 60_000;
/** A roll-up tick takes up to 15,000 events: more than this waiting means history or a burst is still being counted. */
const CATCHING_UP_EVENTS = 5_000;
const CATCHING_UP_REFRESH_MS = 5_000;


function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const span = (from: string, to: string) => `${formatDateTime(from).slice(0, 16)} – ${formatDateTime(to).slice(0, 16)} UTC`;

export function KpiDashboard({ initialParams }: { initialParams: TKpiParams }) {
  const trpc = useTRPC();
  const [params, setParams] = useState(initialParams);
  const report = useQuery({
    ...trpc.kpis.report.queryOptions(toInput(params)),
    refetchInterval: (q) => ((q.state.data?.pendingEvents ?? 0) >= CATCHING_UP_EVENTS ? CATCHING_UP_REFRESH_MS : REFRESH_MS),
    placeholderData: keepPreviousData,
  });
  const channels = useQuery(trpc.masterData.channels.queryOptions());
  const r = report.data;

  const apply = (next: TKpiParams) => {
    setParams(next);
    window.history.replaceState(null, "", `/kpis${toSearch(next)}`);
  };
  const exportCsv = () => {
    if (!r) return;
    download(`sightline-kpis-${r.from.slice(0, 13)}-${r.to.slice(0, 13)}${r.channel ? `-${r.channel}` : ""}.csv`, kpiCsv(r));
  };

  return (
    <div>
      <RangeControls
        params={params}
        channels={channels.data ?? r?.channels ?? []}
        onChange={apply}
        onExport={exportCsv}
        defaultCustom={{ from: r?.from ?? "", to: r?.to ?? "" }}
      />
      <ErrorNote error={report.error} />
      {!r ? (
        !report.error && <LoadingRows rows={6} />
      ) : (
        <div className="space-y-4" aria-busy={report.isFetching}>
          <p className="text-sm text-slate-600" data-testid="kpi-range">
            <span className="font-medium text-slate-800">{span(r.from, r.to)}</span>
            {r.channel ? (
              <>
                {" "}
                · channel <span className="font-mono">{r.channel}</span>
              </>
            ) : (
              " · all channels"
            )}{" "}
            · compared with {span(r.prevFrom, r.from)}
          </p>
          <CatchingUpNote behind={r.pendingEvents} threshold={CATCHING_UP_EVENTS}>
            Still counting: about {formatNumber(r.pendingEvents)} events (a history just loaded, or a burst) are not in these figures yet. They fill in as the roll-up
            catches up; this page refreshes every few seconds until then.
          </CatchingUpNote>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-4 print:grid-cols-4">
            {METRICS.map((m) => (
              <KpiTile key={m.key} metric={m} value={r.current.figures[m.key]} previous={r.previous.figures[m.key]} channel={r.channel} />
            ))}
          </div>
          <div className="grid gap-4 lg:grid-cols-2 print:grid-cols-2">
            <OversellChart report={r} />
            <LatencyChart report={r} />
            <ExceptionsChart report={r} />
            <AccuracyChart report={r} />
          </div>
          <ThroughputChart report={r} />
          <ReconciliationChart report={r} />
          <ChannelTable report={r} />
          <p className="text-xs text-slate-500">
            Figures are kept per hour (UTC) and refresh every minute. Sync latency runs from each stock-changing event to the channel&apos;s next publish of that SKU; oversell
            compares each order with the ATP its channel could sell from just before it. Generated {formatDateTime(r.generatedAt)}.
          </p>
        </div>
      )}
    </div>
  );
}
