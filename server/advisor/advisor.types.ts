// The buffer advisor's contracts (DESIGN.md "Buffer advisor"): one zod schema per contract, shared
// by the REST handlers, the tRPC procedures, the OpenAPI document and the tests.
import { z } from "zod";
import { ZCode } from "@/server/master-data/master-data.types";

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 90;

const ZDays = z.coerce
  .number({ error: "days must be a whole number from 1 to 90" })
  .int("days must be a whole number from 1 to 90")
  .min(1, "days must be a whole number from 1 to 90")
  .max(MAX_DAYS, "days must be a whole number from 1 to 90");

export const ZSuggestionsQuery = z.strictObject({
  channel: ZCode.optional().describe("a channel code: that channel only (still one item under `items`)"),
  days: ZDays.default(DEFAULT_DAYS).describe("the range: from UTC midnight `days` days ago until now (1–90, default 30)"),
});
export type TSuggestionsQuery = z.input<typeof ZSuggestionsQuery>;

export const ZSuggestionsDraft = z.strictObject({
  channels: z
    .array(ZCode, { error: "channels must be a list of channel codes" })
    .min(1, "name at least one channel")
    .max(100)
    .describe("the channels whose channel-scoped safety buffer is set to its recommendation"),
  note: z.string().trim().max(200).optional().describe("your words, put before the advisor's note on where the numbers came from"),
  days: ZDays.default(DEFAULT_DAYS).describe("the range the recommendations come from (as in GET …/suggestions)"),
});
export type TSuggestionsDraft = z.input<typeof ZSuggestionsDraft>;

const ZPoint = z.object({
  units: z.number().int().describe("the buffer b"),
  oversellsAvoided: z.number().int().describe("orders that oversold (pool ATP just before < q) and that the channel would have refused (e − b < q)"),
  ordersAffected: z.number().int().describe("orders that were fine (pool ATP just before ≥ q) but that the channel would have refused (e − b < q): lost"),
  unitWithheldHours: z.number().describe("min(b, e) × the hours each exposure stood, summed over the channel's SKUs in the range"),
});
export type TCurvePoint = z.infer<typeof ZPoint>;

export const ZSuggestion = z.object({
  channel: z.string(),
  name: z.string().nullable(),
  velocityP90PerHour: z
    .number()
    .nullable()
    .describe("90th percentile over the SKUs ordered in the range of units ordered per hour while in stock (the channel showed more than 0; at least an hour); null: no orders"),
  latencyP95Seconds: z.number().nullable().describe("95th percentile of the channel's sync latency in the range (as GET /api/v1/kpis); null: no samples"),
  current: z
    .object({ units: z.number().int().optional(), percent: z.number().optional() })
    .describe("the current version's safety buffer scoped to this channel alone ({} when there is none)"),
  curve: z.array(ZPoint).describe("buffers 0, 1, 2, … up to at least 2 × recommended (and 10); empty when no order in the range can be backtested"),
  recommended: ZPoint.describe("the smallest buffer that avoids ≥ 90 % of the oversells the largest one on the curve avoids (0 when none oversold)"),
  orders: z.number().int().describe("orders the channel took in the range"),
  oversells: z.number().int().describe("of them, orders that oversold"),
  untestedOrders: z.number().int().describe("orders taken before the channel had shown the SKU at all: no exposure to backtest, so not on the curve"),
  isCurrentEnough: z.boolean().describe("the current buffer is already enough: nothing in the range needed a buffer, or the current one is at least the recommended units"),
});
export type TSuggestion = z.infer<typeof ZSuggestion>;

export const ZSuggestionsOut = z.object({
  from: z.string().describe("start of the range (UTC midnight)"),
  to: z.string().describe("end of the range (now)"),
  days: z.number().int(),
  items: z.array(ZSuggestion).describe("one per channel, by code (one when `channel` is given)"),
  nextCursor: z.null().describe("always null: every channel is on one page"),
  pendingEvents: z.number().int().describe("events stored but not rolled up yet: the backtest follows within seconds"),
});
export type TSuggestionsOut = z.infer<typeof ZSuggestionsOut>;
