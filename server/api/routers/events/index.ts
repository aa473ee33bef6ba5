import { z } from "zod";
import { ZEventsQuery } from "@/server/events/events.types";
import { listEvents } from "@/server/events/list";
import { traceEvents } from "@/server/events/timeline";
import { createTRPCRouter, replicaProcedure } from "../../trpc";

export const eventsRouter = createTRPCRouter({
  /** GET /api/v1/events's list. */
  list: replicaProcedure.input(ZEventsQuery).query(({ input }) => listEvents(input)),
  /** Every event of one correlationId / orderRef, and when each channel caught up. */
  trace: replicaProcedure.input(z.object({ ref: z.string().trim().min(1).max(200) })).query(({ input }) => traceEvents(input)),
});
