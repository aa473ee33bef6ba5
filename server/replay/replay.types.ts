// The replay contracts (DESIGN.md "Replay", "Contract details → Replay"): one zod schema per
// contract, shared by the REST handlers, the tRPC procedures and the tests.
import { z } from "zod";
import { BALANCE_FIELDS } from "@/server/ingest/event-log";
import { ZCode } from "@/server/master-data/master-data.types";

/** An event log id (`id` in GET /api/v1/events): a positive integer, as a number or a string. */
export const ZEventPk = z.union([z.number().int().positive(), z.string().regex(/^[1-9]\d{0,18}$/, "must be an event log id (digits)")]).transform(String);

export const MAX_PLAN_EVENTS = 250_000;

/** What to replay: every field narrows the selection (AND); none at all means every held and rejected event. */
export const ZReplaySelector = z.strictObject({
  /** an exception group: a rejected_event group's dead letters, a sequence_gap group's held events */
  exceptionId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  eventIds: z.array(ZEventPk).min(1).max(MAX_PLAN_EVENTS).optional(),
  status: z.enum(["rejected", "held"]).optional(),
  connector: ZCode.optional(),
  /** a SKU code: events resolved to it, or naming it (an unknown code) in their payload */
  sku: z.string().min(1).max(64).optional(),
});
export type TReplaySelector = z.infer<typeof ZReplaySelector>;

export const ZCreatePlan = z.strictObject({ selector: ZReplaySelector.default({}) });

export const ZReplayReason = z.strictObject({
  reason: z.string({ error: "reason is required: say why you are replaying these events" }).trim().min(1, "reason is required: say why you are replaying these events").max(1000),
});

export const EFFECT_FIELDS = [...BALANCE_FIELDS, "target"] as const;
export type TEffectField = (typeof EFFECT_FIELDS)[number];

/** One changed number: a book field per SKU × location, or a target per SKU × channel. */
export const ZEffect = z.object({
  sku: z.string(),
  location: z.string().optional(),
  channel: z.string().optional(),
  field: z.enum(EFFECT_FIELDS),
  before: z.number().int(),
  after: z.number().int(),
});
export type TEffect = z.infer<typeof ZEffect>;

export const PLAN_STATUSES = ["planned", "applying", "applied", "cancelled", "failed"] as const;
export type TPlanStatus = (typeof PLAN_STATUSES)[number];

const ZReason = z.object({ code: z.string(), field: z.string().optional(), message: z.string(), value: z.string().optional() });
/** An event the preview calls out: still failing (with its reasons) or stale (before a snapshot). */
export const ZPlanEvent = z.object({
  id: z.string(),
  connector: z.string(),
  eventId: z.string().nullable(),
  type: z.string().nullable(),
  sku: z.string().nullable(),
  location: z.string().nullable(),
  occurredAt: z.string().nullable(),
  reasons: z.array(ZReason).optional(),
});
export type TPlanEvent = z.infer<typeof ZPlanEvent>;

/** What the preview shows besides the contract's counts and effects (stored in replay_plan.preview). */
export type TPlanPreview = { failing: TPlanEvent[]; stale: TPlanEvent[]; alsoReleased: number; releasedBy: "replay" | "operator" };

export const ZApplyResult = z.object({
  applied: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
});
export type TApplyCounts = z.infer<typeof ZApplyResult>;

/** The stored result of an apply (replay_plan.result): counts so far, and what is worth showing. */
export type TApplyResult = TApplyCounts & { stale: number; alsoReleased: number; failing: TPlanEvent[]; auditId?: string; cancelledBy?: string };

/** POST /api/v1/replays answers this (contract fields first); GET /api/v1/replays/{id} too. */
export const ZReplayPlan = z.object({
  id: z.string(),
  events: z.number().int().describe("how many events the selector matched"),
  wouldApply: z.number().int(),
  wouldSkip: z.number().int().describe("already accepted: applying again would count them twice"),
  wouldFail: z.number().int().describe("still not valid: see `failing` for their reasons"),
  effects: z.array(ZEffect),
  status: z.enum(PLAN_STATUSES),
  stale: z.number().int().describe("events at or before the latest authoritative snapshot of their position: accepted, but the fields that snapshot reported are not changed (they already include them)"),
  alsoReleased: z.number().int().describe("held events behind a gap these events fill, released with them"),
  failing: z.array(ZPlanEvent).describe("the first 100 still-failing events"),
  staleEvents: z.array(ZPlanEvent).describe("the first 100 stale events"),
  selector: ZReplaySelector,
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  progress: z.number().int().describe("events processed so far by an apply"),
  reason: z.string().nullable(),
  appliedAt: z.iso.datetime().nullable(),
  appliedBy: z.string().nullable(),
  result: ZApplyResult.extend({ stale: z.number().int(), alsoReleased: z.number().int(), auditId: z.string().nullable().describe("the audit entry of the apply (or of the cancel)") }).nullable(),
  error: z.string().nullable(),
});
export type TReplayPlanContract = z.infer<typeof ZReplayPlan>;

/** POST /api/v1/replays/{id}/apply: the counts; a large plan answers 202 while it applies in the background. */
export const ZApplyResponse = ZApplyResult.extend({
  id: z.string(),
  status: z.enum(PLAN_STATUSES),
  progress: z.number().int(),
  events: z.number().int(),
  auditId: z.string().nullable(),
});
export type TApplyResponse = z.infer<typeof ZApplyResponse>;

export const ZPlanListQuery = z.object({
  status: z.enum(PLAN_STATUSES).optional(),
  limit: z.coerce
    .number()
    .int()
    .default(50)
    .transform((n) => Math.min(Math.max(n, 1), 500)),
  cursor: z.string().max(100).optional(),
});
export type TPlanListQuery = z.infer<typeof ZPlanListQuery>;

export const ZPlanId = z.string().regex(/^rp_[A-Za-z0-9_-]{6,40}$/, "not a replay plan id");

export const REPLAY_BODY_MAX_BYTES = 8 * 1024 * 1024;
