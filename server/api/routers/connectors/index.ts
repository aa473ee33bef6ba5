import { z } from "zod";
import { connectorByCode, connectorOverview, eventDetail, listDeadLetterBodies, ZDeadLetterBodiesInput } from "@/server/connectors/queries";
import { createTRPCRouter, replicaProcedure } from "../../trpc";

export const connectorsRouter = createTRPCRouter({
  overview: replicaProcedure.query(() => connectorOverview()),
  byCode: replicaProcedure.input(z.object({ code: z.string().min(1) })).query(({ input }) => connectorByCode(input.code)),
  deadLetterBodies: replicaProcedure.input(ZDeadLetterBodiesInput).query(({ input }) => listDeadLetterBodies(input)),
  event: replicaProcedure.input(z.object({ id: z.number().int().positive() })).query(({ input }) => eventDetail(input.id)),
});
