import { z } from "zod";
import { ZCode } from "@/server/master-data/master-data.types";

export const RULE_KINDS = ["safety_buffer", "holdback", "allocation", "sell_limit", "outage_fallback"] as const;
export const ZRuleKind = z.enum(RULE_KINDS);
export type TRuleKind = z.infer<typeof ZRuleKind>;

export const RULE_KIND_LABEL: Record<TRuleKind, string> = {
  safety_buffer: "Safety buffer",
  holdback: "Holdback",
  allocation: "Allocation",
  sell_limit: "Sell limit",
  outage_fallback: "Outage fallback",
};

export const ZPolicyScope = z.strictObject({
  channel: ZCode.optional(),
  sku: ZCode.optional(),
  location: ZCode.optional(),
});
export type TPolicyScope = z.infer<typeof ZPolicyScope>;

const ZUnits = z.number({ error: "units must be a whole number" }).int("units must be a whole number").min(0, "units must be 0 or more").max(1_000_000_000);
const ZPercent = z.number({ error: "percent must be a number" }).min(0, "percent must be between 0 and 100").max(100, "percent must be between 0 and 100");

/** One policy rule, as stored in versions and drafts and sent by the API (DESIGN.md "Policy rules"). */
export const ZPolicyRule = z
  .strictObject({
    kind: ZRuleKind,
    scope: ZPolicyScope.default({}),
    units: ZUnits.optional(),
    percent: ZPercent.optional(),
    mode: z.enum(["zero", "percent"]).optional(),
  })
  .superRefine((rule, ctx) => {
    const issue = (message: string, path: string) => ctx.addIssue({ code: "custom", message, path: [path] });
    const hasUnits = rule.units !== undefined;
    const hasPercent = rule.percent !== undefined;
    switch (rule.kind) {
      case "safety_buffer":
        if (hasUnits === hasPercent) issue("a safety buffer takes either units or percent", hasUnits ? "percent" : "units");
        break;
      case "holdback":
        if (hasUnits === hasPercent) issue("a holdback takes either units or percent of the pool", hasUnits ? "percent" : "units");
        if (!rule.scope.channel) issue("a holdback is kept for a channel: name it in scope.channel", "scope");
        break;
      case "allocation":
        if (!hasPercent) issue("an allocation takes the percent of the pool the channel may use", "percent");
        if (hasUnits) issue("an allocation is a percent, not units", "units");
        break;
      case "sell_limit":
        if (!hasUnits) issue("a sell limit takes a units cap", "units");
        if (hasPercent) issue("a sell limit is a units cap, not a percent", "percent");
        break;
      case "outage_fallback":
        if (!rule.mode) issue("an outage fallback takes mode zero or percent", "mode");
        if (rule.mode === "percent" && !hasPercent) issue("mode percent needs a percent", "percent");
        if (rule.mode === "zero" && hasPercent) issue("mode zero takes no percent", "percent");
        if (hasUnits) issue("an outage fallback takes no units", "units");
        break;
    }
    if (rule.kind !== "outage_fallback" && rule.mode !== undefined) issue("only an outage fallback has a mode", "mode");
    // Only safety buffers act per location (step 1); the other kinds act on a channel's whole pool.
    if (rule.scope.location && rule.kind !== "safety_buffer") issue(`a ${rule.kind.replace("_", " ")} applies to a channel's whole pool: remove scope.location`, "scope");
  });
export type TPolicyRule = z.infer<typeof ZPolicyRule>;

export function scopeKey(scope: TPolicyScope) {
  return `${scope.channel ?? ""}|${scope.sku ?? ""}|${scope.location ?? ""}`;
}

export const ZPolicyRules = z
  .array(ZPolicyRule)
  .max(10_000)
  .superRefine((rules, ctx) => {
    const seen = new Map<string, number>();
    rules.forEach((r, i) => {
      const key = `${r.kind}|${scopeKey(r.scope)}`;
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: [i, "scope"], message: `rule ${first + 1} already is a ${r.kind} with this scope: edit that one instead` });
      else seen.set(key, i);
    });
  });

export const ZReason = z.string({ error: "a reason is required" }).trim().min(3, "say why in a few words (at least 3 characters)").max(500);

export const ZCreateDraft = z.strictObject({
  rules: ZPolicyRules.optional(),
  note: z.string().trim().max(500).default(""),
});
export type TCreateDraft = z.input<typeof ZCreateDraft>;

export const ZUpdateDraft = z.strictObject({ id: z.string().min(1), rules: ZPolicyRules, note: z.string().trim().max(500).optional() });
export const ZPublish = z.strictObject({ reason: ZReason });
export const ZRollback = z.strictObject({ reason: ZReason });

// Responses (one schema per contract: REST, tRPC and OpenAPI share them)
const ZRuleOut = z.object({
  kind: ZRuleKind,
  scope: z.object({ channel: z.string().optional(), sku: z.string().optional(), location: z.string().optional() }),
  units: z.number().optional(),
  percent: z.number().optional(),
  mode: z.enum(["zero", "percent"]).optional(),
});
export const ZVersionOut = z.object({ version: z.number().int(), publishedAt: z.date(), reason: z.string(), by: z.string(), rules: z.array(ZRuleOut), rollbackOf: z.number().int().nullable() });
export const ZDraftOut = z.object({ id: z.string(), note: z.string(), rules: z.array(ZRuleOut), basedOn: z.number().int().nullable(), createdBy: z.string(), updatedAt: z.date() });
export const ZPoliciesOut = z.object({ current: z.number().int().nullable(), versions: z.array(ZVersionOut), drafts: z.array(ZDraftOut) });
export const ZDraftCreated = z.object({ id: z.string(), rules: z.array(ZRuleOut), note: z.string() });
export const ZPublishOut = z.object({ version: z.number().int(), publishedAt: z.date() });
export const ZRollbackOut = z.object({ version: z.number().int() });
export const ZPreviewOut = z.object({
  changes: z.array(z.object({ sku: z.string(), channel: z.string(), targetBefore: z.number().int(), targetAfter: z.number().int() })),
  totals: z.record(z.string(), z.object({ changed: z.number().int(), unitsBefore: z.number().int(), unitsAfter: z.number().int() })),
  changedCount: z.number().int(),
  truncated: z.boolean(),
});
export type TPreviewOut = z.infer<typeof ZPreviewOut>;

export const POLICY_BODY_MAX_BYTES = 2 * 1024 * 1024;
export const ZPreviewQuery = z.strictObject({
  limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(0).optional(),
});
