import { z } from "zod";
import type { TEndpoint } from "@/server/openapi/registry";
import { ZCode } from "@/server/master-data/master-data.types";
import { ZEvent, ZIngestResult } from "./event.types";

export const ingestEndpoints: TEndpoint[] = [
  {
    method: "post",
    path: "/api/v1/events",
    summary: "Send inventory events (the connector contract)",
    description:
      "A JSON array, or NDJSON with Content-Type application/x-ndjson; at most 5,000 events and 5 MB (413 beyond). Processed atomically: 200 means every event was durably stored and answered by eventId (accepted, duplicate, conflict, held or rejected with reasons). A malformed body is kept whole as a dead letter and answered 400. The source is the connector whose key sent it.",
    auth: "connector",
    body: z.array(ZEvent),
    bodyContentTypes: ["application/json", "application/x-ndjson"],
    response: ZIngestResult,
    statuses: { "413": "More than 5,000 events or 5 MB", "415": "Content-Type is neither application/json nor application/x-ndjson" },
  },
  {
    method: "post",
    path: "/api/v1/webhooks/shopify/{connector}",
    summary: "Shopify webhooks (inventory_levels/update, orders/create)",
    description:
      "Verified with X-Shopify-Hmac-Sha256 (the connector's webhook secret), de-duplicated by X-Shopify-Event-Id. inventory_levels/update → channel.quantity.observed (inventory_item_id and location_id resolved through aliases); orders/create → order.created per line item. Unresolvable webhooks are answered 200 and kept as rejected events. Bad HMAC → 401.",
    auth: "hmac",
    params: z.object({ connector: ZCode }),
    body: z.looseObject({}),
    response: ZIngestResult,
  },
];
