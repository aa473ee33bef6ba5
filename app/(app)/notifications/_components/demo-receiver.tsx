"use client";
import { useQuery } from "@tanstack/react-query";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";

/** Demo mode: what Sightline's own receiver got, and whether each signature verified. */
export function DemoReceiver() {
  const trpc = useTRPC();
  const receipts = useQuery({ ...trpc.notifications.demoReceipts.queryOptions(), refetchInterval: 3000 });
  return (
    <Card title="Demo receiver" actions={<span className="text-xs text-slate-500">/api/demo/webhook-receiver · verifies with the standardwebhooks library · last 50</span>}>
      {receipts.data?.length === 0 ? (
        <EmptyState title="Nothing received yet">The first messages arrive within a minute of start-up: a test message, then exceptions as the simulator causes them.</EmptyState>
      ) : (
        <div className="max-h-72 overflow-y-auto">
          <Table aria-label="Demo receiver">
            <thead>
              <tr>
                <Th>Received</Th>
                <Th>Type</Th>
                <Th>Signature</Th>
                <Th>What</Th>
                <Th>webhook-id</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {receipts.data?.map((r) => (
                <tr key={r.id}>
                  <Td className="text-xs">
                    <RelativeTime value={r.receivedAt} />
                  </Td>
                  <Td className="font-mono text-xs">{r.type}</Td>
                  <Td>{r.isVerified ? <Badge tone="good">verified</Badge> : <Badge tone="bad">did not verify</Badge>}</Td>
                  <Td className="max-w-80 truncate text-xs">{r.summary}</Td>
                  <Td className="font-mono text-xs text-slate-500">{r.webhookId}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </Card>
  );
}
