import Link from "next/link";
import { Card } from "@/components/ui/card";
import { formatDuration } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { formatMetric, METRIC_BY_KEY, type TMetricKey } from "@/components/kpis/metrics";
import type { TKpiReport } from "@/server/kpis/report";

const COLUMNS: { key: TMetricKey; label: string }[] = [
  { key: "oversellRate", label: "Oversell" },
  { key: "syncLatencyP50Seconds", label: "Latency p50" },
  { key: "syncLatencyP95Seconds", label: "Latency p95" },
  { key: "staleFeedMinutes", label: "Stale" },
  { key: "accuracy", label: "Accuracy" },
  { key: "exceptionsOpened", label: "Opened" },
  { key: "exceptionsResolved", label: "Resolved" },
  { key: "mttrMinutes", label: "MTTR" },
  { key: "duplicateRate", label: "Duplicates" },
  { key: "deadLetterRate", label: "Dead letters" },
  { key: "eventsIngested", label: "Events" },
  { key: "orderFalloutRate", label: "Fallout" },
  { key: "stockCancellationRate", label: "Stock cxl" },
  { key: "ackDelayP95Seconds", label: "Ack p95" },
  { key: "reconciliationVarianceRate", label: "Recon. variance" },
];

/** Every figure per channel, with the ways in: the channel's drift and its exceptions. */
export function ChannelTable({ report }: { report: TKpiReport }) {
  return (
    <Card title="By channel" className="print:break-inside-avoid">
      <Table aria-label="KPIs by channel" className="text-xs">
        <thead>
          <tr>
            <Th>Channel</Th>
            {COLUMNS.map((c) => (
              <Th key={c.key} align="right" className="whitespace-normal px-1.5" title={METRIC_BY_KEY[c.key].label}>
                {c.label}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {report.channels.map((c) => {
            const f = report.current.byChannel[c.code];
            const q = encodeURIComponent(c.code);
            return (
              <tr key={c.code} data-testid="kpi-channel-row">
                <Td className="whitespace-normal px-2">
                  <div className="text-sm font-medium text-slate-900">{c.name ?? c.code}</div>
                  <div className="text-slate-500">
                    <span className="font-mono">{c.code}</span> · SLO {formatDuration(c.sloSeconds)}
                    <span className="no-print">
                      {" · "}
                      <Link className="text-brand-700 hover:underline" href={`/drift?view=channel&channel=${q}`}>
                        drift
                      </Link>
                      {" · "}
                      <Link className="text-brand-700 hover:underline" href={`/exceptions?state=all&channel=${q}`}>
                        exceptions
                      </Link>
                    </span>
                  </div>
                </Td>
                {COLUMNS.map((col) => (
                  <Td key={col.key} align="right" className="px-1.5">
                    {formatMetric(METRIC_BY_KEY[col.key], f?.[col.key] ?? null)}
                  </Td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </Table>
    </Card>
  );
}
