import { z } from "zod";
import { CAN } from "@/server/auth/roles";
import { actOnException, bulkActOnExceptions } from "@/server/exceptions/actions";
import { exceptionDetail } from "@/server/exceptions/detail";
import { ZBulkAction, ZExceptionAction, ZExceptionFilter, ZExceptionId, ZExceptionListQuery } from "@/server/exceptions/exceptions.types";
import { countExceptions, listExceptions } from "@/server/exceptions/queries";
import { exceptionSummary } from "@/server/exceptions/summary";
import { WATERMARK_KEY } from "@/server/exceptions/horizon";
import { eventsPastWatermark } from "@/server/events/backlog";
import { createTRPCRouter, replicaProcedure, roleProcedure } from "../../trpc";

const act = roleProcedure(...CAN.act_on_exceptions);

export const exceptionsRouter = createTRPCRouter({
  list: replicaProcedure.input(ZExceptionListQuery).query(({ input, ctx }) => listExceptions(input, ctx.user.email)),
  count: replicaProcedure.input(ZExceptionFilter).query(({ input, ctx }) => countExceptions(input, ctx.user.email)),
  detail: replicaProcedure.input(z.object({ id: ZExceptionId })).query(({ input }) => exceptionDetail(input.id)),
  summary: replicaProcedure.query(() => exceptionSummary()),
  /** events the detector has not read yet (the queue says it is catching up when there are many) */
  pending: replicaProcedure.query(async () => ({ events: await eventsPastWatermark(WATERMARK_KEY) })),
  act: act.input(z.object({ id: ZExceptionId, action: ZExceptionAction })).mutation(({ input, ctx }) => actOnException(input.id, input.action, ctx.user)),
  bulk: act.input(ZBulkAction).mutation(({ input, ctx }) => bulkActOnExceptions(input, ctx.user)),
});
