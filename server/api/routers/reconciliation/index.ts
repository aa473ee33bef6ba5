import { z } from "zod";
import { CAN } from "@/server/auth/roles";
import { listLines } from "@/server/reconciliation/lines";
import { currentRun, getRun, listRuns, runTrend } from "@/server/reconciliation/queries";
import { ZLinesQuery, ZReconciliationSettingsChange, ZRunId, ZRunListQuery, ZStartRun } from "@/server/reconciliation/reconciliation.types";
import { loadReconciliationSettings, saveReconciliationSettings } from "@/server/reconciliation/settings";
import { startRun } from "@/server/reconciliation/start";
import { createTRPCRouter, protectedProcedure, roleProcedure } from "../../trpc";

const ZId = z.object({ id: ZRunId });

export const reconciliationRouter = createTRPCRouter({
  list: protectedProcedure.input(ZRunListQuery).query(({ input }) => listRuns(input)),
  get: protectedProcedure.input(ZId).query(({ input }) => getRun(input.id)),
  trend: protectedProcedure.query(() => runTrend()),
  current: protectedProcedure.query(() => currentRun()),
  lines: protectedProcedure.input(ZLinesQuery.extend({ id: ZRunId })).query(({ input: { id, ...query } }) => listLines(id, query)),
  start: roleProcedure(...CAN.reconcile)
    .input(ZStartRun)
    .mutation(({ input, ctx }) => startRun(input, { trigger: "manual", by: ctx.user.email })),
  settings: protectedProcedure.query(() => loadReconciliationSettings()),
  saveSettings: roleProcedure(...CAN.edit_reconciliation_settings)
    .input(ZReconciliationSettingsChange)
    .mutation(({ input, ctx }) => saveReconciliationSettings(input, ctx.user.email)),
});
