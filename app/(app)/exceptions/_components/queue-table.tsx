"use client";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { ScopeCodes, SeverityBadge, StateBadge } from "@/components/exceptions/badges";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { EmptyState, LoadingRows } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { formatNumber } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import type { TExceptionGroup } from "@/server/exceptions/queries";

export function SlaCell({ group }: { group: Pick<TExceptionGroup, "slaDueAt" | "isSlaBreached" | "state"> }) {
  if (!group.slaDueAt || group.state === "resolved") return <span className="text-slate-400">—</span>;
  if (group.isSlaBreached) {
    return (
      <Badge tone="bad" className="font-semibold">
        <RelativeTime prefix="breached" value={group.slaDueAt} />
      </Badge>
    );
  }
  return group.state === "snoozed" ? <span className="text-slate-500">snoozed</span> : <RelativeTime prefix="due" value={group.slaDueAt} />;
}

export function QueueTable({
  items,
  isLoading,
  canAct,
  focus,
  selected,
  onFocus,
  onToggle,
  onToggleAll,
  onOpen,
}: {
  items: TExceptionGroup[];
  isLoading: boolean;
  canAct: boolean;
  focus: number;
  selected: Set<number>;
  onFocus: (i: number) => void;
  onToggle: (id: number) => void;
  onToggleAll: (ids: number[], on: boolean) => void;
  onOpen: (id: number) => void;
}) {
  const focused = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    focused.current?.scrollIntoView({ block: "nearest" });
  }, [focus]);
  if (isLoading) return <LoadingRows rows={8} />;
  if (items.length === 0) {
    return (
      <EmptyState title="No exceptions match these filters">
        Nothing is broken here right now. Widen the filters (state “All states”) to see resolved groups.
      </EmptyState>
    );
  }
  const ids = items.map((g) => g.id);
  const isAllOnPage = ids.every((id) => selected.has(id));
  return (
    <Table aria-label="Exceptions">
      <thead>
        <tr>
          {canAct && (
            <Th className="w-8">
              <input type="checkbox" aria-label="Select this page" checked={isAllOnPage} onChange={(e) => onToggleAll(ids, e.target.checked)} />
            </Th>
          )}
          <Th>Severity</Th>
          <Th>Exception · scope</Th>
          <Th align="right" title="Units at risk">Units</Th>
          <Th align="right">Count</Th>
          <Th>State</Th>
          <Th>Assignee</Th>
          <Th>Age</Th>
          <Th>SLA</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((g, i) => (
          <tr
            key={g.id}
            ref={i === focus ? focused : undefined}
            data-testid="exception-row"
            aria-selected={selected.has(g.id)}
            onClick={() => onFocus(i)}
            onDoubleClick={() => onOpen(g.id)}
            className={cn("cursor-pointer", i === focus && "bg-brand-50 outline outline-1 -outline-offset-1 outline-brand-500", g.isSlaBreached && i !== focus && "bg-red-50/60", selected.has(g.id) && "bg-brand-50/70")}
          >
            {canAct && (
              <Td onClick={(e) => e.stopPropagation()}>
                <input type="checkbox" aria-label={`Select exception ${g.id}`} checked={selected.has(g.id)} onChange={() => onToggle(g.id)} />
              </Td>
            )}
            <Td className={cn(g.isSlaBreached && "border-l-4 border-l-red-500")}>
              <SeverityBadge severity={g.severity} />
            </Td>
            <Td>
              <Link href={`/exceptions/${g.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline" onClick={(e) => e.stopPropagation()}>
                {g.title}
              </Link>
              <div className="text-xs">
                <ScopeCodes scope={g.scope} isUnknownSku={g.kind === "rejected_event"} />
              </div>
            </Td>
            <Td align="right">{formatNumber(g.unitsAtRisk)}</Td>
            <Td align="right">{formatNumber(g.count)}</Td>
            <Td>
              <StateBadge state={g.state} resolution={g.resolution} />
            </Td>
            <Td className="max-w-40 truncate text-xs" title={g.assignee ?? undefined}>
              {g.assignee ?? <span className="text-slate-400">—</span>}
            </Td>
            <Td className="text-xs">
              <RelativeTime value={g.openedAt} />
              <div className="text-slate-400">
                <RelativeTime prefix="seen" value={g.lastSeenAt} />
              </div>
            </Td>
            <Td className="text-xs">
              <SlaCell group={g} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
