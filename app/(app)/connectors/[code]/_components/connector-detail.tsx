"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { ConnectorStatusBadge } from "@/components/connectors/status-badge";
import { Sparkline } from "@/components/connectors/sparkline";
import { useTRPC } from "@/components/providers/trpc";
import { ConnectorReplayButton } from "@/components/replay/connector-replay-button";
import { Badge, type TTone } from "@/components/ui/badge";
import { Card, Stat } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pager, Table, Td, Th } from "@/components/ui/table";
import { useCursorPages } from "@/components/ui/use-cursor-pages";
import { PartnerMessages } from "./partner-messages";
import { EventDetailDialog } from "./event-detail-dialog";

const STATUS_TONE: Record<string, TTone> = { accepted: "good", held: "warn", rejected: "bad" };
const FILTERS = [
  { value: "", label: "All" },
  { value: "accepted", label: "Accepted" },
  { value: "held", label: "Held" },
  { value: "rejected", label: "Rejected (dead letters)" },
] as const;

export function ConnectorDetail({ code, canReplay }: { code: string; canReplay: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const status = (params.get("status") ?? "") as "" | "accepted" | "held" | "rejected";
  const pages = useCursorPages();
  const [openEvent, setOpenEvent] = useState<number | null>(null);
  const connector = useQuery(trpc.connectors.byCode.queryOptions({ code }, { refetchInterval: 5_000 }));
  const events = useQuery(
    trpc.events.list.queryOptions({ connector: code, ...(status ? { status } : {}), limit: 25, cursor: pages.cursor }, { refetchInterval: pages.page === 1 ? 5_000 : false, placeholderData: (p) => p }),
  );
  const deadBodies = useQuery(trpc.connectors.deadLetterBodies.queryOptions({ connector: code, limit: 10 }));
  const c = connector.data;
  const setStatus = (value: string) => {
    pages.reset();
    router.replace(value ? `?status=${value}` : "?", { scroll: false });
  };
  return (
    <>
      <PageHeader
        title={c?.name ?? code}
        description={
          <span>
            <Link href="/connectors" className="text-brand-700 hover:underline">
              Connectors
            </Link>{" "}
            / <span className="font-mono">{code}</span> · {c?.kind}
            {c?.channel ? ` · reports channel ${c.channel} only` : " · may report any channel"}
          </span>
        }
        actions={c && <ConnectorStatusBadge status={c.status} />}
      />
      <ErrorNote error={connector.error} />
      {c && (
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-6">
          <Stat label="Last contact" value={<RelativeTime value={c.lastSeenAt} />} hint={`heartbeat expected every ${c.heartbeatSeconds} s`} tone={c.status === "silent" ? "bad" : undefined} />
          <Stat label="Received (24 h)" value={formatNumber(c.last24h.received)} hint={`${formatNumber(c.eventsLastHour)} in the last hour`} />
          <Stat label="Duplicates (24 h)" value={formatNumber(c.last24h.duplicate)} hint="same id, same content: no-ops" />
          <Stat label="Conflicts (24 h)" value={formatNumber(c.last24h.conflict)} hint="same id, different content: kept aside" tone={c.last24h.conflict ? "warn" : undefined} />
          <Stat label="Held now" value={formatNumber(c.waitingHeld)} hint="waiting for a sequence gap" tone={c.waitingHeld ? "warn" : undefined} />
          <Stat label="Dead letters" value={formatNumber(c.deadLetters)} hint="rejected, kept for replay" tone={c.deadLetters ? "bad" : undefined} />
        </div>
      )}
      {c && (
        <Card title="Events per minute, last hour" className="mt-4">
          <div className="h-16 [&>div]:h-16 [&>div]:w-full">
            <Sparkline points={c.eventsPerMinute} label={`${c.eventsLastHour} events in the last hour`} />
          </div>
        </Card>
      )}
      <PartnerMessages code={code} />
      <Card
        title="Recent events"
        className="mt-4"
        actions={
          <div className="flex items-center gap-3">
            {canReplay && (status === "rejected" || status === "held") && <ConnectorReplayButton connector={code} status={status} />}
            <div role="tablist" aria-label="Filter by status" className="flex gap-1">
              {FILTERS.map((f) => (
                <button
                  key={f.value}
                  type="button"
                  role="tab"
                  aria-selected={status === f.value}
                  onClick={() => setStatus(f.value)}
                  className={cn("rounded px-2 py-1 text-xs font-medium", status === f.value ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100")}
                >
                  {f.label}
                </button>
              ))}
            </div>
          </div>
        }
      >
        <ErrorNote error={events.error} />
        {events.isPending ? (
          <LoadingRows />
        ) : events.data?.items.length === 0 ? (
          <EmptyState title={status ? `No ${status} events from ${code}` : `${code} has not sent any events yet`} />
        ) : (
          <>
            <Table>
              <thead>
                <tr>
                  <Th>Received</Th>
                  <Th>Event id</Th>
                  <Th>Type</Th>
                  <Th>SKU</Th>
                  <Th>Where</Th>
                  <Th align="right">Qty</Th>
                  <Th>Status</Th>
                  <Th>Why / notes</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {events.data?.items.map((e) => (
                  <tr key={e.id} className="cursor-pointer hover:bg-slate-50" tabIndex={0} onClick={() => setOpenEvent(e.id)} onKeyDown={(k) => k.key === "Enter" && setOpenEvent(e.id)}>
                    <Td>
                      <RelativeTime value={e.receivedAt} />
                    </Td>
                    <Td className="max-w-[14rem] truncate font-mono text-xs">{e.eventId ?? "—"}</Td>
                    <Td className="text-xs">{e.type ?? "—"}</Td>
                    <Td>
                      {e.sku ? (
                        <Link href={`/skus/${encodeURIComponent(e.sku)}`} onClick={(x) => x.stopPropagation()} className="font-mono text-xs text-brand-700 hover:underline">
                          {e.sku}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </Td>
                    <Td className="text-xs">{e.location ?? e.channel ?? "—"}</Td>
                    <Td align="right">{e.quantity ?? "—"}</Td>
                    <Td>
                      <Badge tone={STATUS_TONE[e.status] ?? "neutral"}>{e.status}</Badge>
                    </Td>
                    <Td className="max-w-xs truncate text-xs text-slate-600">
                      {e.reasons?.map((r) => r.message).join("; ") ?? (e.flags ? Object.keys(e.flags).join(", ") : "")}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager
              {...pages.pager(events.data?.nextCursor)}
              label={pages.page === 1 ? "Newest first · refreshes every 5 s" : `Page ${pages.page}`}
            />
          </>
        )}
      </Card>
      <Card title="Unreadable bodies" className="mt-4">
        {deadBodies.data?.length ? (
          <Table>
            <thead>
              <tr>
                <Th>Received</Th>
                <Th>Content type</Th>
                <Th align="right">Bytes</Th>
                <Th>Where it broke</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {deadBodies.data.map((b) => (
                <tr key={b.id}>
                  <Td>{formatDateTime(b.receivedAt)}</Td>
                  <Td className="font-mono text-xs">{b.contentType}</Td>
                  <Td align="right">{formatNumber(b.bytes)}</Td>
                  <Td className="max-w-xl truncate text-xs text-red-700" title={b.preview}>
                    {b.error}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <p className="text-sm text-slate-500">None: every body {code} sent could be read. A body that cannot be parsed is kept whole here and answered 400.</p>
        )}
      </Card>
      {openEvent !== null && <EventDetailDialog id={openEvent} onClose={() => setOpenEvent(null)} />}
    </>
  );
}
