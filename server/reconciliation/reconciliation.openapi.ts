import { z } from "zod";
import type { TEndpoint } from "@/server/openapi/registry";
import {
  ZLineFilters,
  ZLinesPage,
  ZLinesQuery,
  ZReconciliationSettings,
  ZReconciliationSettingsChange,
  ZRun,
  ZRunDetail,
  ZRunListQuery,
  ZStartedRun,
  ZStartRun,
} from "./reconciliation.types";

const ZRunIdParams = z.object({ id: z.string().describe("the run's id") });

export const reconciliationEndpoints: TEndpoint[] = [
  {
    method: "post",
    path: "/api/v1/reconciliations",
    summary: "Start a reconciliation run in the background",
    description:
      "A run compares, at one instant (one repeatable-read snapshot; ingest keeps running), every connector's reported on hand per SKU × location with the canonical book (location lines) and each channel's exposure with its target (channel lines), classifies each line with the tolerances in force when it starts (match: spread 0; within_tolerance: spread ≤ max(toleranceUnits, tolerancePercent % of the book, or of the target for channel lines); variance), and ages it against the previous done run of the same scope. `scope` narrows it: `skus` to those SKUs; `locations` to location lines there and `channels` to channel lines of those channels (naming only one of them reconciles only that kind of line). Answers 202 at once; follow `progress` and `status` with GET /api/v1/reconciliations/{id}. One run at a time: 409 run_in_progress while one runs. Unknown codes in the scope are 400. Audited.",
    auth: "user",
    roles: ["ops", "admin"],
    body: ZStartRun,
    response: ZStartedRun,
    statuses: { "202": "Started: {id, status: \"running\"}", "409": "run_in_progress: another run is running" },
  },
  {
    method: "get",
    path: "/api/v1/reconciliations",
    summary: "Reconciliation runs, newest first, with their totals",
    auth: "user",
    query: ZRunListQuery,
    response: z.object({ items: z.array(ZRun), nextCursor: z.string().nullable() }),
  },
  {
    method: "get",
    path: "/api/v1/reconciliations/[id]",
    summary: "One run: its totals, progress, and totals per location and per channel",
    auth: "user",
    params: ZRunIdParams,
    response: ZRunDetail,
    statuses: { "404": "No such run" },
  },
  {
    method: "get",
    path: "/api/v1/reconciliations/[id]/lines",
    summary: "A run's lines, worst first",
    description:
      "Ordered by status (variance, within_tolerance, match), then the widest spread, then the SKU. Filters narrow together: `location` selects location lines at it and `channel` channel lines of it; `minRuns` keeps lines in variance for at least that many runs in a row. A run still running has no lines yet: they appear all at once when it is done.",
    auth: "user",
    params: ZRunIdParams,
    query: ZLinesQuery,
    response: ZLinesPage,
    statuses: { "404": "No such run" },
  },
  {
    method: "get",
    path: "/api/v1/reconciliations/[id]/lines.csv",
    summary: "A run's lines as CSV (the same filters and order as /lines), streamed",
    description: "Columns: kind, sku, location, channel, status, spread, runs, since, since_at, book, one `system:<connector>` column per connector in the run, target, exposed, moved_by, moved_at, sku_name.",
    auth: "user",
    params: ZRunIdParams,
    query: ZLineFilters,
    statuses: { "404": "No such run" },
  },
  {
    method: "get",
    path: "/api/v1/settings/reconciliation",
    summary: "The reconciliation tolerances",
    auth: "user",
    response: ZReconciliationSettings,
  },
  {
    method: "put",
    path: "/api/v1/settings/reconciliation",
    summary: "Change the reconciliation tolerances (from the next run)",
    description: "A line whose spread is ≤ max(toleranceUnits, tolerancePercent % of the book) is within_tolerance. A field left out keeps its value. A run keeps the tolerances it started with. Audited.",
    auth: "user",
    roles: ["admin"],
    body: ZReconciliationSettingsChange,
    response: ZReconciliationSettings,
  },
];
