import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { DriftExplorer } from "./_components/drift-explorer";
import { driftInputFromSearch, searchRecordGetter } from "./_components/search-params";

export const metadata: Metadata = { title: "Drift" };

export default async function DriftPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const input = driftInputFromSearch(searchRecordGetter(await searchParams));
  const queryClient = getQueryClient();
  // The first table is rendered on the server; the client then refreshes it live.
  await Promise.all([queryClient.prefetchQuery(trpc.drift.page.queryOptions(input)), queryClient.prefetchQuery(trpc.drift.filterOptions.queryOptions())]);
  return (
    <>
      <PageHeader
        title="Drift explorer"
        description="Where channels disagree with what they should show (positive: oversell risk, negative: lost sales), where the ERP and the WMS disagree, and which feeds have gone quiet."
      />
      <HydrateClient>
        <DriftExplorer />
      </HydrateClient>
    </>
  );
}
