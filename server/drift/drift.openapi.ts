import type { TEndpoint } from "@/server/openapi/registry";
import { ZInventoryPage, ZInventoryQuery } from "@/server/inventory/queries";
import { ZDriftQuery, ZDriftResponse } from "./drift.types";

export const driftEndpoints: TEndpoint[] = [
  {
    method: "get",
    path: "/api/v1/drift",
    summary: "Drift: channel (exposed − target), system (ERP vs WMS on-hand) or staleness (against each SLO)",
    description:
      "Largest |drift| first; equal |drift| is ordered by SKU code, then channel (or location), so cursors are stable. channel items: {sku, channel, target, exposed, drift, exposedAt}, only where the channel reported an exposure; system items: {sku, location, erpOnHand, wmsOnHand, drift} where an erp and a wms connector both reported; staleness items: {channel, connector, lastUpdateAt, staleSeconds, sloSeconds, isStale}, stale first. limit defaults to 50, clamped to 500.",
    auth: "user",
    query: ZDriftQuery,
    response: ZDriftResponse,
  },
  {
    method: "get",
    path: "/api/v1/inventory",
    summary: "The canonical book per SKU × location",
    description: "Ordered by SKU code then location code; ATP = onHand − reserved − allocated (may be negative). limit defaults to 50, clamped to 500.",
    auth: "user",
    query: ZInventoryQuery,
    response: ZInventoryPage,
  },
];
