import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { changeOf, formatMetric, type TMetric } from "./metrics";

const TONE = { good: "text-emerald-700", bad: "text-red-700", neutral: "text-slate-500" } as const;

/** One KPI: its value, the change against the previous period, and where to look closer. */
export function KpiTile({ metric, value, previous, channel, previousLabel = "previous period" }: { metric: TMetric; value: number | null; previous: number | null; channel: string | null; previousLabel?: string }) {
  const change = changeOf(metric, value, previous);
  const body = (
    <>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{metric.label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={`kpi-${metric.key}`}>
        {formatMetric(metric, value)}
      </div>
      <div className="mt-0.5 flex flex-wrap items-baseline gap-x-1.5 text-xs">
        {change ? (
          <span className={cn("font-medium tabular-nums", TONE[change.tone])} title={`${previousLabel}: ${formatMetric(metric, previous)}`}>
            {change.text}
          </span>
        ) : (
          <span className="text-slate-400">no comparison</span>
        )}
        <span className="text-slate-500">{metric.hint}</span>
      </div>
    </>
  );
  const box = "block rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm print:break-inside-avoid print:shadow-none";
  return metric.drill ? (
    <Link href={metric.drill(channel)} className={cn(box, "hover:border-brand-500")} aria-label={`${metric.label}: ${formatMetric(metric, value)}. Open the details`}>
      {body}
    </Link>
  ) : (
    <div className={box}>{body}</div>
  );
}
