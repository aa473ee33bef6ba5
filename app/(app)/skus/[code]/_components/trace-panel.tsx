"use client";
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import Link from "next/link";
import { TraceLanes, traceOffset as offset } from "@/components/events/trace-lanes";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/field";
import { formatNumber } from "@/components/ui/format";

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
            {t.orders.length > 0 && (
              <p className="text-sm text-slate-600">
                This is an order:{" "}
                {t.orders.map((o, i) => (
                  <span key={o.channel}>
                    {i > 0 && ", "}
                    <Link href={`/orders/${encodeURIComponent(o.channel)}/${encodeURIComponent(o.orderRef)}`} className="font-medium text-brand-700 hover:underline">
                      {o.orderRef} on {o.channel} ({o.state}) →
                    </Link>
                  </span>
                ))}
              </p>
            )}
            <TraceLanes events={t.events} followUps={t.followUps} />
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
