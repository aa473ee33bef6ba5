import { z } from "zod";
import { connectorByCode, connectorOverview, eventDetail, listDeadLetterBodies, ZDeadLetterBodiesInput } from "@/server/connectors/queries";
import { createTRPCRouter, protectedProcedure } from "../../trpc";

export const connectorsRouter = createTRPCRouter({
  overview: protectedProcedure.query(() => connectorOverview()),
  byCode: protectedProcedure.input(z.object({ code: z.string().min(1) })).query(({ input }) => connectorByCode(input.code)),
  deadLetterBodies: protectedProcedure.input(ZDeadLetterBodiesInput).query(({ input }) => listDeadLetterBodies(input)),
  event: protectedProcedure.input(z.object({ id: z.number().int().positive() })).query(({ input }) => eventDetail(input.id)),
});
