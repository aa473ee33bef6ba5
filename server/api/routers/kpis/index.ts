import { queryOfDashboard, ZDashboardInput } from "@/server/kpis/kpis.types";
import { kpiReport } from "@/server/kpis/report";
import { createTRPCRouter, replicaProcedure } from "../../trpc";

export const kpisRouter = createTRPCRouter({
  /** Everything the dashboard shows: the window, the period before, per channel and per trend point. */
  report: replicaProcedure.input(ZDashboardInput).query(({ input }) => {
    const now = new Date();
    return kpiReport(queryOfDashboard(input, now), now);
  }),
});
