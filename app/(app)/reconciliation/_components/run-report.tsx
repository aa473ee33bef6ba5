"use client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { RunStatusBadge } from "@/components/reconciliation/badges";
import { RunProgress } from "@/components/reconciliation/run-progress";
import { scopeText } from "@/components/reconciliation/scope-text";
import { Button } from "@/components/ui/button";
import { Card, Stat } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { formatDateTime, formatDuration, formatNumber } from "@/components/ui/format";
import { Pager } from "@/components/ui/table";
import { useCursorPages } from "@/components/ui/use-cursor-pages";
import type { TLineFilters, TRunDetail } from "@/server/reconciliation/reconciliation.types";
import { filtersFromSearch, LINES_PAGE, searchOf } from "./line-params";
import { LineFilters } from "./line-filters";
import { LinesTable } from "./lines-table";
import { PlaceSummary } from "./place-summary";

function Header({ run }: { run: TRunDetail }) {
  return (
    <div className="space-y-1">
      <Link href="/reconciliation" className="no-print text-sm text-brand-700 hover:underline">
        ← Reconciliation
      </Link>
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-semibold text-slate-900">Reconciliation run #{run.id}</h1>
        <RunStatusBadge status={run.status} />
      </div>
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-600">
        <span>{run.trigger === "schedule" ? "scheduled" : `started by ${run.startedBy ?? "someone"}`}</span>
        <span>snapshot {formatDateTime(run.snapshotAt ?? run.startedAt)}</span>
        {run.finishedAt && <span>took {formatDuration((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000)}</span>}
        <span>scope: {scopeText(run.scope)}</span>
        <span>
          tolerance ±{formatNumber(run.toleranceUnits)} units or {run.tolerancePercent}% of the book
        </span>
        {run.previousRunId !== null && (
          <span>
            aged against{" "}
            <Link href={`/reconciliation/${run.previousRunId}`} className="text-brand-700 hover:underline">
              run #{run.previousRunId}
            </Link>
          </span>
        )}
      </div>
      {run.note && (
        <p className="text-sm text-slate-800">
          <span className="text-slate-500">Note:</span> {run.note}
        </p>
      )}
    </div>
  );
}

function Lines({ run }: { run: TRunDetail }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => filtersFromSearch((k) => searchParams.get(k)), [searchParams]);
  const pages = useCursorPages();
  const filterKey = searchOf(filters);
  // a filter change starts again from the first page
  const [pagedFor, setPagedFor] = useState(filterKey);
  if (pagedFor !== filterKey) {
    setPagedFor(filterKey);
    pages.reset();
  }
  const lines = useQuery({ ...trpc.reconciliation.lines.queryOptions({ id: run.id, limit: LINES_PAGE, ...filters, ...(pages.cursor ? { cursor: pages.cursor } : {}) }), placeholderData: keepPreviousData });
  const setFilters = (change: Partial<Record<keyof TLineFilters, string | undefined>>) => {
    const next = new URLSearchParams(searchParams.toString());
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, v);
    }
    const qs = next.toString();
    router.replace(`${pathname}${qs ? `?${qs}` : ""}`, { scroll: false });
  };
  const csvHref = `/api/v1/reconciliations/${run.id}/lines.csv${filterKey}`;
  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-2 print:grid-cols-2">
        <Card title="By location" className="print:break-inside-avoid">
          <PlaceSummary title="Location" places={run.byLocation} active={filters.location} onPick={(code) => setFilters({ location: code, channel: undefined, kind: undefined })} />
        </Card>
        <Card title="By channel" className="print:break-inside-avoid">
          <PlaceSummary title="Channel" places={run.byChannel} active={filters.channel} onPick={(code) => setFilters({ channel: code, location: undefined, kind: undefined })} />
        </Card>
      </div>
      <Card
        title="Lines"
        actions={
          <div className="no-print flex items-center gap-2">
            <span className="text-xs text-slate-500">worst first · j / k to move, Enter opens the SKU</span>
            <a href={csvHref} download className="inline-flex h-7 items-center rounded-md border border-slate-300 bg-white px-2.5 text-xs font-medium text-slate-800 hover:bg-slate-50">
              Export CSV
            </a>
            <Button size="sm" onClick={() => window.print()}>
              Print
            </Button>
          </div>
        }
      >
        <div className="space-y-3">
          <LineFilters filters={filters} locations={Object.keys(run.byLocation).sort()} channels={Object.keys(run.byChannel).sort()} onChange={setFilters} />
          <ErrorNote error={lines.error} />
          {lines.isPending ? (
            <LoadingRows rows={8} />
          ) : !lines.data || lines.data.items.length === 0 ? (
            <EmptyState title={filterKey ? "No line matches these filters" : "This run has no lines"}>
              {filterKey ? "Widen the filters, or clear them." : "Nothing in its scope had reported stock or an exposure when it ran."}
            </EmptyState>
          ) : (
            <div className={cn(lines.isPlaceholderData && "opacity-60 transition-opacity")}>
              <LinesTable lines={lines.data.items} systems={run.systems} runId={run.id} kind={filters.kind ?? (filters.location ? "location" : filters.channel ? "channel" : undefined)} />
              <div className="no-print">
                <Pager {...pages.pager(lines.data.nextCursor)} label={`Page ${pages.page} · ${lines.data.items.length} lines`} />
              </div>
            </div>
          )}
        </div>
      </Card>
    </div>
  );
}

/** One run: header, progress while it runs, then totals, the summary by location and channel, and its lines. */
export function RunReport({ id }: { id: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const run = useQuery({ ...trpc.reconciliation.get.queryOptions({ id }), refetchInterval: (q) => (q.state.data?.status === "running" ? 1_000 : false) });
  const status = run.data?.status;
  useEffect(() => {
    if (status && status !== "running") void queryClient.invalidateQueries({ queryKey: trpc.reconciliation.lines.pathKey() });
  }, [status, queryClient, trpc]);
  if (run.isPending) return <LoadingRows rows={6} />;
  if (run.error) return <ErrorNote error={run.error} />;
  const r = run.data;
  const t = r.totals;
  return (
    <div className="space-y-4">
      <Header run={r} />
      {r.status === "running" && (
        <Card title="Running">
          <RunProgress progress={r.progress} phase={r.phase} />
          <p className="mt-2 text-xs text-slate-500">Its lines appear all at once when it is done: a run is one consistent snapshot.</p>
        </Card>
      )}
      {r.status === "failed" && <ErrorNote error={{ message: r.error ?? "This run failed." }} />}
      {t && (
        <>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7 print:grid-cols-7" aria-label="Totals">
            <Stat label="Lines" value={formatNumber(t.lines)} />
            <Stat label="Match" value={formatNumber(t.match)} tone="good" />
            <Stat label="Within tolerance" value={formatNumber(t.withinTolerance)} tone={t.withinTolerance ? "warn" : undefined} />
            <Stat label="Variance" value={formatNumber(t.variance)} tone={t.variance ? "bad" : "good"} hint={t.lines ? `${((t.variance / t.lines) * 100).toFixed(2)}% of lines` : undefined} />
            <Stat label="Variance units" value={formatNumber(t.varianceUnits)} hint="Σ spread" />
            <Stat label="New" value={formatNumber(t.newVariances)} hint="first run in variance" />
            <Stat label="Persisting" value={formatNumber(t.persistent)} tone={t.persistent ? "bad" : undefined} hint="2+ runs in a row" />
          </div>
          <Lines run={r} />
        </>
      )}
    </div>
  );
}
