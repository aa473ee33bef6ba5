import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { TODAY_INPUT } from "./metrics";
import { TodaysKpisPanel } from "./todays-kpis-panel";

/** The Overview's "Today's KPIs": the last 24 h against the 24 before (server part: prefetches). */
export async function TodaysKpis() {
  await getQueryClient().prefetchQuery(trpc.kpis.report.queryOptions(TODAY_INPUT));
  return (
    <HydrateClient>
      <TodaysKpisPanel />
    </HydrateClient>
  );
}
