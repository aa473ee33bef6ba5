// The KPI contracts (DESIGN.md "KPIs", "Contract details → KPIs"): one zod schema per contract,
// shared by GET /api/v1/kpis, the tRPC procedures, the OpenAPI document and the tests.
import { z } from "zod";
import { ZCode } from "@/server/master-data/master-data.types";

const ZIsoDateTime = z.iso.datetime({ offset: true, error: "must be an ISO-8601 date-time with Z or an offset, e.g. 2026-03-01T00:00:00Z" });

export const ZKpiQuery = z.object({
  from: ZIsoDateTime.optional().describe("start of the range (default: 24 h before `to`); widened down to the whole hour"),
  to: ZIsoDateTime.optional().describe("end of the range, exclusive (default: now); widened up to the whole hour"),
  channel: ZCode.optional().describe("a channel code: every figure is for that channel only"),
});
export type TKpiQuery = z.infer<typeof ZKpiQuery>;

const rate = z.number().min(0).max(1).nullable();

export const ZKpiFigures = z.object({
  oversellRate: rate.describe("orders accepted while the pool's ATP just before was below the ordered quantity ÷ orders"),
  syncLatencyP50Seconds: z.number().nullable().describe("median seconds from an ATP-changing event to the channel's next publish of that SKU"),
  syncLatencyP95Seconds: z.number().nullable().describe("95th percentile of the same"),
  staleFeedMinutes: z.number().nullable().describe("minutes the channel feed went longer than its freshness SLO without an update (summed over channels)"),
  exceptionsOpened: z.number().int().describe("exception groups opened or reopened in the range"),
  exceptionsResolved: z.number().int().describe("exception groups resolved in the range (by a person or by themselves)"),
  mttrMinutes: z.number().nullable().describe("mean minutes from opening to resolution, of those resolved in the range"),
  accuracy: rate.describe("share of SKU × channel rows with |exposed − target| ≤ the tolerance, sampled hourly"),
  duplicateRate: rate.describe("duplicates ÷ events received"),
  deadLetterRate: rate.describe("rejected (dead-lettered) events ÷ events received"),
  eventsIngested: z.number().int().describe("events received (every answer: accepted, duplicate, conflict, held, rejected)"),
  orders: z.number().int().describe("orders (order.created) the oversell rate is of"),
  oversoldOrders: z.number().int(),
  latencySamples: z.number().int().describe("event × channel pairs the latency percentiles are of"),
  driftUnits: z.number().nullable().describe("Σ |exposed − target| over SKU × channel rows, averaged over the hourly samples"),
  orderFalloutRate: rate.describe("orders cancelled for a reason other than `customer`, or left unallocated past the channel's SLO, ÷ orders created in the range"),
  stockCancellationRate: rate.describe("orders cancelled `out_of_stock` ÷ orders created in the range"),
  ackDelayP95Seconds: z.number().nullable().describe("95th percentile of seconds from a partner message sent (in the range) to its first acknowledgement"),
  reconciliationVarianceRate: rate.describe("variance lines ÷ lines of the latest reconciliation run finished in the range (per channel: of its channel lines)"),
  reconciliationBacklog: z.number().int().nullable().describe("lines of that run in variance for 2 runs in a row or more"),
});
export type TKpiFigures = z.infer<typeof ZKpiFigures>;

export const ZKpiResponse = ZKpiFigures.extend({
  from: z.string().describe("the range actually covered (whole hours, UTC)"),
  to: z.string(),
  channel: z.string().nullable(),
  byChannel: z.record(z.string(), ZKpiFigures).describe("the same figures per channel code (only the filtered channel when `channel` is given)"),
});
export type TKpiResponse = z.infer<typeof ZKpiResponse>;

/** The dashboard's preset ranges, ending now; "custom" takes from and to. */
export const RANGES = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000, "90d": 90 * 86_400_000 } as const;
export type TRangePreset = keyof typeof RANGES;
export const ZDashboardInput = ZKpiQuery.extend({ range: z.enum(["24h", "7d", "30d", "90d", "custom"]).default("24h") });
export type TDashboardInput = z.input<typeof ZDashboardInput>;

/** A preset becomes "the last N ending now" on the server, so the dashboard's query key stays stable while time moves. */
export function queryOfDashboard(input: z.output<typeof ZDashboardInput>, now = new Date()): TKpiQuery {
  if (input.range === "custom") return { from: input.from, to: input.to, channel: input.channel };
  return { from: new Date(now.getTime() - RANGES[input.range]).toISOString(), to: now.toISOString(), channel: input.channel };
}
