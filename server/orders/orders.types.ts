// The orders contracts (DESIGN.md "HTTP API": GET /api/v1/orders), shared by REST, tRPC and tests.
import { z } from "zod";
import { ZCursor, ZLimit } from "@/server/drift/paging";
import { CANCEL_REASONS } from "@/server/ingest/event-log";
import { ZCode } from "@/server/master-data/master-data.types";
import { ORDER_STATES } from "./state";

const ZFlag = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")]);

export const ZOrdersQuery = z.object({
  channel: ZCode.optional(),
  state: z.enum(ORDER_STATES).optional().describe("open means not yet shipped or cancelled (open, reserved or picked); the others match exactly"),
  orderRef: z.string().trim().min(1).max(200).optional().describe("exact order reference"),
  attention: ZFlag.optional().describe("only orders stuck in pending allocation past their channel's SLO, or past their promised ship date"),
  limit: ZLimit,
  cursor: ZCursor.optional(),
});
export type TOrdersQuery = z.infer<typeof ZOrdersQuery>;

const ZIso = z.string().describe("ISO-8601, UTC");

export const ZOrder = z.object({
  channel: z.string(),
  orderRef: z.string(),
  state: z.enum(ORDER_STATES),
  createdAt: ZIso,
  reservedAt: ZIso.optional(),
  pickedAt: ZIso.optional(),
  shippedAt: ZIso.optional(),
  cancelledAt: ZIso.optional(),
  cancelReason: z.enum(CANCEL_REASONS).optional(),
  promisedShipBy: ZIso.optional(),
  units: z.number().int().describe("units ordered (all lines)"),
});
export type TOrderContract = z.infer<typeof ZOrder>;
export const ZOrdersPage = z.object({ items: z.array(ZOrder), nextCursor: z.string().nullable() });

/** What the page shows besides the contract: why an order needs attention, and when it did. */
export type TOrderItem = TOrderContract & {
  /** unallocated: not reserved, picked or cancelled within the channel's SLO; late: past its promised ship date */
  attention: ("unallocated" | "late")[];
  allocationDueAt: string;
  openUnits: number;
  shippedUnits: number;
};
