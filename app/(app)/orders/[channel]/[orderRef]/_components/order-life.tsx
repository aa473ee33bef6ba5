"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { SeverityBadge, StateBadge } from "@/components/exceptions/badges";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { TraceLanes } from "@/components/events/trace-lanes";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { formatDateTime, formatDuration, formatNumber } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import type { TOrderLife, TOrderStep } from "@/server/orders/life";
import { AttentionBadges, OrderStateBadge } from "../../../_components/order-badges";

const STEP_LABEL: Record<TOrderStep["step"], string> = { created: "Created", reserved: "Reserved", picked: "Picked", shipped: "Shipped", cancelled: "Cancelled" };
const PATH: TOrderStep["step"][] = ["created", "reserved", "picked", "shipped"];

function Steps({ life }: { life: TOrderLife }) {
  const { order, steps } = life;
  const byStep = new Map(steps.map((s) => [s.step, s]));
  const path = order.state === "cancelled" ? [...steps.map((s) => s.step).filter((s) => s !== "cancelled"), "cancelled" as const] : PATH;
  return (
    <ol className="flex flex-wrap items-stretch gap-2" aria-label="Order steps">
      {path.map((name, i) => {
        const s = byStep.get(name);
        const isStuck = !s && name === "reserved" && order.attention.includes("unallocated");
        const isLate = !s && name === "shipped" && order.attention.includes("late");
        return (
          <li key={name} className="flex items-center gap-2">
            {i > 0 && (
              <span className="text-xs tabular-nums text-slate-500" aria-hidden>
                {s?.sincePreviousSeconds != null ? `→ ${formatDuration(s.sincePreviousSeconds)} →` : "→"}
              </span>
            )}
            <div
              data-testid={`step-${name}`}
              className={cn(
                "min-w-36 rounded-md border px-3 py-2",
                s ? (name === "cancelled" ? "border-slate-300 bg-slate-50" : "border-emerald-200 bg-emerald-50") : isStuck || isLate ? "border-red-300 bg-red-50" : "border-dashed border-slate-300 bg-white",
              )}
            >
              <div className="text-xs font-semibold uppercase tracking-wide text-slate-600">{STEP_LABEL[name]}</div>
              {s ? (
                <>
                  <div className="font-mono text-xs text-slate-800">{formatDateTime(s.at)}</div>
                  {name !== "created" && <div className="text-xs text-slate-500">{formatDuration(s.sinceCreatedSeconds)} after creation</div>}
                </>
              ) : name === "reserved" && order.state === "open" ? (
                <div className={cn("text-xs", isStuck ? "font-medium text-red-700" : "text-slate-500")}>
                  waiting · <RelativeTime prefix={isStuck ? "overdue since" : "due"} value={order.allocationDueAt} />
                </div>
              ) : name === "shipped" && order.promisedShipBy ? (
                <div className={cn("text-xs", isLate ? "font-medium text-red-700" : "text-slate-500")}>promised by {formatDateTime(order.promisedShipBy)}</div>
              ) : (
                <div className="text-xs text-slate-400">not yet</div>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export function OrderLife({ channel, orderRef }: { channel: string; orderRef: string }) {
  const trpc = useTRPC();
  const life = useQuery({ ...trpc.orders.life.queryOptions({ channel, orderRef }), refetchInterval: 5000, retry: false });
  const back = (
    <Link href="/orders" className="text-sm text-brand-700 hover:underline">
      ← Orders
    </Link>
  );
  if (life.isPending) return <LoadingRows rows={6} />;
  if (life.error || !life.data) {
    return (
      <div className="space-y-3">
        {back}
        {life.error?.data?.code === "NOT_FOUND" ? (
          <EmptyState title={`No order ${orderRef} on ${channel}`}>Orders appear once their order.created arrives; a shipment or reservation seen first waits for it.</EmptyState>
        ) : (
          <ErrorNote error={life.error} />
        )}
      </div>
    );
  }
  const { order, lines, trace, exceptions } = life.data;
  return (
    <div className="space-y-4">
      <div>
        {back}
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <h1 className="font-mono text-xl font-semibold text-slate-900">{order.orderRef}</h1>
          <span className="text-sm text-slate-600">on {order.channel}</span>
          <OrderStateBadge state={order.state} cancelReason={order.cancelReason} />
          <AttentionBadges attention={order.attention} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {formatNumber(order.units)} unit{order.units === 1 ? "" : "s"} ordered · created {formatDateTime(order.createdAt)} · {life.isFetching ? "updating…" : "refreshes every 5 s"}
        </p>
      </div>
      <Card title="Its life">
        <Steps life={life.data} />
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={`Lines (${lines.length})`}>
          {lines.length === 0 ? (
            <p className="text-sm text-slate-500">No order lines were accepted.</p>
          ) : (
            <Table aria-label="Order lines">
              <thead>
                <tr>
                  <Th>SKU</Th>
                  <Th>Location</Th>
                  <Th align="right">Units</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {lines.map((l) => (
                  <tr key={`${l.sku}/${l.location}`}>
                    <Td className="font-mono text-xs">
                      <Link prefetch={false} href={`/skus/${encodeURIComponent(l.sku)}?trace=${encodeURIComponent(order.orderRef)}#trace`} className="text-brand-700 hover:underline">
                        {l.sku}
                      </Link>
                    </Td>
                    <Td className="font-mono text-xs">{l.location ?? "—"}</Td>
                    <Td align="right">{formatNumber(l.quantity)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <Card title={`Exceptions (${exceptions.length})`}>
          {exceptions.length === 0 ? (
            <p className="text-sm text-slate-500">This order raised no exception.</p>
          ) : (
            <ul className="space-y-2" aria-label="Exceptions for this order">
              {exceptions.map((g) => (
                <li key={g.id} className="rounded-md border border-slate-200 px-3 py-2">
                  <div className="flex flex-wrap items-center gap-2">
                    <SeverityBadge severity={g.severity} />
                    <Link href={`/exceptions/${g.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                      {g.title}
                    </Link>
                    <StateBadge state={g.state} resolution={g.resolution} />
                  </div>
                  <div className="mt-1 text-xs text-slate-500">
                    #{g.id} · {formatNumber(g.unitsAtRisk)} units at risk · <RelativeTime prefix="opened" value={g.openedAt} />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card title="Across the systems">
        {trace.events.length === 0 ? (
          <p className="text-sm text-slate-500">No event names this order.</p>
        ) : (
          <>
            <p className="mb-2 text-xs text-slate-500">Every event that names {order.orderRef}, by when it happened, in the lane of the system that sent it; each says how long after the step before it came, and how late it arrived. Dashed: each channel&apos;s next publish of these SKUs.</p>
            <TraceLanes events={trace.events} followUps={trace.followUps} />
            {trace.isTruncated && <p className="text-xs text-amber-700">Only the first 500 events are shown.</p>}
          </>
        )}
      </Card>
    </div>
  );
}
