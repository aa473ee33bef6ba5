import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { can } from "@/server/auth/roles";
import { RunNow } from "./_components/run-now";
import { RunsOverview } from "./_components/runs-overview";

export const metadata: Metadata = { title: "Reconciliation" };

export default async function ReconciliationPage() {
  const user = await requirePageUser();
  const canRun = can(user.role, "reconcile");
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.reconciliation.list.queryOptions({ limit: 20 })),
    queryClient.prefetchQuery(trpc.reconciliation.trend.queryOptions()),
    queryClient.prefetchQuery(trpc.reconciliation.current.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <PageHeader
        title="Reconciliation"
        description="Where the ERP, the WMS, the POS, the 3PL and the channels disagree, kept as an auditable report: each run compares, at one instant, every system's on hand with the canonical book and every channel's exposure with its target, and says how long each variance has lasted."
        actions={canRun ? <RunNow /> : undefined}
      />
      <RunsOverview canRun={canRun} />
    </HydrateClient>
  );
}
