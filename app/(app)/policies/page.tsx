import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { can } from "@/server/auth/roles";
import { PoliciesWorkspace } from "./_components/policies-workspace";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const user = await requirePageUser();
  // awaited: a pending query would render "loading" here but hydrate with data in the browser (#418)
  await getQueryClient().prefetchQuery(trpc.policies.list.queryOptions());
  return (
    <>
      <PageHeader
        title="Policies"
        description="What each channel may sell: safety buffers, holdbacks, allocations, sell limits and outage fallbacks. Draft a change, preview its effect on every SKU × channel, publish it with a reason, and roll back if needed."
      />
      <HydrateClient>
        <PoliciesWorkspace canEdit={can(user.role, "edit_policies")} />
      </HydrateClient>
    </>
  );
}
