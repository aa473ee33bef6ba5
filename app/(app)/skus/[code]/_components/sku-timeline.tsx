"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { EventStatus, Lag, Reasons } from "@/components/drift/event-bits";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/field";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";

export const TIMELINE_PAGE = 25;
type TStatus = "accepted" | "held" | "rejected";

/** Every event touching the SKU, latest first; a reference opens its trace. */
export function SkuTimeline({ code }: { code: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [status, setStatus] = useState<TStatus | "">("");
  const timeline = useInfiniteQuery(
    trpc.skus.timeline.infiniteQueryOptions(
      { code, limit: TIMELINE_PAGE, ...(status ? { status } : {}) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, refetchInterval: 5_000 },
    ),
  );
  const openTrace = (ref: string) => {
    const next = new URLSearchParams(searchParams.toString());
    next.set("trace", ref);
    router.replace(`${pathname}?${next}`, { scroll: false });
    setTimeout(() => document.getElementById("trace")?.scrollIntoView({ behavior: "smooth", block: "start" }), 50);
  };
  const events = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card
      title="Timeline"
      actions={
        <div className="w-40">
          <Select aria-label="Event status" value={status} onChange={(e) => setStatus(e.target.value as TStatus | "")}>
            <option value="">Every status</option>
            <option value="accepted">Accepted</option>
            <option value="held">Held</option>
            <option value="rejected">Rejected</option>
          </Select>
        </div>
      }
    >
      <ErrorNote error={timeline.error} />
      {timeline.isPending ? (
        <LoadingRows />
      ) : events.length === 0 ? (
        <EmptyState title="No events touch this SKU yet" />
      ) : (
        <>
          <Table aria-label="Timeline">
            <thead>
              <tr>
                <Th>Occurred · lag</Th>
                <Th>Status</Th>
                <Th>Source</Th>
                <Th>Type</Th>
                <Th>Where</Th>
                <Th align="right">Qty</Th>
                <Th>Order / correlation</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {events.map((e) => {
                const refs = [...new Set([e.correlationId, e.orderRef].filter((r): r is string => !!r))];
                return (
                  <tr key={e.id} className="align-top">
                    <Td className="text-xs">
                      <div className="font-mono">{formatDateTime(e.occurredAt)}</div>
                      <Lag seconds={e.lagSeconds} />
                    </Td>
                    <Td><EventStatus status={e.status} /></Td>
                    <Td title={`${e.connectorKind} connector`}>{e.connector}</Td>
                    <Td className="max-w-sm whitespace-normal">
                      <div className="font-mono text-xs">{e.type ?? "—"}</div>
                      <Reasons reasons={e.reasons} flags={e.flags} />
                    </Td>
                    <Td className="max-w-40 whitespace-normal text-xs">{[e.location, e.toLocation && `→ ${e.toLocation}`, e.channel].filter(Boolean).join(" · ") || "—"}</Td>
                    <Td align="right">{formatNumber(e.quantity)}</Td>
                    <Td>
                      {refs.map((r) => (
                        <button key={r} type="button" onClick={() => openTrace(r)} className="mr-1 font-mono text-xs text-brand-700 hover:underline" aria-label={`Trace ${r}`}>
                          {r}
                        </button>
                      ))}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          {timeline.hasNextPage && (
            <div className="pt-3 text-center">
              <Button size="sm" onClick={() => timeline.fetchNextPage()} disabled={timeline.isFetchingNextPage}>
                {timeline.isFetchingNextPage ? "Loading…" : "Older events"}
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
