import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { HydrateClient, getQueryClient, trpc } from "@/server/api/server";
import { ConnectorsTable } from "./_components/connectors-table";

export const metadata: Metadata = { title: "Connectors" };

export default async function ConnectorsPage() {
  await requirePageUser();
  await getQueryClient().prefetchQuery(trpc.connectors.overview.queryOptions());
  return (
    <HydrateClient>
      <PageHeader
        title="Connectors"
        description="Every system that sends Sightline events: whether it is reporting, how much it sent, and what ingest answered it in the last 24 hours."
      />
      <ConnectorsTable />
    </HydrateClient>
  );
}
