import { z } from "zod";
import type { TEndpoint } from "@/server/openapi/registry";
import { ZApplyResponse, ZCreatePlan, ZPlanListQuery, ZReplayPlan, ZReplayReason } from "./replay.types";

const ZPlanSummary = ZReplayPlan.omit({ effects: true, failing: true, staleEvents: true }).extend({ effectCount: z.number().int(), startedAt: z.iso.datetime().nullable() });

export const replayEndpoints: TEndpoint[] = [
  {
    method: "post",
    path: "/api/v1/replays",
    summary: "Preview a replay of held and rejected events (a dry run: nothing changes)",
    description:
      "Every selector field narrows (AND); without eventIds or exceptionId the selection is the held and rejected events. eventIds are the event log's ids (GET /api/v1/events `id`); explicit ids are taken whatever their status (already accepted → wouldSkip). The events run through the real validation, resolution and projection in a transaction that is rolled back: effects are each changed book field per SKU × location (before is 0 for a position that does not exist yet) and each changed target per SKU × channel. `stale` counts events at or before the latest authoritative snapshot of their position: they are accepted, but the fields that snapshot reported are not changed (they already include them). A selector matching nothing gives a plan of 0 events.",
    auth: "user",
    roles: ["ops", "admin"],
    body: ZCreatePlan,
    response: ZReplayPlan,
    statuses: { "404": "The exceptionId names no group" },
  },
  {
    method: "get",
    path: "/api/v1/replays",
    summary: "Replay plans and runs, newest first",
    auth: "user",
    query: ZPlanListQuery,
    response: z.object({ items: z.array(ZPlanSummary), nextCursor: z.string().nullable() }),
  },
  {
    method: "get",
    path: "/api/v1/replays/[id]",
    summary: "One plan: its preview, and once applied its result (a background apply's progress too)",
    auth: "user",
    response: ZReplayPlan,
    statuses: { "404": "No such plan" },
  },
  {
    method: "post",
    path: "/api/v1/replays/[id]/apply",
    summary: "Apply a plan, exactly once",
    description:
      "Runs exactly the plan's events in occurredAt / sequence order through the real reprocessing; already-accepted events are skipped (idempotent). `reason` is required (400 without it). 409 plan_already_applied when applied (or applying) already; 409 plan_stale when a position or target it touches changed since the preview (nothing is applied: preview again). A plan of more events than one chunk (5,000 by default) answers 202 with status `applying` and is applied in the background, chunk by chunk, resuming after a restart: follow it with GET /api/v1/replays/{id}. Audited.",
    auth: "user",
    roles: ["ops", "admin"],
    body: ZReplayReason,
    response: ZApplyResponse,
    statuses: { "202": "Applying in the background", "404": "No such plan", "409": "plan_already_applied, plan_stale, or the plan was cancelled" },
  },
  {
    method: "post",
    path: "/api/v1/replays/[id]/cancel",
    summary: "Discard a planned plan, or stop an applying one after the chunk in flight",
    description: "What an applying plan already applied stays applied (and counted in its result). Audited.",
    auth: "user",
    roles: ["ops", "admin"],
    body: z.object({ reason: z.string().optional() }),
    response: ZApplyResponse,
    statuses: { "404": "No such plan", "409": "The plan is applied, cancelled or failed" },
  },
];
