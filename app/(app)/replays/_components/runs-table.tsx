"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { useTRPC } from "@/components/providers/trpc";
import { PlanStatusBadge } from "@/components/replay/plan-preview";
import { ReplayProgress } from "@/components/replay/replay-progress";
import { selectorText } from "@/components/replay/selector-text";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { formatNumber } from "@/components/ui/format";
import { Pager, Table, Td, Th } from "@/components/ui/table";
import { useCursorPages } from "@/components/ui/use-cursor-pages";

/** Every plan and run, newest first: who, when, why, what it would do and what it did. */
export function RunsTable() {
  const trpc = useTRPC();
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const list = useQuery({ ...trpc.replays.list.queryOptions({ limit: 50, ...(cursor ? { cursor } : {}) }), refetchInterval: 3000 });
  return (
    <Card title="Plans and runs" actions={<span className="text-xs text-slate-500">a plan is a dry run; a run is a plan applied · refreshes every 3 s</span>}>
      <ErrorNote error={list.error} />
      {list.isPending ? (
        <LoadingRows />
      ) : list.data?.items.length === 0 ? (
        <EmptyState title="No replays yet">Open an exception group of rejected events or a sequence gap, or the dead letters tab, and press Replay.</EmptyState>
      ) : (
        <>
          <Table aria-label="Replay plans and runs">
            <thead>
              <tr>
                <Th>Plan</Th>
                <Th>Status</Th>
                <Th>Selection</Th>
                <Th align="right">Events</Th>
                <Th title="would apply / skip / still fail">Preview</Th>
                <Th title="applied / skipped / still failing">Result</Th>
                <Th>Applied by, reason</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.data?.items.map((p) => (
                <tr key={p.id} className="hover:bg-slate-50" data-testid="replay-row">
                  <Td>
                    <Link href={`/replays/${p.id}`} className="font-mono text-xs text-brand-700 hover:underline">
                      {p.id}
                    </Link>
                    <div className="text-xs text-slate-500">
                      <span title={`previewed by ${p.createdBy}`}>
                        <RelativeTime prefix="planned" value={p.createdAt} />
                      </span>
                    </div>
                  </Td>
                  <Td>
                    <PlanStatusBadge status={p.status} />
                  </Td>
                  <Td className="max-w-64 truncate text-xs" title={selectorText(p.selector)}>
                    {selectorText(p.selector)}
                  </Td>
                  <Td align="right">{formatNumber(p.events)}</Td>
                  <Td className="text-xs tabular-nums">
                    <span title="would apply / skip / still fail">
                      {formatNumber(p.wouldApply)} / {formatNumber(p.wouldSkip)} / <span className={p.wouldFail ? "text-red-700" : ""}>{formatNumber(p.wouldFail)}</span>
                    </span>
                    {p.stale > 0 && <span className="ml-1 text-amber-700">· {formatNumber(p.stale)} stale</span>}
                  </Td>
                  <Td className="min-w-48 text-xs tabular-nums">
                    {p.status === "applying" ? (
                      <ReplayProgress progress={p.progress} events={p.events} />
                    ) : p.result ? (
                      <>
                        <span className="font-medium text-emerald-700">{formatNumber(p.result.applied)}</span> / {formatNumber(p.result.skipped)} / <span className={p.result.failed ? "text-red-700" : ""}>{formatNumber(p.result.failed)}</span>
                        {p.status === "cancelled" && <span className="ml-1 text-slate-500">{p.progress > 0 ? `(stopped at ${formatNumber(p.progress)})` : "(discarded)"}</span>}
                      </>
                    ) : (
                      <span className="text-slate-400">not applied</span>
                    )}
                  </Td>
                  <Td className="text-xs">
                    <div className="w-72 whitespace-normal">
                      {p.appliedBy ? (
                        <>
                          <span className="text-slate-800">{p.appliedBy}</span>
                          {p.appliedAt && (
                            <span className="text-slate-500">
                              {" "}
                              · <RelativeTime value={p.appliedAt} />
                            </span>
                          )}
                          <div className="line-clamp-2 text-slate-600" title={p.reason ?? undefined}>
                            {p.reason}
                          </div>
                        </>
                      ) : (
                        <span className="text-slate-400">previewed by {p.createdBy}</span>
                      )}
                    </div>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager {...pages.pager(list.data?.nextCursor)} />
        </>
      )}
    </Card>
  );
}
