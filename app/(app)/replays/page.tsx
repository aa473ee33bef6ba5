import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { can } from "@/server/auth/roles";
import { DeadLetters } from "./_components/dead-letters";
import { ReplayTabs } from "./_components/replay-tabs";
import { RunsTable } from "./_components/runs-table";

export const metadata: Metadata = { title: "Replays" };

export default async function ReplaysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  const params = await searchParams;
  const view = params.view === "dead-letters" ? "dead-letters" : "runs";
  const connector = typeof params.connector === "string" && params.connector ? params.connector : undefined;
  const canAct = can(user.role, "replay");
  const queryClient = getQueryClient();
  if (view === "runs") await queryClient.prefetchQuery(trpc.replays.list.queryOptions({ limit: 50 }));
  else await queryClient.prefetchQuery(trpc.replays.deadLetterGroups.queryOptions({ connector }));
  return (
    <HydrateClient>
      <PageHeader
        title="Replays"
        description={
          canAct
            ? "Held and rejected events, and every replay: previewed as a dry run, applied once with a reason, audited. Fix the cause (an alias, a payload), preview, apply."
            : "Held and rejected events, and every replay with its result. Operations managers run replays; you can read everything."
        }
      />
      <ReplayTabs view={view} />
      <div className="mt-4">{view === "runs" ? <RunsTable /> : <DeadLetters canAct={canAct} connector={connector} />}</div>
    </HydrateClient>
  );
}
