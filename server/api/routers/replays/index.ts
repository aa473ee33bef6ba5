import { z } from "zod";
import { CAN } from "@/server/auth/roles";
import { applyPlan, cancelPlan } from "@/server/replay/apply";
import { deadLetterGroups, listDeadLetters, ZDeadLetterQuery } from "@/server/replay/dead-letters";
import { addLocationAlias, addSkuAlias, editRejectedPayload, payloadEdits, ZAddLocationAlias, ZAddSkuAlias, ZEditPayload } from "@/server/replay/fixes";
import { createPlan } from "@/server/replay/plan";
import { getPlan, getPlanProgress, listPlans, planDetail } from "@/server/replay/queries";
import { ZCreatePlan, ZEventPk, ZPlanId, ZPlanListQuery, ZReplayReason } from "@/server/replay/replay.types";
import { createTRPCRouter, protectedProcedure, roleProcedure } from "../../trpc";

const act = roleProcedure(...CAN.replay);
const ZId = z.object({ id: ZPlanId });

export const replaysRouter = createTRPCRouter({
  list: protectedProcedure.input(ZPlanListQuery).query(({ input }) => listPlans(input)),
  get: protectedProcedure.input(ZId).query(({ input }) => getPlan(input.id)),
  progress: protectedProcedure.input(ZId).query(({ input }) => getPlanProgress(input.id)),
  detail: protectedProcedure.input(ZId).query(({ input }) => planDetail(input.id)),
  createPlan: act.input(ZCreatePlan).mutation(({ input, ctx }) => createPlan(input.selector, ctx.user.email)),
  applyPlan: act.input(ZId.extend(ZReplayReason.shape)).mutation(({ input, ctx }) => applyPlan(input.id, input.reason, ctx.user.email)),
  cancelPlan: act.input(ZId).mutation(({ input, ctx }) => cancelPlan(input.id, ctx.user.email)),
  deadLetters: protectedProcedure.input(ZDeadLetterQuery).query(({ input }) => listDeadLetters(input)),
  deadLetterGroups: protectedProcedure.input(z.object({ connector: z.string().max(64).optional() })).query(({ input }) => deadLetterGroups(input)),
  payloadEdits: protectedProcedure.input(z.object({ id: ZEventPk })).query(({ input }) => payloadEdits(input.id)),
  addSkuAlias: act.input(ZAddSkuAlias).mutation(({ input, ctx }) => addSkuAlias(input, ctx.user.email)),
  addLocationAlias: act.input(ZAddLocationAlias).mutation(({ input, ctx }) => addLocationAlias(input, ctx.user.email)),
  editPayload: act.input(ZEditPayload).mutation(({ input, ctx }) => editRejectedPayload(input, ctx.user.email)),
});
