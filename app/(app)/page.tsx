import type { Metadata } from "next";
import { ExceptionsSummary } from "@/components/exceptions/exceptions-summary";
import { TodaysKpis } from "@/components/kpis/todays-kpis";
import { Card, Stat } from "@/components/ui/card";
import { formatNumber, formatRelative } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { requirePageUser } from "@/server/api/page-auth";
import { serverCaller } from "@/server/api/server";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  await requirePageUser();
  const caller = await serverCaller();
  const [counts, connectors] = await Promise.all([caller.masterData.counts(), caller.masterData.connectors()]);
  const now = Date.now();
  return (
    <>
      <PageHeader title="Overview" description="What Sightline watches: the catalogue, the locations and channels it covers, and whether each connector is reporting." />
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="SKUs" value={formatNumber(counts.skus)} />
        <Stat label="Locations" value={formatNumber(counts.locations)} />
        <Stat label="Channels" value={formatNumber(counts.channels)} />
        <Stat label="Connectors" value={formatNumber(counts.connectors)} />
      </div>
      <ExceptionsSummary />
      <TodaysKpis />
      <Card title="Connectors" className="mt-5">
        {connectors.length === 0 ? (
          <p className="text-sm text-slate-500">No connectors yet. An administrator adds them in Settings → Connectors, or through PUT /api/v1/master-data.</p>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Connector</Th>
                <Th>Kind</Th>
                <Th>Channel</Th>
                <Th>Last heard from</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {connectors.map((c) => {
                const silentFor = c.lastSeenAt ? (now - c.lastSeenAt.getTime()) / 1000 : null;
                const isSilent = silentFor !== null && silentFor > c.heartbeatSeconds;
                return (
                  <tr key={c.code}>
                    <Td className="font-medium text-slate-900">{c.name ?? c.code} <span className="font-mono text-xs text-slate-500">{c.code}</span></Td>
                    <Td>{c.kind}</Td>
                    <Td>{c.channel ?? "—"}</Td>
                    <Td>{formatRelative(c.lastSeenAt, now)}</Td>
                    <Td>{c.lastSeenAt === null ? <Badge>never reported</Badge> : isSilent ? <Badge tone="bad">silent</Badge> : <Badge tone="good">reporting</Badge>}</Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
