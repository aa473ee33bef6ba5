"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { RunStatusBadge } from "@/components/reconciliation/badges";
import { RunProgress } from "@/components/reconciliation/run-progress";
import { scopeText } from "@/components/reconciliation/scope-text";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { formatDateTime, formatDuration, formatNumber } from "@/components/ui/format";
import { Pager, Table, Td, Th } from "@/components/ui/table";
import { useCursorPages } from "@/components/ui/use-cursor-pages";
import { TrendChart } from "./trend-chart";

const PAGE = 20;

function WhatARunDoes({ canRun }: { canRun: boolean }) {
  return (
    <EmptyState title="No reconciliation runs yet">
      <p className="mx-auto max-w-2xl">
        A run takes one snapshot of every book and compares, per SKU × location, what each system (ERP, WMS, POS, 3PL) reports on hand with the canonical book, and per SKU ×
        channel what the channel exposes with its target. Each line is a match, within your tolerances (Settings → Reconciliation) or a variance, and a variance that
        persists is counted run after run. Runs start every night at 02:00 UTC (<code>SIGHTLINE_RECONCILE_CRON</code>)
        {canRun ? ", or now with Run now." : "; operations managers can also start one."}
      </p>
    </EmptyState>
  );
}

export function RunsOverview({ canRun }: { canRun: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pages = useCursorPages();
  const current = useQuery({ ...trpc.reconciliation.current.queryOptions(), refetchInterval: (q) => (q.state.data ? 1_000 : 10_000) });
  const list = useQuery({ ...trpc.reconciliation.list.queryOptions({ limit: PAGE, ...(pages.cursor ? { cursor: pages.cursor } : {}) }), refetchInterval: 10_000 });
  const trend = useQuery(trpc.reconciliation.trend.queryOptions());
  const runningId = current.data?.id ?? null;
  // when the running run ends, the table and the chart catch up at once
  useEffect(() => {
    if (runningId === null) void queryClient.invalidateQueries({ queryKey: trpc.reconciliation.list.pathKey() }).then(() => queryClient.invalidateQueries({ queryKey: trpc.reconciliation.trend.queryKey() }));
  }, [runningId, queryClient, trpc]);

  if (list.isPending) return <LoadingRows rows={6} />;
  if (list.error) return <ErrorNote error={list.error} />;
  if (list.data.items.length === 0 && !pages.cursor) return <WhatARunDoes canRun={canRun} />;
  return (
    <div className="space-y-4">
      {current.data && (
        <Card title={<Link href={`/reconciliation/${current.data.id}`} className="hover:underline">Run #{current.data.id} is running</Link>}>
          <RunProgress progress={current.data.progress} />
        </Card>
      )}
      <Card title="Variances across runs" actions={<span className="text-xs text-slate-500">done runs, oldest to newest · * a scoped run</span>}>
        {trend.data?.length ? <TrendChart points={trend.data} /> : <p className="text-sm text-slate-500">The chart fills in as runs finish.</p>}
      </Card>
      <Card title="Runs" actions={<span className="text-xs text-slate-500">times in UTC · refreshes every 10 s</span>}>
        <Table aria-label="Reconciliation runs">
          <thead>
            <tr>
              <Th>Run</Th>
              <Th>Status</Th>
              <Th>Started</Th>
              <Th>Scope</Th>
              <Th align="right">Lines</Th>
              <Th align="right">Match</Th>
              <Th align="right">Within tol.</Th>
              <Th align="right">Variance</Th>
              <Th align="right" title="Σ spread of the lines in variance">Units</Th>
              <Th align="right" title="variances new in this run">New</Th>
              <Th align="right" title="in variance for 2 runs in a row or more">Persisting</Th>
              <Th align="right">Took</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.data.items.map((r) => (
              <tr key={r.id} className="hover:bg-slate-50" data-testid="run-row">
                <Td>
                  <Link href={`/reconciliation/${r.id}`} className="font-medium text-brand-700 hover:underline">
                    #{r.id}
                  </Link>
                  <span className="ml-1.5 text-xs text-slate-500">{r.trigger === "schedule" ? "scheduled" : `by ${r.startedBy ?? "someone"}`}</span>
                </Td>
                <Td>
                  <RunStatusBadge status={r.status} />
                </Td>
                <Td className="text-xs tabular-nums">{formatDateTime(r.startedAt)}</Td>
                <Td className="max-w-56 truncate text-xs" title={r.note ?? undefined}>
                  {scopeText(r.scope)}
                  {r.note && <div className="truncate text-slate-500">{r.note}</div>}
                </Td>
                {r.status === "running" ? (
                  <Td colSpan={7}>
                    <RunProgress progress={r.id === current.data?.id ? current.data.progress : r.progress} />
                  </Td>
                ) : r.totals ? (
                  <>
                    <Td align="right">{formatNumber(r.totals.lines)}</Td>
                    <Td align="right">{formatNumber(r.totals.match)}</Td>
                    <Td align="right">{formatNumber(r.totals.withinTolerance)}</Td>
                    <Td align="right">
                      <span className={r.totals.variance ? "font-semibold text-red-700" : ""}>{formatNumber(r.totals.variance)}</span>
                    </Td>
                    <Td align="right">{formatNumber(r.totals.varianceUnits)}</Td>
                    <Td align="right">{formatNumber(r.totals.newVariances)}</Td>
                    <Td align="right">
                      <span className={r.totals.persistent ? "text-red-800" : ""}>{formatNumber(r.totals.persistent)}</span>
                    </Td>
                  </>
                ) : (
                  <Td colSpan={7} className="max-w-96 truncate text-xs" title={r.error ?? undefined}>
                    <span className="text-red-700">{r.error ?? "failed"}</span>
                  </Td>
                )}
                <Td align="right" className="text-xs">
                  {r.finishedAt ? formatDuration((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000) : "—"}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <Pager {...pages.pager(list.data.nextCursor)} label={`Page ${pages.page}`} />
      </Card>
    </div>
  );
}
