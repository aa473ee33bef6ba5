import type { TEndpoint } from "@/server/openapi/registry";
import { ZKpiQuery, ZKpiResponse } from "./kpis.types";

export const kpiEndpoints: TEndpoint[] = [
  {
    method: "get",
    path: "/api/v1/kpis",
    summary: "Executive KPIs for a time range, overall and per channel",
    description:
      "Rates are fractions 0–1 and a figure without data is null. Oversell: orders accepted while the pool's ATP (the channel's eligible locations) just before the order was below the ordered quantity ÷ orders. Sync latency: seconds on occurredAt from an ATP-changing event (snapshots excluded) to the channel's next publish or observation of that SKU. Duplicate and dead-letter rates are of events received. Exceptions count openings and resolutions in the range; MTTR is of those resolved in it. Accuracy: share of SKU × channel rows with |exposed − target| within the tolerance (default 0). Figures are kept per hour: from is widened down and to up to whole hours (UTC), and the response says which range it covers. Default range: the last 24 h; at most 366 days.",
    auth: "user",
    query: ZKpiQuery,
    response: ZKpiResponse,
  },
];
