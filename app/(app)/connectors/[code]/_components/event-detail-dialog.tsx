"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Dialog } from "@/components/ui/dialog";
import { ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";

/** One event: raw payload, reasons, what the projection noticed, conflicting copies, and what it changed in the books. */
export function EventDetailDialog({ id, onClose }: { id: number; onClose: () => void }) {
  const trpc = useTRPC();
  const event = useQuery(trpc.connectors.event.queryOptions({ id }));
  const e = event.data;
  return (
    <Dialog open onClose={onClose} title={`Event ${e?.eventId ?? id}`} wide>
      <ErrorNote error={event.error} />
      {!e ? (
        <LoadingRows rows={6} />
      ) : (
        <div className="space-y-4 text-sm">
          <dl className="grid grid-cols-2 gap-x-6 gap-y-1 md:grid-cols-3">
            <div>
              <dt className="text-xs text-slate-500">Status</dt>
              <dd>
                <Badge tone={e.status === "accepted" ? "good" : e.status === "held" ? "warn" : "bad"}>{e.status}</Badge>
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Type</dt>
              <dd>{e.type ?? "—"}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Log id</dt>
              <dd className="font-mono">{e.id}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Occurred</dt>
              <dd>{formatDateTime(e.occurredAt)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Received</dt>
              <dd>{formatDateTime(e.receivedAt)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Sequence</dt>
              <dd>{e.sequence ?? "—"}</dd>
            </div>
          </dl>
          {e.reasons.length > 0 && (
            <div>
              <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">Why it was rejected</h3>
              <ul className="space-y-1">
                {e.reasons.map((r, i) => (
                  <li key={i} className="rounded bg-red-50 px-2 py-1 text-red-800">
                    <code className="text-xs">{r.code}</code> <span className="text-xs text-red-600">({r.field})</span> {r.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {Object.keys(e.flags).length > 0 && (
            <div>
              <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">What the projection noticed</h3>
              <code className="block rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">{JSON.stringify(e.flags)}</code>
            </div>
          )}
          {e.movements.length > 0 && (
            <div>
              <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">What it changed</h3>
              <Table>
                <thead>
                  <tr>
                    <Th>Book</Th>
                    <Th>SKU</Th>
                    <Th>Location</Th>
                    <Th>Changes</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {e.movements.map((m, i) => (
                    <tr key={i}>
                      <Td>{m.book}</Td>
                      <Td>
                        <Link href={`/skus/${encodeURIComponent(m.sku)}`} className="font-mono text-brand-700 hover:underline">
                          {m.sku}
                        </Link>
                      </Td>
                      <Td className="font-mono text-xs">{m.location}</Td>
                      <Td className="font-mono text-xs">
                        {Object.entries(m.changes)
                          .map(([k, v]) => `${k} ${v > 0 ? "+" : ""}${v}`)
                          .join(", ")}
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          )}
          <div>
            <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">Payload as sent</h3>
            <pre className="max-h-64 overflow-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">{JSON.stringify(e.payload, null, 2)}</pre>
          </div>
          {e.conflicts.length > 0 && (
            <div>
              <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">Conflicting copies kept aside ({e.conflicts.length})</h3>
              {e.conflicts.map((c) => (
                <pre key={c.id} className="mb-2 max-h-40 overflow-auto rounded bg-amber-50 p-2 font-mono text-xs">
                  {formatDateTime(c.receivedAt)} {JSON.stringify(c.payload)}
                </pre>
              ))}
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}
