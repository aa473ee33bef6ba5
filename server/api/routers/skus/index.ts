import { z } from "zod";
import { skuHistory } from "@/server/drift/sku-history";
import { skuDetail } from "@/server/drift/sku-view";
import { ZCursor, ZLimit } from "@/server/drift/paging";
import { STORED_STATUSES } from "@/server/events/events.types";
import { skuTimeline } from "@/server/events/timeline";
import { ZCode } from "@/server/master-data/master-data.types";
import { createTRPCRouter, replicaProcedure } from "../../trpc";

export const skusRouter = createTRPCRouter({
  detail: replicaProcedure.input(z.object({ code: ZCode })).query(({ input }) => skuDetail(input)),
  history: replicaProcedure.input(z.object({ code: ZCode, days: z.number().int().min(1).max(31).default(7) })).query(({ input }) => skuHistory(input)),
  timeline: replicaProcedure
    .input(z.object({ code: ZCode, status: z.enum(STORED_STATUSES).optional(), limit: ZLimit, cursor: ZCursor.optional() }))
    .query(({ input }) => skuTimeline({ ...input, sku: input.code })),
});
