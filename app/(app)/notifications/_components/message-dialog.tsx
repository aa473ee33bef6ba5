"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { MutationError } from "@/components/ui/mutation-error";
import { Table, Td, Th } from "@/components/ui/table";
import { MessageStatusBadge } from "./badges";

/** One message: its payload and every attempt, with Redeliver (same id). */
export function MessageDialog({ id, endpointName, canChange, onClose }: { id: string; endpointName: string; canChange: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const message = useQuery({ ...trpc.notifications.message.queryOptions({ id }), refetchInterval: 2000 });
  const redeliver = useMutation(
    trpc.notifications.redeliver.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.notifications.message.queryKey({ id }) }), queryClient.invalidateQueries({ queryKey: trpc.notifications.messages.queryKey() })]),
    }),
  );
  const m = message.data;
  const groupId = m && typeof m.payload.data.id === "number" && m.type.startsWith("exception.") ? m.payload.data.id : null;
  return (
    <Dialog
      open
      wide
      onClose={onClose}
      title={`Message ${id}`}
      footer={
        <>
          {canChange && (
            <Button variant="primary" disabled={redeliver.isPending || !m} onClick={() => redeliver.mutate({ id })}>
              Redeliver (same id)
            </Button>
          )}
          <Button onClick={onClose}>Close</Button>
        </>
      }
    >
      <ErrorNote error={message.error} />
      <MutationError error={redeliver.error} />
      {redeliver.isSuccess && (
        <p role="status" className="mb-2 text-sm text-emerald-700">
          Queued for redelivery with the same webhook-id.
        </p>
      )}
      {!m ? (
        <LoadingRows rows={4} />
      ) : (
        <div className="space-y-4">
          <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-3">
            <div>
              <dt className="text-xs text-slate-500">Type</dt>
              <dd className="font-mono text-xs">{m.type}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">To</dt>
              <dd>{m.to ?? endpointName}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Status</dt>
              <dd>
                <MessageStatusBadge status={m.status} /> <span className="text-xs text-slate-500">{formatNumber(m.attempts)} attempt{m.attempts === 1 ? "" : "s"}</span>
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Created</dt>
              <dd className="text-xs">{formatDateTime(m.createdAt)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">{m.status === "delivered" ? "Delivered" : "Next attempt"}</dt>
              <dd className="text-xs">{formatDateTime(m.status === "delivered" ? m.deliveredAt : m.nextAttemptAt)}</dd>
            </div>
            {groupId !== null && (
              <div>
                <dt className="text-xs text-slate-500">About</dt>
                <dd>
                  <Link href={`/exceptions/${groupId}`} className="text-xs text-brand-700 hover:underline">
                    exception group {groupId}
                  </Link>
                </dd>
              </div>
            )}
          </dl>
          <section>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Attempts</h3>
            {m.attemptLog.length === 0 ? (
              <p className="text-sm text-slate-500">No attempt yet.</p>
            ) : (
              <Table aria-label="Attempts">
                <thead>
                  <tr>
                    <Th>At</Th>
                    <Th align="right">Status</Th>
                    <Th align="right">Duration</Th>
                    <Th>Error</Th>
                    <Th>Answer (≤ 1 KB)</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {m.attemptLog.map((a, i) => (
                    <tr key={i} data-testid="attempt-row">
                      <Td className="text-xs">{formatDateTime(a.at)}</Td>
                      <Td align="right">{a.statusCode ?? "—"}</Td>
                      <Td align="right">{formatNumber(a.durationMs)} ms</Td>
                      <Td className="text-xs text-red-700">
                        <div className="max-w-56 whitespace-normal">{a.error ?? ""}</div>
                      </Td>
                      <Td className="max-w-72 truncate font-mono text-xs" title={a.responseBody}>
                        {a.responseBody ?? ""}
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </section>
          <section>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Payload</h3>
            <pre className="max-h-72 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{JSON.stringify(m.payload, null, 2)}</pre>
          </section>
        </div>
      )}
    </Dialog>
  );
}
