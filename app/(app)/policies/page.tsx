import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { can } from "@/server/auth/roles";
import { PoliciesWorkspace } from "./_components/policies-workspace";
import { ADVISOR_DAYS } from "@/components/policies/buffer-advice";

export const metadata: Metadata = { title: "Policies" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function PoliciesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  const params = await searchParams;
  // the buffer advisor's range and channel live in the URL (a shared link opens the same backtest)
  const days = Number(first(params.advisorDays));
  const advisor = { days: (ADVISOR_DAYS as readonly number[]).includes(days) ? days : 30, channel: first(params.advisorChannel)?.slice(0, 100) || null };
  // awaited: a pending query would render "loading" here but hydrate with data in the browser (#418)
  await getQueryClient().prefetchQuery(trpc.policies.list.queryOptions());
  return (
    <>
      <PageHeader
        title="Policies"
        description="What each channel may sell: safety buffers, holdbacks, allocations, sell limits and outage fallbacks. Draft a change, preview its effect on every SKU × channel, publish it with a reason, and roll back if needed."
      />
      <HydrateClient>
        <PoliciesWorkspace canEdit={can(user.role, "edit_policies")} advisor={advisor} />
      </HydrateClient>
    </>
  );
}
