"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ScopeCodes, SeverityBadge, StateBadge } from "@/components/exceptions/badges";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Textarea } from "@/components/ui/field";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import type { TEventSummary } from "@/server/exceptions/detail";
import { KIND_LABEL } from "@/server/exceptions/kinds";
import { DeadLetterFix } from "@/components/replay/dead-letter-fix";
import { ReplayButton } from "@/components/replay/replay-button";
import { DetailActions } from "./detail-actions";
import { SlaCell } from "./queue-table";

/** Replay (issue 8) is here: rejected_event and sequence_gap groups offer the one-click replay. */
const HAS_REPLAY_PAGE = true;

function EventsTable({ events, empty }: { events: TEventSummary[]; empty: string }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <Table>
      <thead>
        <tr>
          <Th>Received</Th>
          <Th>Connector</Th>
          <Th>Event id</Th>
          <Th>Type</Th>
          <Th>Status</Th>
          <Th>SKU</Th>
          <Th>Location / channel</Th>
          <Th align="right">Qty</Th>
          <Th>Reason</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {events.map((e) => (
          <tr key={e.id}>
            <Td className="text-xs">
              <RelativeTime value={e.receivedAt} />
            </Td>
            <Td className="font-mono text-xs">{e.connector}</Td>
            <Td className="font-mono text-xs">{e.eventId ?? "—"}</Td>
            <Td className="text-xs">{e.type ?? "—"}</Td>
            <Td className="text-xs">{e.status}</Td>
            <Td className="font-mono text-xs">{e.sku ? <Link prefetch={false} className="text-brand-700 hover:underline" href={`/skus/${encodeURIComponent(e.sku)}`}>{e.sku}</Link> : "—"}</Td>
            <Td className="font-mono text-xs">{[e.location, e.channel].filter(Boolean).join(" · ") || "—"}</Td>
            <Td align="right">{e.quantity ?? "—"}</Td>
            <Td className="max-w-72 truncate text-xs text-red-700" title={e.reasons?.map((r) => r.message).join("; ")}>
              {e.reasons?.[0] ? `${e.reasons[0].code}: ${e.reasons[0].message}` : ""}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function NoteForm({ id }: { id: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const add = useMutation(
    trpc.exceptions.act.mutationOptions({
      onSuccess: async () => {
        setText("");
        await queryClient.invalidateQueries({ queryKey: trpc.exceptions.pathKey() });
      },
    }),
  );
  return (
    <form
      className="mt-3 space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) add.mutate({ id, action: { action: "note", text: text.trim() } });
      }}
    >
      <Textarea aria-label="New note" rows={2} placeholder="What you found, what you did…" value={text} onChange={(e) => setText(e.target.value)} />
      <div className="flex items-center gap-2">
        <Button type="submit" size="sm" variant="primary" disabled={add.isPending || !text.trim()}>
          Add note
        </Button>
        {add.error && <span className="text-xs text-red-700">{add.error.message}</span>}
      </div>
    </form>
  );
}

const ACTION_LABEL: Record<string, string> = {
  "exception.acknowledge": "acknowledged",
  "exception.snooze": "snoozed",
  "exception.resolve": "resolved",
  "exception.reopen": "reopened",
  "exception.assign": "assigned",
  "exception.note": "added a note",
  "exception.auto_resolve": "resolved automatically",
  "exception.snooze_expired": "woke up (snooze ran out)",
  "exception.sla_breached": "breached its SLA",
};

export function ExceptionDetail({ id, canAct, viewerEmail }: { id: number; canAct: boolean; viewerEmail: string }) {
  const trpc = useTRPC();
  const detail = useQuery({ ...trpc.exceptions.detail.queryOptions({ id }), refetchInterval: 5000 });
  if (detail.isPending) return <LoadingRows rows={6} />;
  if (detail.error) return <ErrorNote error={detail.error} />;
  const { group: g, numbers, sampleEvents, relatedEvents, notes, history } = detail.data;
  // What was recorded when it was seen; once live numbers exist for the scope they say more.
  const details = numbers.length > 0 ? [] : Object.entries(g.details).filter(([k, v]) => v !== null && typeof v !== "object" && k !== "reasonCode");
  const isReplayable = g.kind === "rejected_event" || g.kind === "sequence_gap";
  return (
    <div className="space-y-4">
      <div>
        <Link href="/exceptions" className="text-sm text-brand-700 hover:underline">
          ← Exceptions
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-semibold text-slate-900">{g.title}</h1>
          <SeverityBadge severity={g.severity} />
          <StateBadge state={g.state} resolution={g.resolution} />
          <SlaCell group={g} />
        </div>
        <div className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-600">
          <ScopeCodes scope={g.scope} isUnknownSku={g.kind === "rejected_event"} />
          <span>#{g.id} · {KIND_LABEL[g.kind]}</span>
          <span>{formatNumber(g.count)} occurrence{g.count === 1 ? "" : "s"}</span>
          <span>{formatNumber(g.unitsAtRisk)} units at risk</span>
          <RelativeTime prefix="first seen" value={g.firstSeenAt} />
          <RelativeTime prefix="last seen" value={g.lastSeenAt} />
          <span>assignee: {g.assignee ?? "nobody"}</span>
          {g.snoozedUntil && <span>snoozed until {formatDateTime(g.snoozedUntil)}</span>}
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          {canAct && <DetailActions id={g.id} state={g.state} assignee={g.assignee} viewerEmail={viewerEmail} />}
          {g.scope.sku && g.kind !== "rejected_event" && (
            <Link prefetch={false} href={`/skus/${encodeURIComponent(g.scope.sku)}`} className="text-sm text-brand-700 hover:underline">
              Open SKU {g.scope.sku} →
            </Link>
          )}
          {HAS_REPLAY_PAGE && canAct && isReplayable && (
            <ReplayButton
              selector={{ exceptionId: g.id }}
              label={g.kind === "sequence_gap" ? "Release held events…" : "Replay…"}
              title={g.kind === "sequence_gap" ? "Release this connector's held events" : "Replay this group's dead letters"}
            />
          )}
          {HAS_REPLAY_PAGE && isReplayable && (
            <Link href={`/replays?view=dead-letters${g.scope.connector ? `&connector=${encodeURIComponent(g.scope.connector)}` : ""}`} className="text-sm text-brand-700 hover:underline">
              Dead letters and replay runs →
            </Link>
          )}
        </div>
      </div>
      {HAS_REPLAY_PAGE && canAct && g.kind === "rejected_event" && g.state !== "resolved" && (
        <Card title="Fix, then replay">
          <DeadLetterFix
            reasonCode={g.details.reasonCode as string | undefined}
            field={g.details.field as string | undefined}
            value={g.details.reasonCode === "unknown_location" ? g.scope.location : g.scope.sku}
            exceptionId={g.id}
          />
        </Card>
      )}
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="The numbers now" className="lg:col-span-1">
          {numbers.length === 0 && details.length === 0 ? (
            <p className="text-sm text-slate-500">No live numbers for this scope.</p>
          ) : (
            <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
              {numbers.map((n) => (
                <div key={n.label} className="contents">
                  <dt className="text-slate-500">{n.label}</dt>
                  <dd className="text-right font-medium tabular-nums text-slate-900">{n.value ?? "—"}</dd>
                </div>
              ))}
              {details.map(([k, v]) => (
                <div key={`d-${k}`} className="contents">
                  <dt className="text-slate-500">{k} (when seen)</dt>
                  <dd className="truncate text-right font-mono text-xs text-slate-700" title={String(v)}>
                    {String(v)}
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </Card>
        <Card title={`Notes (${notes.length})`} className="lg:col-span-1">
          {notes.length === 0 ? (
            <p className="text-sm text-slate-500">No notes yet.</p>
          ) : (
            <ul className="space-y-2">
              {notes.map((n) => (
                <li key={n.id} className="rounded bg-slate-50 px-2.5 py-1.5 text-sm" data-testid="exception-note">
                  <p className="whitespace-pre-wrap text-slate-800">{n.text}</p>
                  <p className="mt-0.5 text-xs text-slate-500">
                    {n.authorEmail} · <RelativeTime value={n.at} />
                  </p>
                </li>
              ))}
            </ul>
          )}
          {canAct && <NoteForm id={g.id} />}
        </Card>
        <Card title="History" className="lg:col-span-1">
          {history.length === 0 ? (
            <p className="text-sm text-slate-500">Nobody has acted on it yet.</p>
          ) : (
            <ol className="space-y-1.5 text-sm" aria-label="History">
              {history.map((h) => (
                <li key={h.id}>
                  <span className="font-medium text-slate-800">{h.actorEmail === "system" ? "Sightline" : h.actorEmail}</span> {ACTION_LABEL[h.action] ?? h.action}
                  {h.action === "exception.assign" && h.details ? ` to ${String(h.details.assignee ?? "nobody")}` : ""}
                  {h.reason && h.action !== "exception.note" ? <span className="text-slate-500"> — {h.reason}</span> : null}
                  <span className="ml-1 text-xs text-slate-400">
                    <RelativeTime value={h.at} />
                  </span>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
      <Card title="Sample events (the occurrences)">
        <EventsTable events={sampleEvents} empty="This kind is raised by a condition (the book, a feed's age), not by single events: see the related events below." />
      </Card>
      <Card title="Related events in this scope">
        {relatedEvents.length === 0 ? <EmptyState title="No events in this scope yet" /> : <EventsTable events={relatedEvents} empty="" />}
      </Card>
    </div>
  );
}
