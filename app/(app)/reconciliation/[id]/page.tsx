import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { runExists } from "@/server/reconciliation/queries";
import { ZRunId } from "@/server/reconciliation/reconciliation.types";
import { filtersFromSearch, LINES_PAGE, searchRecordGetter } from "../_components/line-params";
import { RunReport } from "../_components/run-report";

export const metadata: Metadata = { title: "Reconciliation run" };

export default async function ReconciliationRunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const { id: raw } = await params;
  const id = ZRunId.safeParse(raw);
  if (!id.success || !/^\d+$/.test(raw) || !(await runExists(id.data))) notFound();
  const filters = filtersFromSearch(searchRecordGetter(await searchParams));
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.reconciliation.get.queryOptions({ id: id.data })),
    queryClient.prefetchQuery(trpc.reconciliation.lines.queryOptions({ id: id.data, limit: LINES_PAGE, ...filters })),
  ]);
  return (
    <HydrateClient>
      <RunReport id={id.data} />
    </HydrateClient>
  );
}
