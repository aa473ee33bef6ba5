// The reconciliation contracts (DESIGN.md "Reconciliation" and its HTTP API rows): one zod schema
// per contract, shared by the REST handlers, the tRPC procedures, the OpenAPI document and the tests.
import { z } from "zod";
import { ZCursor, ZLimit } from "@/server/drift/paging";
import { ZCode } from "@/server/master-data/master-data.types";

export const RUN_STATUSES = ["running", "done", "failed"] as const;
export type TRunStatus = (typeof RUN_STATUSES)[number];
export const RUN_TRIGGERS = ["manual", "schedule"] as const;
export type TRunTrigger = (typeof RUN_TRIGGERS)[number];

/** Stored as a smallint, worst first, so the lines page's one index reads variances first. */
export const LINE_STATUSES = ["variance", "within_tolerance", "match"] as const;
export type TLineStatus = (typeof LINE_STATUSES)[number];
export const LINE_KINDS = ["location", "channel"] as const;
export type TLineKind = (typeof LINE_KINDS)[number];

const codes = (what: string) => z.array(ZCode).min(1, `${what}: name at least one code, or leave it out`).max(10_000);

export const ZRunScope = z.strictObject({
  locations: codes("locations").optional().describe("location lines at these locations only (no channel lines unless channels are named too)"),
  channels: codes("channels").optional().describe("channel lines of these channels only (no location lines unless locations are named too)"),
  skus: codes("skus").optional().describe("these SKUs only"),
});
export type TRunScope = z.infer<typeof ZRunScope>;

export const ZStartRun = z.strictObject({
  scope: ZRunScope.optional(),
  note: z.string().trim().max(1000).optional(),
});
export type TStartRun = z.infer<typeof ZStartRun>;

export const ZStartedRun = z.object({ id: z.number().int(), status: z.literal("running") });

export const ZReconciliationSettings = z.strictObject({
  toleranceUnits: z.number({ error: "toleranceUnits must be a whole number of units" }).int("toleranceUnits must be a whole number of units").min(0).max(1_000_000_000),
  tolerancePercent: z.number({ error: "tolerancePercent must be a number (percent of the book)" }).min(0).max(100),
});
export type TReconciliationSettings = z.infer<typeof ZReconciliationSettings>;
/** PUT may name one field or both; the other keeps its value. */
export const ZReconciliationSettingsChange = ZReconciliationSettings.partial().refine((v) => v.toleranceUnits !== undefined || v.tolerancePercent !== undefined, {
  message: "send toleranceUnits, tolerancePercent or both",
});
export type TReconciliationSettingsChange = z.infer<typeof ZReconciliationSettingsChange>;

export const ZTotals = z.object({
  lines: z.number().int(),
  match: z.number().int(),
  withinTolerance: z.number().int(),
  variance: z.number().int(),
  varianceUnits: z.number().int().describe("Σ spread over the lines in variance"),
  newVariances: z.number().int().describe("lines in variance for the first run in a row"),
  persistent: z.number().int().describe("lines in variance for 2 runs in a row or more"),
});
export type TTotals = z.infer<typeof ZTotals>;

export const ZRun = z.object({
  id: z.number().int(),
  status: z.enum(RUN_STATUSES),
  trigger: z.enum(RUN_TRIGGERS),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  note: z.string().nullable(),
  progress: z.number().min(0).max(1).describe("fraction done, 0–1 (1 once done)"),
  totals: ZTotals.nullable().describe("null until the run is done"),
  scope: ZRunScope,
  startedBy: z.string().nullable().describe("who pressed Run now (null for the schedule)"),
  toleranceUnits: z.number().int().describe("the tolerances this run applied"),
  tolerancePercent: z.number(),
  snapshotAt: z.string().nullable().describe("the instant the run's snapshot describes"),
  previousRunId: z.number().int().nullable().describe("the run of the same scope its lines were aged against"),
  error: z.string().nullable(),
});
export type TRun = z.infer<typeof ZRun>;

export const ZRunDetail = ZRun.extend({
  byLocation: z.record(z.string(), ZTotals).describe("location lines' totals per location code"),
  byChannel: z.record(z.string(), ZTotals).describe("channel lines' totals per channel code"),
  systems: z.array(z.string()).describe("connector codes that appear in this run's location lines"),
  phase: z.string().describe("what a running run is doing"),
});
export type TRunDetail = z.infer<typeof ZRunDetail>;

export const ZRunListQuery = z.object({
  status: z.enum(RUN_STATUSES).optional(),
  limit: ZLimit,
  cursor: ZCursor.optional(),
});
export type TRunListQuery = z.infer<typeof ZRunListQuery>;

export const ZLineFilters = z.object({
  kind: z.enum(LINE_KINDS).optional(),
  status: z.enum(LINE_STATUSES).optional(),
  sku: ZCode.optional().describe("exact SKU code"),
  location: ZCode.optional().describe("location lines at this location"),
  channel: ZCode.optional().describe("channel lines of this channel"),
  minRuns: z.coerce.number({ error: "minRuns must be a whole number" }).int("minRuns must be a whole number").min(0).max(100_000).optional().describe("lines in variance for at least this many runs in a row"),
});
export type TLineFilters = z.infer<typeof ZLineFilters>;

export const ZLinesQuery = ZLineFilters.extend({ limit: ZLimit, cursor: ZCursor.optional() });
export type TLinesQuery = z.infer<typeof ZLinesQuery>;

export const ZLine = z.object({
  kind: z.enum(LINE_KINDS),
  sku: z.string(),
  location: z.string().optional(),
  channel: z.string().optional(),
  systems: z.record(z.string(), z.number().int()).optional().describe("location lines: on hand per connector that reported physical stock there"),
  book: z.number().int().optional().describe("location lines: canonical on hand"),
  target: z.number().int().optional().describe("channel lines"),
  exposed: z.number().int().optional().describe("channel lines"),
  spread: z.number().int().describe("location: max − min over systems and book; channel: |exposed − target|"),
  status: z.enum(LINE_STATUSES),
  runs: z.number().int().describe("runs in a row in variance (1 = new; 0 when not in variance)"),
  since: z.number().int().nullable().describe("the id of the first run of that streak (null when not in variance)"),
  sinceAt: z.string().nullable().describe("when that run started"),
  movedBy: z.string().nullable().describe("which system moved last: a connector code (location lines), or target / exposure (channel lines)"),
  movedAt: z.string().nullable(),
  skuName: z.string().nullable(),
});
export type TLine = z.infer<typeof ZLine>;

export const ZLinesPage = z.object({ items: z.array(ZLine), nextCursor: z.string().nullable() });
export type TLinesPage = z.infer<typeof ZLinesPage>;

/** A run id from the path; anything else is simply not found. */
export const ZRunId = z.coerce.number().int().positive().max(2_147_483_647);
