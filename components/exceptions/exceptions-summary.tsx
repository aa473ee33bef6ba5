import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { ExceptionsSummaryPanel } from "./exceptions-summary-panel";

/** The Overview's exception picture (server part: prefetches, so the first paint has numbers). */
export async function ExceptionsSummary() {
  await getQueryClient().prefetchQuery(trpc.exceptions.summary.queryOptions());
  return (
    <HydrateClient>
      <ExceptionsSummaryPanel />
    </HydrateClient>
  );
}
