import { z } from "zod";
import { ZCode, ZUpc } from "@/server/master-data/master-data.types";
import { ACK_RESULTS, BALANCE_FIELDS, CANCEL_REASONS, CHANNEL_TYPES, DISPOSITIONS, EVENT_TYPES, MESSAGE_TYPES, type TEventType, type TReasonCode } from "./event-log";

// ISO-8601 with an explicit zone: Z or ±hh:mm (DESIGN.md).
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
const MAX_UNITS = 1_000_000_000;

const ZUnits = z.number().int().min(0).max(MAX_UNITS);
const ZText = z.string().max(200);

const NO_LOCATION: readonly TEventType[] = [...CHANNEL_TYPES, "heartbeat"];
const NEEDS_CHANNEL: readonly TEventType[] = [...CHANNEL_TYPES, "order.created", "order.cancelled"];
const NO_QUANTITY: readonly TEventType[] = ["stock.adjusted", "balance.snapshot", "heartbeat", "channel.push.failed"];
const IS_MESSAGE: readonly TEventType[] = MESSAGE_TYPES;
const ZERO_QUANTITY_OK: readonly TEventType[] = ["channel.quantity.published", "channel.quantity.observed"];

function flag(ctx: z.RefinementCtx, reason: TReasonCode, field: string, message: string) {
  ctx.addIssue({ code: "custom", path: [field], message, params: { reason } });
}

/** One event of the connector contract. The per-type rules run once the fields have their types. */
export const ZEvent = z
  .looseObject({
    eventId: z.string().min(1).max(200),
    type: z.enum(EVENT_TYPES),
    occurredAt: z.string().regex(ISO_WITH_ZONE, "ISO-8601 with Z or a ±hh:mm offset, e.g. 2026-05-01T12:00:00Z"),
    sku: ZCode.optional(),
    upc: ZUpc.optional(),
    location: ZCode.optional(),
    toLocation: ZCode.optional(),
    channel: ZCode.optional(),
    quantity: ZUnits.optional(),
    delta: z.number().int().min(-MAX_UNITS).max(MAX_UNITS).optional(),
    disposition: z.enum(DISPOSITIONS).optional(),
    balances: z.strictObject(Object.fromEntries(BALANCE_FIELDS.map((f) => [f, ZUnits.optional()])) as Record<(typeof BALANCE_FIELDS)[number], z.ZodOptional<typeof ZUnits>>).optional(),
    sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    correlationId: ZText.optional(),
    orderRef: ZText.optional(),
    reason: z.string().max(1000).optional(),
    /** order.created: when the order must have shipped */
    promisedShipBy: z.string().max(40).optional(),
    /** message.*: the partner message (unique per connector), its document type, when its acknowledgement is due, what it said */
    messageRef: ZText.min(1).optional(),
    documentType: z.string().min(1).max(40).optional(),
    ackDueSeconds: z.number().int().min(1).max(90 * 86_400).optional(),
    result: z.string().max(40).optional(),
    errors: z.array(z.string().max(1000)).max(1000).optional(),
  })
  .superRefine((e, ctx) => {
    if (Number.isNaN(Date.parse(e.occurredAt))) flag(ctx, "bad_timestamp", "occurredAt", `${e.occurredAt} is not a real date and time`);
    if (e.promisedShipBy !== undefined && (!ISO_WITH_ZONE.test(e.promisedShipBy) || Number.isNaN(Date.parse(e.promisedShipBy)))) {
      flag(ctx, "bad_timestamp", "promisedShipBy", "promisedShipBy is ISO-8601 with Z or a ±hh:mm offset, e.g. 2026-05-03T17:00:00Z");
    }
    if (e.type === "order.cancelled" && e.reason !== undefined && !(CANCEL_REASONS as readonly string[]).includes(e.reason)) {
      flag(ctx, "invalid_field", "reason", `an order.cancelled reason is one of ${CANCEL_REASONS.join(", ")}`);
    }
    if (IS_MESSAGE.includes(e.type)) {
      if (e.messageRef === undefined) flag(ctx, "missing_field", "messageRef", `${e.type} needs messageRef (the partner message it is about, unique per connector)`);
      if (e.type === "message.sent" && e.documentType === undefined) flag(ctx, "missing_field", "documentType", "message.sent needs documentType (e.g. 846, 856, 855)");
      if (e.type === "message.acknowledged") {
        if (e.result === undefined) flag(ctx, "missing_field", "result", `message.acknowledged needs result: ${ACK_RESULTS.join(", ")}`);
        else if (!(ACK_RESULTS as readonly string[]).includes(e.result)) flag(ctx, "invalid_field", "result", `result is one of ${ACK_RESULTS.join(", ")}`);
      }
      return;
    }
    if (e.type === "heartbeat") return;
    if (e.sku === undefined && e.upc === undefined) flag(ctx, "missing_field", "sku", `${e.type} needs sku (or upc)`);
    if (!NO_LOCATION.includes(e.type) && e.location === undefined) flag(ctx, "missing_field", "location", `${e.type} needs location (orders and reservations name the fulfilling one)`);
    if (NEEDS_CHANNEL.includes(e.type) && e.channel === undefined) flag(ctx, "missing_field", "channel", `${e.type} needs channel`);
    if (!NO_QUANTITY.includes(e.type)) {
      if (e.quantity === undefined) flag(ctx, "missing_field", "quantity", `${e.type} needs quantity`);
      else if (e.quantity < 1 && !ZERO_QUANTITY_OK.includes(e.type)) flag(ctx, "bad_quantity", "quantity", "quantity must be a positive integer");
    }
    if (e.type === "stock.adjusted") {
      if (e.delta === undefined) flag(ctx, "missing_field", "delta", "stock.adjusted carries a signed non-zero integer delta");
      else if (e.delta === 0) flag(ctx, "bad_quantity", "delta", "delta must not be 0");
    }
    if (e.type === "return.received" && e.disposition === undefined) flag(ctx, "missing_field", "disposition", `disposition is one of ${DISPOSITIONS.join(", ")}`);
    if (e.type === "balance.snapshot" && (e.balances === undefined || Object.values(e.balances).every((v) => v === undefined))) {
      flag(ctx, "missing_field", "balances", `balances reports at least one of ${BALANCE_FIELDS.join(", ")}`);
    }
    if (e.type === "transfer.shipped" && e.toLocation === undefined) flag(ctx, "missing_field", "toLocation", "transfer.shipped needs toLocation (the destination)");
  });
export type TEvent = z.infer<typeof ZEvent>;

const ZReason = z.object({ code: z.string(), field: z.string(), message: z.string(), value: z.string().optional() });
export const ZIngestResult = z.object({
  received: z.number().int(),
  accepted: z.number().int(),
  duplicate: z.number().int(),
  conflict: z.number().int(),
  held: z.number().int(),
  rejected: z.number().int(),
  results: z.array(
    z.object({
      index: z.number().int(),
      eventId: z.string().nullable(),
      status: z.enum(["accepted", "duplicate", "conflict", "held", "rejected"]),
      reasons: z.array(ZReason).optional(),
    }),
  ),
});
export type TIngestResult = z.infer<typeof ZIngestResult>;

export const MAX_EVENTS_PER_REQUEST = 5_000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
