"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { useTRPC } from "@/components/providers/trpc";
import { DeadLetterFix } from "@/components/replay/dead-letter-fix";
import { ReplayButton } from "@/components/replay/replay-button";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/field";
import { formatNumber } from "@/components/ui/format";
import { Pager, Table, Td, Th } from "@/components/ui/table";
import { useCursorPages } from "@/components/ui/use-cursor-pages";
import type { TReplaySelector } from "@/server/replay/replay.types";
import { PayloadEditDialog } from "@/components/replay/payload-edit-dialog";

type TGroup = { connector: string; status: "rejected" | "held"; reasonCode: string | null; field: string | null; value: string | null; events: number; exceptionId: number | null };

/** A dead-letter group's replay selector: its exception group when it raised one, else connector + status (+ the unknown SKU). */
function selectorOf(g: TGroup): TReplaySelector {
  if (g.exceptionId !== null) return { exceptionId: g.exceptionId };
  return { connector: g.connector, status: g.status, ...(g.reasonCode === "unknown_sku" && g.field === "sku" && g.value ? { sku: g.value } : {}) };
}

function FixButton({ group }: { group: TGroup }) {
  const [isOpen, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)}>
        Fix…
      </Button>
      {isOpen && (
        <Dialog open onClose={() => setOpen(false)} title={`Fix: ${group.reasonCode?.replaceAll("_", " ")} ${group.value ?? ""}`} footer={<Button onClick={() => setOpen(false)}>Done</Button>}>
          <DeadLetterFix reasonCode={group.reasonCode} field={group.field} value={group.value} />
        </Dialog>
      )}
    </>
  );
}

function Groups({ canAct, connector }: { canAct: boolean; connector?: string }) {
  const trpc = useTRPC();
  const groups = useQuery({ ...trpc.replays.deadLetterGroups.queryOptions({ connector }), refetchInterval: 5000 });
  return (
    <Card title="Dead-letter groups" actions={<span className="text-xs text-slate-500">by connector, status and what failed · refreshes every 5 s</span>}>
      <ErrorNote error={groups.error} />
      {groups.isPending ? (
        <LoadingRows rows={3} />
      ) : groups.data?.length === 0 ? (
        <EmptyState title="Nothing held or rejected">Every event {connector ? `from ${connector} ` : ""}was accepted.</EmptyState>
      ) : (
        <Table aria-label="Dead-letter groups">
          <thead>
            <tr>
              <Th>Connector</Th>
              <Th>Status</Th>
              <Th>Reason</Th>
              <Th>Failing value</Th>
              <Th align="right">Events</Th>
              <Th>Last received</Th>
              <Th>Exception</Th>
              {canAct && <Th>Actions</Th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {groups.data?.map((g) => (
              <tr key={`${g.connector}:${g.status}:${g.reasonCode}:${g.value}`} data-testid="dead-letter-group">
                <Td className="font-mono text-xs">{g.connector}</Td>
                <Td className="text-xs">{g.status}</Td>
                <Td className="text-xs">{g.status === "held" ? "sequence gap" : (g.reasonCode ?? "—")}</Td>
                <Td className="font-mono text-xs">{g.value || "—"}</Td>
                <Td align="right">{formatNumber(g.events)}</Td>
                <Td className="text-xs">
                  <RelativeTime value={g.lastReceivedAt} />
                </Td>
                <Td className="text-xs">
                  {g.exceptionId ? (
                    <Link href={`/exceptions/${g.exceptionId}`} className="text-brand-700 hover:underline">
                      #{g.exceptionId}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
                {canAct && (
                  <Td>
                    <div className="flex gap-1.5">
                      {(g.reasonCode === "unknown_sku" || g.reasonCode === "unknown_location") && <FixButton group={g} />}
                      <ReplayButton size="sm" selector={selectorOf(g)} label={g.status === "held" ? "Release…" : "Replay…"} title={g.status === "held" ? `Release ${g.connector}'s held events` : `Replay ${g.connector}'s dead letters`} />
                    </div>
                  </Td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function Events({ canAct, connector }: { canAct: boolean; connector?: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<"" | "rejected" | "held">("");
  const pages = useCursorPages();
  const [editing, setEditing] = useState<{ id: string; payload: unknown } | null>(null);
  const cursor = pages.cursor;
  const list = useQuery({ ...trpc.replays.deadLetters.queryOptions({ connector, limit: 25, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }), refetchInterval: 5000 });
  return (
    <Card
      title="Events"
      actions={
        <div className="w-52">
          <Select aria-label="Status" value={status} onChange={(e) => (setStatus(e.target.value as typeof status), pages.reset())}>
            <option value="">held and rejected</option>
            <option value="rejected">rejected</option>
            <option value="held">held</option>
          </Select>
        </div>
      }
    >
      <ErrorNote error={list.error} />
      {list.isPending ? (
        <LoadingRows />
      ) : list.data?.items.length === 0 ? (
        <EmptyState title="No events here" />
      ) : (
        <>
          <Table aria-label="Dead letters">
            <thead>
              <tr>
                <Th>Event</Th>
                <Th>Received</Th>
                <Th>Connector</Th>
                <Th>Type · status</Th>
                <Th>SKU</Th>
                <Th>Location</Th>
                <Th align="right">Qty</Th>
                <Th>Reason</Th>
                {canAct && <Th>Actions</Th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.data?.items.map((e) => (
                <tr key={e.id} data-testid="dead-letter">
                  <Td className="text-xs">
                    <div className="font-mono text-slate-500">#{e.id}</div>
                    <div className="max-w-36 truncate font-mono" title={e.eventId ?? undefined}>
                      {e.eventId ?? "—"}
                    </div>
                  </Td>
                  <Td className="text-xs">
                    <RelativeTime value={e.receivedAt} />
                  </Td>
                  <Td className="font-mono text-xs">{e.connector}</Td>
                  <Td className="text-xs">
                    <div>{e.type ?? "—"}</div>
                    <div className="text-slate-500">
                      {e.status}
                      {e.sequence ? ` #${e.sequence}` : ""}
                    </div>
                  </Td>
                  <Td className="font-mono text-xs">{e.sku ?? "—"}</Td>
                  <Td className="font-mono text-xs">{e.location ?? "—"}</Td>
                  <Td align="right">{e.quantity ?? "—"}</Td>
                  <Td className="max-w-48 truncate text-xs text-red-700" title={e.reasons?.map((r) => `${r.code}: ${r.message}`).join("; ")}>
                    {e.reasons?.[0] ? `${e.reasons[0].code}: ${e.reasons[0].message}` : e.status === "held" ? "waiting for the gap to fill" : ""}
                    {e.edits > 0 && <span className="ml-1 text-slate-500">(edited {e.edits}×)</span>}
                  </Td>
                  {canAct && (
                    <Td>
                      <div className="flex gap-1.5">
                        {e.status === "rejected" && e.eventId && (
                          <Button size="sm" onClick={() => setEditing({ id: e.id, payload: e.payload })}>
                            Edit payload…
                          </Button>
                        )}
                        <ReplayButton size="sm" variant="secondary" selector={{ eventIds: [e.id] }} label="Replay…" title={`Replay event #${e.id}`} />
                      </div>
                    </Td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager {...pages.pager(list.data?.nextCursor)} />
        </>
      )}
      {editing && <PayloadEditDialog id={editing.id} payload={editing.payload} onClose={() => setEditing(null)} />}
    </Card>
  );
}

/** The dead-letter store and the held queue, optionally for one connector, with fixes and replays. */
export function DeadLetters({ canAct, connector }: { canAct: boolean; connector?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const connectors = useQuery(trpc.masterData.connectors.queryOptions());
  return (
    <div className="space-y-4">
      <div className="flex items-center gap-2">
        <label htmlFor="dl-connector" className="text-sm text-slate-600">
          Connector
        </label>
        <div className="w-56">
        <Select id="dl-connector" value={connector ?? ""} onChange={(e) => router.push(`/replays?view=dead-letters${e.target.value ? `&connector=${encodeURIComponent(e.target.value)}` : ""}`)}>
          <option value="">all connectors</option>
          {connectors.data?.map((c) => (
            <option key={c.code} value={c.code}>
              {c.code}
            </option>
          ))}
        </Select>
        </div>
        {canAct && connector && <ReplayButton selector={{ connector, status: "rejected" }} label={`Replay all of ${connector}'s dead letters…`} title={`Replay ${connector}'s dead letters`} />}
      </div>
      <Groups canAct={canAct} connector={connector} />
      <Events key={connector ?? ""} canAct={canAct} connector={connector} />
    </div>
  );
}
