import { z } from "zod";
import { CAN } from "@/server/auth/roles";
import { AppError } from "@/server/lib/errors";
import { ZCode } from "@/server/master-data/master-data.types";
import { analyzeStoredRules, diffVersions } from "@/server/policies/analyze";
import { explainSkuChannel } from "@/server/policies/explain";
import { ZCreateDraft, ZReason, ZUpdateDraft } from "@/server/policies/policy.types";
import { previewDraft } from "@/server/policies/preview";
import { createDraft, discardDraft, getDraft, listPolicies, publishDraft, rollbackToVersion, updateDraft } from "@/server/policies/versions";
import { ZSuggestionsDraft, ZSuggestionsQuery } from "@/server/advisor/advisor.types";
import { draftFromSuggestions } from "@/server/advisor/draft";
import { bufferSuggestions } from "@/server/advisor/suggestions";
import { createTRPCRouter, protectedProcedure, replicaProcedure, roleProcedure } from "../../trpc";

const editor = roleProcedure(...CAN.edit_policies);
const ZDraftId = z.object({ id: z.string().min(1).max(100) });

export const policiesRouter = createTRPCRouter({
  list: protectedProcedure.query(() => listPolicies()),
  draft: protectedProcedure.input(ZDraftId).query(({ input }) => getDraft(input.id)),
  findings: protectedProcedure
    .input(z.object({ draftId: z.string().min(1).max(100).optional(), version: z.number().int().min(1).optional() }))
    .query(({ input }) => analyzeStoredRules(input)),
  diff: protectedProcedure.input(z.object({ from: z.number().int(), to: z.number().int() })).query(async ({ input }) => {
    const diff = await diffVersions(input.from, input.to);
    if (!diff) throw new AppError("not_found", `Version ${input.from} or ${input.to} does not exist.`);
    return diff;
  }),
  preview: protectedProcedure
    .input(ZDraftId.extend({ limit: z.number().int().min(0).max(5_000).default(200) }))
    .query(({ input }) => previewDraft(input.id, { limit: input.limit })),
  explain: protectedProcedure
    .input(z.object({ sku: ZCode, channel: ZCode, draftId: z.string().min(1).optional() }))
    .query(({ input }) => explainSkuChannel(input)),
  suggestions: replicaProcedure.input(ZSuggestionsQuery).query(({ input }) => bufferSuggestions(input)),
  draftFromSuggestions: editor.input(ZSuggestionsDraft).mutation(({ input, ctx }) => draftFromSuggestions(input, ctx.user.email)),
  createDraft: editor.input(ZCreateDraft).mutation(({ input, ctx }) => createDraft(input, ctx.user.email)),
  updateDraft: editor.input(ZUpdateDraft).mutation(({ input, ctx }) => updateDraft(input, ctx.user.email)),
  discardDraft: editor.input(ZDraftId).mutation(({ input, ctx }) => discardDraft(input.id, ctx.user.email)),
  publish: editor.input(ZDraftId.extend({ reason: ZReason })).mutation(({ input, ctx }) => publishDraft(input.id, input.reason, ctx.user.email)),
  rollback: editor
    .input(z.object({ version: z.number().int().min(1), reason: ZReason }))
    .mutation(({ input, ctx }) => rollbackToVersion(input.version, input.reason, ctx.user.email)),
});
