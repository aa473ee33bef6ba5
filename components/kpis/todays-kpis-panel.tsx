"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { KpiTile } from "./kpi-tile";
import { METRIC_BY_KEY, TODAY_INPUT, type TMetricKey } from "./metrics";

const SHOWN: TMetricKey[] = ["oversellRate", "syncLatencyP95Seconds", "staleFeedMinutes", "accuracy", "mttrMinutes", "eventsIngested"];

export function TodaysKpisPanel() {
  const trpc = useTRPC();
  const report = useQuery({ ...trpc.kpis.report.queryOptions(TODAY_INPUT), refetchInterval: 60_000 });
  const r = report.data;
  return (
    <Card
      title="Today's KPIs"
      className="mt-5"
      actions={
        <Link href="/kpis" className="text-xs font-medium text-brand-700 hover:underline">
          Open the dashboard →
        </Link>
      }
    >
      <ErrorNote error={report.error} />
      {!r ? (
        <LoadingRows rows={2} />
      ) : (
        <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" aria-label="Last 24 hours against the 24 before">
          {SHOWN.map((k) => (
            <KpiTile key={k} metric={METRIC_BY_KEY[k]} value={r.current.figures[k]} previous={r.previous.figures[k]} channel={null} previousLabel="the 24 h before" />
          ))}
        </div>
      )}
    </Card>
  );
}
