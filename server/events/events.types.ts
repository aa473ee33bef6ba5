import { z } from "zod";
import { ZCursor, ZLimit } from "@/server/drift/paging";
import { ZCode } from "@/server/master-data/master-data.types";
import type { TEventFlags } from "@/server/ingest/event-log";

export const STORED_STATUSES = ["accepted", "held", "rejected"] as const;

const ZRef = z.string().trim().min(1).max(200);

/** GET /api/v1/events (and events.list over tRPC): the event log, newest received first. */
export const ZEventsQuery = z.object({
  sku: ZCode.optional().describe("exact SKU code (also matches events rejected because that code was unknown)"),
  connector: ZCode.optional(),
  status: z.enum(STORED_STATUSES).optional(),
  correlationId: ZRef.optional(),
  orderRef: ZRef.optional(),
  type: z.string().trim().min(1).max(64).optional(),
  limit: ZLimit,
  cursor: ZCursor.optional(),
});
export type TEventsQuery = z.infer<typeof ZEventsQuery>;

export const ZEventReason = z.object({ code: z.string(), message: z.string(), field: z.string().optional(), value: z.string().optional() });

export const ZEventItem = z.object({
  id: z.number().int().describe("the event log's id (what replays select by)"),
  connector: z.string().describe("the connector whose key sent it"),
  eventId: z.string().nullable(),
  type: z.string().nullable(),
  status: z.enum(STORED_STATUSES).describe("held events released later show as accepted"),
  occurredAt: z.string().nullable(),
  receivedAt: z.string(),
  reasons: z.array(ZEventReason).optional().describe("why it was rejected"),
});
export const ZEventsPage = z.object({ items: z.array(ZEventItem), nextCursor: z.string().nullable() });

export type TEventReason = z.infer<typeof ZEventReason>;

/** An event log row as the UI shows it: the contract fields and the context around them. */
export type TEventRow = z.infer<typeof ZEventItem> & {
  connectorKind: string;
  appliedAt: string | null;
  sku: string | null;
  location: string | null;
  toLocation: string | null;
  channel: string | null;
  quantity: number | null;
  sequence: number | null;
  correlationId: string | null;
  orderRef: string | null;
  flags: TEventFlags | null;
  /** receivedAt − occurredAt */
  lagSeconds: number | null;
};
