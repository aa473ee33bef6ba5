import type { Metadata } from "next";
import { ConnectorStrip } from "@/components/connectors/connector-strip";
import { DriftOverview } from "@/components/drift/drift-overview";
import { ExceptionsSummary } from "@/components/exceptions/exceptions-summary";
import { TodaysKpis } from "@/components/kpis/todays-kpis";
import { formatNumber } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { serverCaller } from "@/server/api/server";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  await requirePageUser();
  const counts = await (await serverCaller()).masterData.counts();
  return (
    <>
      <PageHeader
        title="Overview"
        description={`What needs attention now across ${formatNumber(counts.skus)} SKUs, ${formatNumber(counts.locations)} locations and ${formatNumber(counts.channels)} channels: open exceptions by severity, the worst drift, stale feeds and connector health.`}
      />
      <ExceptionsSummary />
      <DriftOverview />
      <TodaysKpis />
      <ConnectorStrip />
    </>
  );
}
