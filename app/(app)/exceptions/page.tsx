import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { can } from "@/server/auth/roles";
import { ExceptionQueue } from "./_components/exception-queue";
import { filtersFromParams, toListInput, toServerFilter } from "./_components/queue-params";

export const metadata: Metadata = { title: "Exceptions" };

export default async function ExceptionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  const filters = filtersFromParams(await searchParams);
  const canAct = can(user.role, "act_on_exceptions");
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.exceptions.list.queryOptions(toListInput(filters))),
    queryClient.prefetchQuery(trpc.exceptions.count.queryOptions(toServerFilter(filters))),
    queryClient.prefetchQuery(trpc.masterData.channels.queryOptions()),
  ]);
  return (
    <>
      <PageHeader
        title="Exceptions"
        description={
          canAct
            ? "Every problem Sightline found, grouped by kind and scope, ranked by impact. Acknowledge what you own; groups resolve themselves when the data heals."
            : "Every problem Sightline found, grouped by kind and scope, ranked by impact. Operations managers act on them; you can read everything."
        }
      />
      <HydrateClient>
        <ExceptionQueue initialFilters={filters} canAct={canAct} viewerEmail={user.email} />
      </HydrateClient>
    </>
  );
}
