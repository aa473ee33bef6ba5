import { z } from "zod";
import { listOrders, ordersNeedingAttention } from "@/server/orders/list";
import { orderLife } from "@/server/orders/life";
import { ZOrdersQuery } from "@/server/orders/orders.types";
import { partnerMessages, ZPartnerMessagesInput } from "@/server/partners/messages";
import { createTRPCRouter, protectedProcedure } from "../../trpc";

export const ordersRouter = createTRPCRouter({
  list: protectedProcedure.input(ZOrdersQuery).query(({ input }) => listOrders(input)),
  life: protectedProcedure.input(z.object({ channel: z.string().min(1).max(64), orderRef: z.string().min(1).max(200) })).query(({ input }) => orderLife(input.channel, input.orderRef)),
  attention: protectedProcedure.query(() => ordersNeedingAttention()),
  /** a connector's partner messages awaiting acknowledgement, and the latest acknowledged */
  partnerMessages: protectedProcedure.input(ZPartnerMessagesInput).query(({ input }) => partnerMessages(input)),
});
