"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { formatDateTime, formatDuration, formatNumber } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";

const RESULT_TONE = { accepted: "good", accepted_with_errors: "warn", rejected: "bad" } as const;

/** A partner's messages (message.sent, EDI 846s) still awaiting acknowledgement, overdue first, and the latest acknowledged. */
export function PartnerMessages({ code }: { code: string }) {
  const trpc = useTRPC();
  const messages = useQuery({ ...trpc.orders.partnerMessages.queryOptions({ connector: code }), refetchInterval: 10_000 });
  const m = messages.data;
  if (m && m.awaiting.length === 0 && m.acknowledged.length === 0) return null;
  return (
    <Card
      title={m ? `Partner messages awaiting acknowledgement (${formatNumber(m.awaitingTotal)})` : "Partner messages"}
      className="mt-4"
      actions={
        <Link href={`/exceptions?kind=ack_overdue&state=all`} className="text-xs font-medium text-brand-700 hover:underline">
          Overdue acknowledgements →
        </Link>
      }
    >
      <ErrorNote error={messages.error} />
      {!m ? (
        <LoadingRows rows={3} />
      ) : (
        <div className="space-y-4">
          <p className="text-xs text-slate-500">Each message this connector sent a partner (an EDI 846, or any message.sent) is due an acknowledgement within {formatDuration(m.ackSloSeconds ?? 0)} unless it says otherwise.</p>
          {m.awaiting.length === 0 ? (
            <p className="text-sm text-slate-500">Nothing is waiting: the partner acknowledged every message.</p>
          ) : (
            <Table aria-label="Awaiting acknowledgement">
              <thead>
                <tr>
                  <Th>Message</Th>
                  <Th>Document</Th>
                  <Th>Sent</Th>
                  <Th>Acknowledgement due</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {m.awaiting.map((x) => (
                  <tr key={x.messageRef} data-testid="awaiting-message" className={x.isOverdue ? "bg-red-50/60" : undefined}>
                    <Td className="font-mono text-xs">{x.messageRef}</Td>
                    <Td className="text-xs">{x.documentType ?? "—"}</Td>
                    <Td className="text-xs">{formatDateTime(x.sentAt)}</Td>
                    <Td className="text-xs">
                      {x.isOverdue ? (
                        <Badge tone="bad" className="font-semibold">
                          <RelativeTime prefix="overdue since" value={x.ackDueAt} />
                        </Badge>
                      ) : (
                        <RelativeTime prefix="due" value={x.ackDueAt} />
                      )}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {m.acknowledged.length > 0 && (
            <div>
              <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Latest acknowledged</h3>
              <Table aria-label="Acknowledged">
                <thead>
                  <tr>
                    <Th>Message</Th>
                    <Th>Document</Th>
                    <Th>Result</Th>
                    <Th>Took</Th>
                    <Th>What the partner said</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {m.acknowledged.map((x) => (
                    <tr key={x.messageRef}>
                      <Td className="font-mono text-xs">{x.messageRef}</Td>
                      <Td className="text-xs">{x.documentType ?? "—"}</Td>
                      <Td>{x.result ? <Badge tone={RESULT_TONE[x.result as keyof typeof RESULT_TONE] ?? "neutral"}>{x.result.replaceAll("_", " ")}</Badge> : "—"}</Td>
                      <Td className="text-xs tabular-nums">{x.sentAt && x.ackedAt ? formatDuration(Math.max(0, (new Date(x.ackedAt).getTime() - new Date(x.sentAt).getTime()) / 1000)) : "—"}</Td>
                      <Td className="max-w-md truncate text-xs text-slate-600" title={x.errors.join("\n")}>
                        {x.errors[0] ?? ""}
                        {x.errors.length > 1 ? ` (+${x.errors.length - 1})` : ""}
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
