import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { KpiDashboard } from "./_components/kpi-dashboard";
import { paramsFromSearch, toInput } from "./_components/params";

export const metadata: Metadata = { title: "KPIs" };

export default async function KpisPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const params = paramsFromSearch(await searchParams);
  await getQueryClient().prefetchQuery(trpc.kpis.report.queryOptions(toInput(params)));
  return (
    <>
      <PageHeader
        title="KPIs"
        description="Are we overselling less, and how fast do channels catch up? Every figure against the period before, per channel, with the trend."
      />
      <HydrateClient>
        <KpiDashboard initialParams={params} />
      </HydrateClient>
    </>
  );
}
