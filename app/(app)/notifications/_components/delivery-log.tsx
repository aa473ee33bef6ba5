"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/field";
import { formatNumber } from "@/components/ui/format";
import { Pager, Table, Td, Th } from "@/components/ui/table";
import { useCursorPages } from "@/components/ui/use-cursor-pages";
import { MESSAGE_STATUSES, MESSAGE_TYPES, type TMessageStatus, type TMessageType } from "@/server/notifications/notifications.types";
import { endpointName, MessageStatusBadge } from "./badges";
import { toMessagesInput, toQueryString, type TLogFilters } from "./log-params";
import { MessageDialog } from "./message-dialog";

/** Every message, newest first, filtered by endpoint, type and status (in the URL); a row opens the message. */
export function DeliveryLog({ initialFilters, canChange }: { initialFilters: TLogFilters; canChange: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [filters, setFilters] = useState(initialFilters);
  const pages = useCursorPages();
  const endpoints = useQuery(trpc.notifications.endpoints.queryOptions({ limit: 100 }));
  const messages = useQuery({ ...trpc.notifications.messages.queryOptions(toMessagesInput(filters, pages.cursor)), refetchInterval: 3000 });
  const names = new Map((endpoints.data?.items ?? []).map((e) => [e.id, endpointName(e)]));
  const { reset } = pages;

  useEffect(() => setFilters(initialFilters), [initialFilters]);
  const change = (patch: Partial<TLogFilters>) => {
    const next = { ...filters, ...patch };
    setFilters(next);
    if (!("message" in patch)) reset();
    router.replace(`/notifications${toQueryString(next)}`, { scroll: false });
  };

  return (
    <Card title="Delivery log" actions={<span className="text-xs text-slate-500">each attempt with its status, duration and answer · refreshes every 3 s</span>}>
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <label className="text-xs text-slate-600">
          Endpoint
          <Select aria-label="Endpoint" className="mt-0.5 w-64" value={filters.endpoint} onChange={(e) => change({ endpoint: e.target.value })}>
            <option value="">All endpoints</option>
            {endpoints.data?.items.map((e) => (
              <option key={e.id} value={e.id}>
                {endpointName(e)}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-xs text-slate-600">
          Type
          <Select aria-label="Type" className="mt-0.5 w-56" value={filters.type} onChange={(e) => change({ type: e.target.value as TMessageType | "" })}>
            <option value="">All types</option>
            {MESSAGE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-xs text-slate-600">
          Status
          <Select aria-label="Status" className="mt-0.5 w-40" value={filters.status} onChange={(e) => change({ status: e.target.value as TMessageStatus | "" })}>
            <option value="">Any status</option>
            {MESSAGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </label>
      </div>
      <ErrorNote error={messages.error} />
      {messages.isPending ? (
        <LoadingRows />
      ) : messages.data?.items.length === 0 ? (
        <EmptyState title="No messages match">{filters.endpoint || filters.type || filters.status ? "Clear a filter to see more." : "Messages appear here as exceptions open and resolve, or when you send a test."}</EmptyState>
      ) : (
        <>
          <Table aria-label="Delivery log">
            <thead>
              <tr>
                <Th>Created</Th>
                <Th>Type</Th>
                <Th>To</Th>
                <Th>Status</Th>
                <Th align="right">Attempts</Th>
                <Th>Last answer</Th>
                <Th>Next attempt</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {messages.data?.items.map((m) => (
                <tr key={m.id} data-testid="message-row" className="cursor-pointer hover:bg-slate-50" onClick={() => change({ message: m.id })}>
                  <Td className="text-xs">
                    <RelativeTime value={m.createdAt} />
                  </Td>
                  <Td>
                    <button type="button" className="font-mono text-xs text-brand-700 hover:underline" onClick={(e) => (e.stopPropagation(), change({ message: m.id }))}>
                      {m.type}
                    </button>
                  </Td>
                  <Td className="max-w-64 truncate text-xs">{m.to ?? (m.endpoint ? (names.get(m.endpoint) ?? m.endpoint) : "—")}</Td>
                  <Td>
                    <MessageStatusBadge status={m.status} />
                  </Td>
                  <Td align="right">{formatNumber(m.attempts)}</Td>
                  <Td className="max-w-72 truncate text-xs" title={m.lastError ?? undefined}>
                    {m.lastStatusCode ?? ""} {m.status !== "delivered" && m.lastError ? <span className="text-red-700">{m.lastError}</span> : null}
                  </Td>
                  <Td className="text-xs">{m.nextAttemptAt ? <RelativeTime value={m.nextAttemptAt} /> : "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager {...pages.pager(messages.data?.nextCursor)} label={`page ${pages.page}`} />
        </>
      )}
      {filters.message && (
        <MessageDialog
          id={filters.message}
          canChange={canChange}
          endpointName={(() => {
            const m = messages.data?.items.find((x) => x.id === filters.message);
            return m?.endpoint ? (names.get(m.endpoint) ?? m.endpoint) : "—";
          })()}
          onClose={() => change({ message: "" })}
        />
      )}
    </Card>
  );
}
