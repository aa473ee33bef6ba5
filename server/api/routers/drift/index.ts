import { driftFilterOptions, driftOverview, driftPage, listDrift } from "@/server/drift/drift-page";
import { ZDriftQuery } from "@/server/drift/drift.types";
import { createTRPCRouter, replicaProcedure } from "../../trpc";

export const driftRouter = createTRPCRouter({
  /** GET /api/v1/drift's list. */
  list: replicaProcedure.input(ZDriftQuery).query(({ input }) => listDrift(input)),
  /** The drift page's data call: rows, totals and the heat map. */
  page: replicaProcedure.input(ZDriftQuery).query(({ input }) => driftPage(input)),
  filterOptions: replicaProcedure.query(() => driftFilterOptions()),
  overview: replicaProcedure.query(() => driftOverview()),
});
