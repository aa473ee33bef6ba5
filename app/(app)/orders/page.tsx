import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { OrdersList } from "./_components/orders-list";
import { filtersFromParams, toListInput } from "./_components/params";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const filters = filtersFromParams(await searchParams);
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.orders.list.queryOptions(toListInput(filters))),
    queryClient.prefetchQuery(trpc.orders.attention.queryOptions()),
    queryClient.prefetchQuery(trpc.masterData.channels.queryOptions()),
  ]);
  return (
    <>
      <PageHeader
        title="Orders"
        description="Every order by state and age, across the channel, the ERP and the WMS: the ones stuck in pending allocation past their channel's SLO or past their promised ship date come first."
      />
      <HydrateClient>
        <OrdersList initialFilters={filters} />
      </HydrateClient>
    </>
  );
}
