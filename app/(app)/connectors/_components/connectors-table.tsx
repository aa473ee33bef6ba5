"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ConnectorStatusBadge } from "@/components/connectors/status-badge";
import { Sparkline } from "@/components/connectors/sparkline";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { formatNumber } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";

export function ConnectorsTable() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.connectors.overview.queryOptions(undefined, { refetchInterval: 5_000 }));
  return (
    <Card title="Connector health" actions={<span className="text-xs text-slate-500">refreshes every 5 s · counts are the last 24 h</span>}>
      <ErrorNote error={overview.error} />
      {overview.isPending ? (
        <LoadingRows />
      ) : overview.data?.length === 0 ? (
        <EmptyState title="No connectors yet">An administrator adds them in Settings → Connectors.</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Connector</Th>
              <Th>Status</Th>
              <Th>Last contact</Th>
              <Th>Events / min (1 h)</Th>
              <Th align="right">Received</Th>
              <Th align="right">Accepted</Th>
              <Th align="right">Duplicate</Th>
              <Th align="right">Conflict</Th>
              <Th align="right">Held now</Th>
              <Th align="right">Dead letters</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {overview.data?.map((c) => (
              <tr key={c.code} className="hover:bg-slate-50">
                <Td>
                  <Link href={`/connectors/${encodeURIComponent(c.code)}`} className="font-medium text-brand-700 hover:underline">
                    {c.name ?? c.code}
                  </Link>
                  <div className="text-xs text-slate-500">
                    <span className="font-mono">{c.code}</span> · {c.kind}
                    {c.channel ? ` · ${c.channel}` : ""}
                  </div>
                </Td>
                <Td>
                  <ConnectorStatusBadge status={c.status} />
                  <div className="text-xs text-slate-500">heartbeat {c.heartbeatSeconds} s</div>
                </Td>
                <Td>
                  <RelativeTime value={c.lastSeenAt} />
                </Td>
                <Td>
                  <Sparkline points={c.eventsPerMinute} label={`${c.eventsLastHour} events in the last hour`} />
                </Td>
                <Td align="right">{formatNumber(c.last24h.received)}</Td>
                <Td align="right">{formatNumber(c.last24h.accepted)}</Td>
                <Td align="right">{formatNumber(c.last24h.duplicate)}</Td>
                <Td align="right" className={c.last24h.conflict ? "text-amber-700" : undefined}>{formatNumber(c.last24h.conflict)}</Td>
                <Td align="right" className={c.waitingHeld ? "font-semibold text-amber-700" : undefined}>{formatNumber(c.waitingHeld)}</Td>
                <Td align="right" className={c.deadLetters ? "font-semibold text-red-700" : undefined}>{formatNumber(c.deadLetters)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
