import type { TEndpoint } from "@/server/openapi/registry";
import { ZEventsPage, ZEventsQuery } from "./events.types";

export const eventsReadEndpoints: TEndpoint[] = [
  {
    method: "get",
    path: "/api/v1/events",
    summary: "The event log (the trace): every stored event, newest received first",
    description: "Filter by sku, connector, status, correlationId (or orderRef, type) and page with cursor. reasons is present on rejected events. limit defaults to 50, clamped to 500.",
    auth: "user",
    query: ZEventsQuery,
    response: ZEventsPage,
  },
];
