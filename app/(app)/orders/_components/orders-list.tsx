"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/field";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { Pager, Table, Td, Th } from "@/components/ui/table";
import { useCursorPages } from "@/components/ui/use-cursor-pages";
import { ORDER_STATES } from "@/server/orders/state";
import { AttentionBadges, OrderStateBadge } from "./order-badges";
import { filtersToSearch, orderHref, toListInput, type TOrderFilters } from "./params";

const STATE_LABEL: Record<string, string> = { "": "Any state", open: "Open (not shipped or cancelled)", reserved: "Reserved", picked: "Picked", shipped: "Shipped", cancelled: "Cancelled" };

function isTyping(target: EventTarget | null) {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName));
}

export function OrdersList({ initialFilters }: { initialFilters: TOrderFilters }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [filters, setFilters] = useState(initialFilters);
  const [ref, setRef] = useState(initialFilters.orderRef);
  const [focus, setFocus] = useState(0);
  const pages = useCursorPages();
  const list = useQuery({ ...trpc.orders.list.queryOptions(toListInput(filters, pages.cursor)), refetchInterval: 5000, placeholderData: keepPreviousData });
  const attention = useQuery({ ...trpc.orders.attention.queryOptions(), refetchInterval: 10_000 });
  const channels = useQuery(trpc.masterData.channels.queryOptions());
  const items = list.data?.items ?? [];

  const apply = (next: TOrderFilters) => {
    setFilters(next);
    pages.reset();
    setFocus(0);
    window.history.replaceState(null, "", `/orders${filtersToSearch(next)}`);
  };
  const set = <K extends keyof TOrderFilters>(key: K, value: TOrderFilters[K]) => apply({ ...filters, [key]: value });

  // Keyboard: j/k move, Enter opens the focused order.
  const keys = useRef({ items, focus });
  keys.current = { items, focus };
  const onKey = useCallback(
    (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      const { items: rows, focus: at } = keys.current;
      if (e.key === "j" || e.key === "ArrowDown") setFocus(Math.min(at + 1, Math.max(rows.length - 1, 0)));
      else if (e.key === "k" || e.key === "ArrowUp") setFocus(Math.max(at - 1, 0));
      else if (e.key === "Enter" && rows[at]) router.push(orderHref(rows[at]!.channel, rows[at]!.orderRef));
      else return;
      e.preventDefault();
    },
    [router],
  );
  useEffect(() => {
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onKey]);

  const a = attention.data;
  return (
    <div className="space-y-3">
      {a && (
        <div className="flex flex-wrap gap-2 text-sm" aria-label="Orders needing attention">
          <button type="button" onClick={() => apply({ ...filters, attention: true, state: "" })} className={cn("rounded-md border px-3 py-1.5 text-left", a.unallocated > 0 ? "border-red-200 bg-red-50 text-red-800" : "border-slate-200 bg-white text-slate-700")}>
            <span className="font-semibold tabular-nums">{formatNumber(a.unallocated)}</span> stuck in pending allocation
          </button>
          <button type="button" onClick={() => apply({ ...filters, attention: true, state: "" })} className={cn("rounded-md border px-3 py-1.5 text-left", a.late > 0 ? "border-red-200 bg-red-50 text-red-800" : "border-slate-200 bg-white text-slate-700")}>
            <span className="font-semibold tabular-nums">{formatNumber(a.late)}</span> past their promised ship date
          </button>
          <span className="rounded-md border border-slate-200 bg-white px-3 py-1.5 text-slate-700">
            <span className="font-semibold tabular-nums">{formatNumber(a.active)}</span> open in all
          </span>
        </div>
      )}
      <div className="flex flex-wrap items-end gap-2" role="search" aria-label="Filter orders">
        <label className="text-xs text-slate-600">
          Show
          <Select aria-label="Show" value={filters.attention ? "attention" : "all"} onChange={(e) => set("attention", e.target.value === "attention")} className="mt-0.5 w-52">
            <option value="all">All orders</option>
            <option value="attention">Stuck or late only</option>
          </Select>
        </label>
        <label className="text-xs text-slate-600">
          State
          <Select aria-label="State" value={filters.state} onChange={(e) => set("state", e.target.value as TOrderFilters["state"])} className="mt-0.5 w-60">
            {["", ...ORDER_STATES].map((s) => (
              <option key={s} value={s}>
                {STATE_LABEL[s]}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-xs text-slate-600">
          Channel
          <Select aria-label="Channel" value={filters.channel} onChange={(e) => set("channel", e.target.value)} className="mt-0.5 w-32">
            <option value="">Any</option>
            {(channels.data ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}
              </option>
            ))}
          </Select>
        </label>
        <form
          className="text-xs text-slate-600"
          onSubmit={(e) => {
            e.preventDefault();
            set("orderRef", ref.trim());
          }}
        >
          <label>
            Order reference
            <Input aria-label="Order reference" placeholder="exact ref, Enter" value={ref} onChange={(e) => setRef(e.target.value)} onBlur={() => ref.trim() !== filters.orderRef && set("orderRef", ref.trim())} className="mt-0.5 w-56 font-mono" />
          </label>
        </form>
      </div>
      <Card>
        <ErrorNote error={list.error} />
        {list.isPending ? (
          <LoadingRows rows={8} />
        ) : items.length === 0 ? (
          <EmptyState title="No orders match these filters">
            {filters.attention ? "Nothing is stuck or late right now." : "Orders appear here as order.created events (or EDI 850s) arrive."}
          </EmptyState>
        ) : (
          <Table aria-label="Orders">
            <thead>
              <tr>
                <Th>Order</Th>
                <Th>Channel</Th>
                <Th>State</Th>
                <Th>Needs attention</Th>
                <Th align="right">Units</Th>
                <Th>Created</Th>
                <Th>Allocation due</Th>
                <Th>Promised ship by</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((o, i) => (
                <tr
                  key={`${o.channel}/${o.orderRef}`}
                  data-testid="order-row"
                  onClick={() => setFocus(i)}
                  onDoubleClick={() => router.push(orderHref(o.channel, o.orderRef))}
                  className={cn("cursor-pointer", i === focus && "bg-brand-50 outline outline-1 -outline-offset-1 outline-brand-500", o.attention.length > 0 && i !== focus && "bg-red-50/60")}
                >
                  <Td className={cn("font-mono text-xs", o.attention.length > 0 && "border-l-4 border-l-red-500")}>
                    <Link href={orderHref(o.channel, o.orderRef)} className="font-medium text-brand-700 hover:underline" onClick={(e) => e.stopPropagation()}>
                      {o.orderRef}
                    </Link>
                  </Td>
                  <Td className="font-mono text-xs">{o.channel}</Td>
                  <Td>
                    <OrderStateBadge state={o.state} cancelReason={o.cancelReason} />
                  </Td>
                  <Td className="space-x-1">
                    <AttentionBadges attention={o.attention} />
                  </Td>
                  <Td align="right">{formatNumber(o.units)}</Td>
                  <Td className="text-xs">
                    <RelativeTime value={o.createdAt} />
                  </Td>
                  <Td className="text-xs">{o.state === "open" ? <RelativeTime prefix={o.attention.includes("unallocated") ? "overdue since" : "due"} value={o.allocationDueAt} /> : <span className="text-slate-400">—</span>}</Td>
                  <Td className="text-xs">{o.promisedShipBy ? <span title={formatDateTime(o.promisedShipBy)}>{formatDateTime(o.promisedShipBy)}</span> : <span className="text-slate-400">—</span>}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Pager
          {...pages.pager(list.data?.nextCursor)}
          label={
            <span>
              page {pages.page} · stuck and late first, then open (oldest first), then shipped and cancelled (newest first) · refreshes every 5 s{list.isFetching ? " · updating…" : ""} · keys: j/k move,
              Enter opens
            </span>
          }
        />
      </Card>
    </div>
  );
}
