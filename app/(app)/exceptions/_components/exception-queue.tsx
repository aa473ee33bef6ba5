"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorNote } from "@/components/ui/empty-state";
import { CatchingUpNote } from "@/components/ui/catching-up-note";
import { formatNumber } from "@/components/ui/format";
import { Pager } from "@/components/ui/table";
import { BulkDialog, type TBulkKind, type TBulkParams } from "./bulk-dialog";
import { FiltersBar } from "./filters-bar";
import { filtersToSearch, toListInput, toServerFilter, type TQueueFilters } from "./queue-params";
import { QueueTable } from "./queue-table";

type TDialog = { action: TBulkKind; isAllMatching: boolean } | null;

function isTyping(target: EventTarget | null) {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName) || !!el.closest("dialog[open]"));
}

/** The detector reads up to 20,000 events a batch, every second: more than this waiting means it is catching up. */
const CATCHING_UP_EVENTS = 5_000;


export function ExceptionQueue({ initialFilters, canAct, viewerEmail }: { initialFilters: TQueueFilters; canAct: boolean; viewerEmail: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState(initialFilters);
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [focus, setFocus] = useState(0);
  const [dialog, setDialog] = useState<TDialog>(null);
  const [flash, setFlash] = useState<string | null>(null);

  const list = useQuery({ ...trpc.exceptions.list.queryOptions(toListInput(filters, cursors.at(-1))), refetchInterval: 5000, placeholderData: keepPreviousData });
  const count = useQuery({ ...trpc.exceptions.count.queryOptions(toServerFilter(filters)), refetchInterval: 10_000 });
  const channels = useQuery(trpc.masterData.channels.queryOptions());
  const pending = useQuery({ ...trpc.exceptions.pending.queryOptions(), refetchInterval: 5000 });
  const items = list.data?.items ?? [];

  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.exceptions.pathKey() });
  const bulk = useMutation(
    trpc.exceptions.bulk.mutationOptions({
      onSuccess: async (r, vars) => {
        setDialog(null);
        setSelected(new Set());
        setFlash(`${vars.action === "acknowledge" ? "Acknowledged" : vars.action === "assign" ? "Assigned" : vars.action === "snooze" ? "Snoozed" : "Resolved"} ${formatNumber(r.updated)}${r.skipped ? ` · ${formatNumber(r.skipped)} skipped (their state does not allow it)` : ""}.`);
        await invalidate();
      },
    }),
  );
  const act = useMutation(trpc.exceptions.act.mutationOptions({ onSuccess: () => invalidate(), onError: (e) => setFlash(e.message) }));

  const applyFilters = (next: TQueueFilters) => {
    setFilters(next);
    setCursors([]);
    setSelected(new Set());
    setFocus(0);
    window.history.replaceState(null, "", `/exceptions${filtersToSearch(next)}`);
  };

  const runBulk = (params: TBulkParams) => {
    if (!dialog) return;
    const scope = dialog.isAllMatching ? { filter: toServerFilter(filters) } : { ids: [...selected] };
    bulk.mutate({ action: dialog.action, ...scope, ...params });
  };

  // Keyboard: j/k move, x selects, a acknowledges, r resolves (the selection if any, else the focused row), Enter opens.
  const keys = useRef({ items, focus, selected, canAct });
  keys.current = { items, focus, selected, canAct };
  const onKey = useCallback(
    (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      const { items: rows, focus: at, selected: chosen, canAct: mayAct } = keys.current;
      const row = rows[at];
      if (e.key === "j" || e.key === "ArrowDown") setFocus(Math.min(at + 1, Math.max(rows.length - 1, 0)));
      else if (e.key === "k" || e.key === "ArrowUp") setFocus(Math.max(at - 1, 0));
      else if (e.key === "Enter" && row) router.push(`/exceptions/${row.id}`);
      else if (!mayAct) return;
      else if (e.key === "x" && row) setSelected((s) => toggle(s, row.id));
      else if (e.key === "a" || e.key === "r") {
        const action = e.key === "a" ? "acknowledge" : "resolve";
        if (chosen.size > 0) setDialog({ action, isAllMatching: false });
        else if (row) act.mutate({ id: row.id, action: { action } });
      } else return;
      e.preventDefault();
    },
    [act, router],
  );
  useEffect(() => {
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onKey]);

  const total = count.data ?? null;
  return (
    <div className="space-y-3">
      <FiltersBar filters={filters} channels={channels.data ?? []} onChange={applyFilters} />
      {canAct && (
        <div className="flex min-h-9 flex-wrap items-center gap-2 rounded-md border border-slate-200 bg-white px-3 py-1.5 text-sm" aria-label="Bulk actions">
          <span className="text-slate-600">{selected.size > 0 ? `${formatNumber(selected.size)} selected:` : "Selection:"}</span>
          {(["acknowledge", "assign", "snooze", "resolve"] as const).map((a) => (
            <Button key={a} size="sm" disabled={selected.size === 0} onClick={() => setDialog({ action: a, isAllMatching: false })}>
              {a[0]!.toUpperCase() + a.slice(1)}
            </Button>
          ))}
          <span className="mx-1 h-5 w-px bg-slate-200" />
          <span className="text-slate-600">Every match:</span>
          {(["acknowledge", "resolve"] as const).map((a) => (
            <Button key={a} size="sm" variant="ghost" disabled={!total} onClick={() => setDialog({ action: a, isAllMatching: true })}>
              {a[0]!.toUpperCase() + a.slice(1)} all {total === null ? "" : formatNumber(total)}
            </Button>
          ))}
          {selected.size > 0 && (
            <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
          )}
        </div>
      )}
      {flash && (
        <div role="status" className="flex items-center justify-between rounded-md border border-emerald-200 bg-emerald-50 px-3 py-1.5 text-sm text-emerald-800">
          {flash}
          <button type="button" className="text-emerald-700" aria-label="Dismiss" onClick={() => setFlash(null)}>
            ✕
          </button>
        </div>
      )}
      <CatchingUpNote behind={pending.data?.events ?? 0} threshold={CATCHING_UP_EVENTS}>
        Still checking: about {formatNumber(pending.data?.events ?? 0)} events (a history just loaded, or a burst) have not been checked yet. Exceptions they raise will
        appear as the detector catches up.
      </CatchingUpNote>
      <Card>
        <ErrorNote error={list.error} />
        <QueueTable
          items={items}
          isLoading={list.isPending}
          canAct={canAct}
          focus={focus}
          selected={selected}
          onFocus={setFocus}
          onToggle={(id) => setSelected((s) => toggle(s, id))}
          onToggleAll={(ids, on) => setSelected((s) => (on ? new Set([...s, ...ids]) : new Set([...s].filter((id) => !ids.includes(id)))))}
          onOpen={(id) => router.push(`/exceptions/${id}`)}
        />
        <Pager
          hasPrevious={cursors.length > 0}
          hasNext={!!list.data?.nextCursor}
          onPrevious={() => setCursors((c) => c.slice(0, -1))}
          onNext={() => list.data?.nextCursor && setCursors((c) => [...c, list.data!.nextCursor!])}
          label={
            <span>
              {total === null ? "" : `${formatNumber(total)} match · `}page {cursors.length + 1} · refreshes every 5 s{list.isFetching ? " · updating…" : ""} · keys: j/k move, Enter opens
              {canAct ? ", x select, a acknowledge, r resolve" : ""}
            </span>
          }
        />
      </Card>
      {dialog && (
        <BulkDialog
          action={dialog.action}
          count={dialog.isAllMatching ? total : selected.size}
          isAllMatching={dialog.isAllMatching}
          viewerEmail={viewerEmail}
          isPending={bulk.isPending}
          error={bulk.error?.message ?? null}
          onConfirm={runBulk}
          onClose={() => {
            setDialog(null);
            bulk.reset();
          }}
        />
      )}
    </div>
  );
}

function toggle(set: Set<number>, id: number) {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}
