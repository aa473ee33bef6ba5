import type { TEndpoint } from "@/server/openapi/registry";
import { ZOrdersPage, ZOrdersQuery } from "./orders.types";

export const orderEndpoints: TEndpoint[] = [
  {
    method: "get",
    path: "/api/v1/orders",
    summary: "Orders by state and age, the stuck and late ones first",
    description:
      "Orders per channel × orderRef, from order.created, the reservations, picks and shipments that name them (with or without the channel) and order.cancelled. Stuck in pending allocation past the channel's orderAllocationSloSeconds, or past promisedShipBy, first (oldest first); then the other open ones (oldest first); then shipped and cancelled (newest first). `state=open` means not yet shipped or cancelled. Keyset-paged: limit (default 50, at most 500) and nextCursor.",
    auth: "user",
    query: ZOrdersQuery,
    response: ZOrdersPage,
  },
];
