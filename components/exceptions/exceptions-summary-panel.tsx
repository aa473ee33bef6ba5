"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { formatNumber } from "@/components/ui/format";
import { EXCEPTION_KINDS, KIND_LABEL, SEVERITIES } from "@/server/exceptions/kinds";
import { ScopeCodes, SeverityBadge } from "./badges";
import { RelativeTime } from "./relative-time";

const SEVERITY_BOX: Record<(typeof SEVERITIES)[number], string> = {
  critical: "border-red-300 bg-red-600 text-white",
  high: "border-red-200 bg-red-50 text-red-800",
  medium: "border-amber-200 bg-amber-50 text-amber-900",
  low: "border-slate-200 bg-slate-50 text-slate-700",
};

export function ExceptionsSummaryPanel() {
  const trpc = useTRPC();
  const summary = useQuery({ ...trpc.exceptions.summary.queryOptions(), refetchInterval: 10_000 });
  const s = summary.data;
  return (
    <Card
      title="Exceptions needing attention"
      className="mt-5"
      actions={
        <Link href="/exceptions" className="text-xs font-medium text-brand-700 hover:underline">
          Open the queue →
        </Link>
      }
    >
      <ErrorNote error={summary.error} />
      {!s ? (
        <LoadingRows rows={3} />
      ) : (
        <div className="space-y-4">
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7">
            {SEVERITIES.map((sev) => (
              <Link key={sev} href={`/exceptions?severity=${sev}`} className={cn("rounded-md border px-3 py-2", SEVERITY_BOX[sev])} aria-label={`${s.bySeverity[sev]} ${sev}`}>
                <div className="text-xs font-medium uppercase tracking-wide opacity-80">{sev}</div>
                <div className="text-2xl font-semibold tabular-nums">{formatNumber(s.bySeverity[sev])}</div>
              </Link>
            ))}
            <Link href="/exceptions?breached=1" className={cn("rounded-md border px-3 py-2", s.breached > 0 ? "border-red-300 bg-white text-red-700" : "border-slate-200 bg-white text-slate-700")}>
              <div className="text-xs font-medium uppercase tracking-wide opacity-80">SLA breached</div>
              <div className="text-2xl font-semibold tabular-nums">{formatNumber(s.breached)}</div>
            </Link>
            <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-slate-700">
              <div className="text-xs font-medium uppercase tracking-wide opacity-80">Snoozed</div>
              <div className="text-2xl font-semibold tabular-nums">{formatNumber(s.snoozed)}</div>
            </div>
            <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-slate-700">
              <div className="text-xs font-medium uppercase tracking-wide opacity-80">Resolved 24 h</div>
              <div className="text-2xl font-semibold tabular-nums">{formatNumber(s.resolvedLast24h.auto + s.resolvedLast24h.user)}</div>
              <div className="text-xs text-slate-500">{formatNumber(s.resolvedLast24h.auto)} by themselves</div>
            </div>
          </div>
          <div className="grid gap-4 lg:grid-cols-2">
            <div>
              <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Open by kind</h3>
              <ul className="divide-y divide-slate-100 text-sm">
                {EXCEPTION_KINDS.filter((k) => s.byKind[k] > 0).map((k) => (
                  <li key={k} className="flex justify-between py-1">
                    <Link href={`/exceptions?kind=${k}`} className="text-slate-700 hover:text-brand-700 hover:underline">
                      {KIND_LABEL[k]}
                    </Link>
                    <span className="font-medium tabular-nums">{formatNumber(s.byKind[k])}</span>
                  </li>
                ))}
                {s.active === 0 && <li className="py-1 text-slate-500">Nothing open. Every feed, book and channel agrees.</li>}
              </ul>
            </div>
            <div>
              <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Oldest open item</h3>
              {s.oldest ? (
                <Link href={`/exceptions/${s.oldest.id}`} className="block rounded-md border border-slate-200 px-3 py-2 hover:border-brand-500">
                  <div className="flex items-center gap-2">
                    <SeverityBadge severity={s.oldest.severity} />
                    <span className="font-medium text-slate-900">{s.oldest.title}</span>
                  </div>
                  <div className="mt-1 text-sm text-slate-600">
                    <ScopeCodes scope={s.oldest.scope} isUnknownSku={s.oldest.kind === "rejected_event"} />
                  </div>
                  <div className="mt-1 text-xs text-slate-500">
                    <RelativeTime prefix="open since" value={s.oldest.openedAt} /> · {s.oldest.assignee ? `assigned to ${s.oldest.assignee}` : "unassigned"}
                    {s.oldest.isSlaBreached ? " · SLA breached" : ""}
                  </div>
                </Link>
              ) : (
                <p className="text-sm text-slate-500">None.</p>
              )}
            </div>
          </div>
        </div>
      )}
    </Card>
  );
}
