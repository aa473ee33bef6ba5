"use client";
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { EventStatus, Lag, LANES, laneOf, Reasons } from "@/components/drift/event-bits";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/field";
import { formatDateTime, formatDuration, formatNumber } from "@/components/ui/format";
import type { TEventRow } from "@/server/events/events.types";

function offset(from: string | null, at: string | null) {
  if (!from || !at) return "";
  const s = Math.round((Date.parse(at) - Date.parse(from)) / 1000);
  return s === 0 ? "start" : `+${formatDuration(s)}`;
}

function EventCard({ e, start, isFollowUp }: { e: TEventRow; start: string | null; isFollowUp?: boolean }) {
  return (
    <div className={`rounded-md border px-2.5 py-1.5 text-xs shadow-sm ${isFollowUp ? "border-dashed border-brand-500 bg-brand-50" : "border-slate-200 bg-white"}`} data-testid="trace-event">
      {isFollowUp && <div className="mb-0.5 text-[10px] font-semibold uppercase tracking-wide text-brand-700">channel caught up</div>}
      <div className="flex items-center justify-between gap-2">
        <span className="font-mono font-semibold text-slate-800">{e.type ?? "unparsed"}</span>
        <EventStatus status={e.status} />
      </div>
      <div className="mt-0.5 text-slate-600">
        {e.connector} · {[e.sku, e.location, e.channel].filter(Boolean).join(" · ")}
        {e.quantity !== null && <> · qty {formatNumber(e.quantity)}</>}
      </div>
      <div className="mt-0.5 flex gap-2 text-slate-500">
        <span className="font-mono">{formatDateTime(e.occurredAt)}</span>
        <span>{offset(start, e.occurredAt)}</span>
        <Lag seconds={e.lagSeconds} />
      </div>
      <Reasons reasons={e.reasons} flags={e.flags} />
    </div>
  );
}

/** One correlationId / orderRef followed across ERP, WMS, OMS and channel events, lane by lane. */
export function TracePanel() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const ref = searchParams.get("trace")?.trim() || "";
  const [text, setText] = useState(ref);
  useEffect(() => setText(ref), [ref]);
  const trace = useQuery(trpc.events.trace.queryOptions({ ref }, { enabled: !!ref, refetchInterval: 5_000 }));
  const go = (value: string) => {
    const next = new URLSearchParams(searchParams.toString());
    if (value.trim()) next.set("trace", value.trim());
    else next.delete("trace");
    router.replace(`${pathname}${next.size ? `?${next}` : ""}`, { scroll: false });
  };
  const t = trace.data;
  // The trace's own events, then each channel's next quantity, on one time axis.
  const followUpIds = new Set(t?.followUps.map((e) => e.id));
  const all = t ? [...t.events, ...t.followUps].sort((a, b) => (a.occurredAt ?? "~").localeCompare(b.occurredAt ?? "~") || a.id - b.id) : [];
  const lanes = LANES.filter((l) => all.some((e) => laneOf(e.connectorKind, e.type) === l));
  const start = t?.events.find((e) => e.occurredAt)?.occurredAt ?? null;
  return (
    <div id="trace">
      <Card
        title={ref ? `Trace: ${ref}` : "Trace an order"}
        actions={
          <form
            className="flex items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              go(text);
            }}
          >
            <Input aria-label="Correlation id or order reference" placeholder="correlationId or orderRef" className="w-64" value={text} onChange={(e) => setText(e.target.value)} />
            <Button type="submit" size="sm">Trace</Button>
            {ref && <Button size="sm" variant="ghost" onClick={() => go("")}>Close</Button>}
          </form>
        }
      >
        {!ref ? (
          <p className="text-sm text-slate-500">Pick an order or correlation id in the timeline (or type one) to follow it across the ERP, the WMS and the channels.</p>
        ) : trace.isPending ? (
          <LoadingRows rows={4} />
        ) : trace.error ? (
          <ErrorNote error={trace.error} />
        ) : !t || t.events.length === 0 ? (
          <EmptyState title={`No event carries ${ref}`}>Check the reference: traces match correlationId or orderRef exactly.</EmptyState>
        ) : (
          <div className="space-y-4">
            <div className="overflow-x-auto">
              <table className="w-full table-fixed border-separate border-spacing-x-2 border-spacing-y-1.5" aria-label="Trace lanes">
                <thead>
                  <tr>
                    {lanes.map((l) => (
                      <th key={l} scope="col" className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">{l}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {all.map((e) => (
                    <tr key={e.id}>
                      {lanes.map((l) => (
                        <td key={l} className="border-l-2 border-slate-100 align-top">
                          {laneOf(e.connectorKind, e.type) === l && <EventCard e={e} start={start} isFollowUp={followUpIds.has(e.id)} />}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div>
              <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">When each channel caught up</h3>
              {t.followUps.length === 0 ? (
                <p className="text-sm text-slate-500">No channel has reported a quantity for {t.skus.join(", ")} since this began.</p>
              ) : (
                <ul className="flex flex-wrap gap-2 text-sm" aria-label="Channel catch-up">
                  {t.followUps.map((e) => (
                    <li key={e.id} className="rounded-md border border-slate-200 bg-white px-2.5 py-1">
                      <span className="font-medium text-slate-900">{e.channel}</span> {e.sku} → {formatNumber(e.quantity)}{" "}
                      <span className="text-slate-500">{offset(start, e.occurredAt)} after the first event</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            {t.isTruncated && <p className="text-xs text-amber-700">Only the first 500 events are shown.</p>}
          </div>
        )}
      </Card>
    </div>
  );
}
