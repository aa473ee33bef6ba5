// The event log's vocabulary, shared by ingest (which writes it) and by drift, exceptions,
// KPIs and replay (which read it). DESIGN.md "Events: the connector contract" is the spec.

export const EVENT_TYPES = [
  "order.created",
  "order.cancelled",
  "reservation.created",
  "reservation.released",
  "pick.confirmed",
  "shipment.posted",
  "return.received",
  "stock.adjusted",
  "receipt.posted",
  "transfer.shipped",
  "transfer.received",
  "balance.snapshot",
  "channel.quantity.published",
  "channel.quantity.observed",
  "channel.push.failed",
  "heartbeat",
  "message.sent",
  "message.acknowledged",
] as const;
export type TEventType = (typeof EVENT_TYPES)[number];

/** Change the canonical book only from the location's authoritative connector (or any, if none). */
export const PHYSICAL_TYPES = [
  "receipt.posted",
  "pick.confirmed",
  "shipment.posted",
  "return.received",
  "stock.adjusted",
  "transfer.shipped",
  "transfer.received",
  "balance.snapshot",
] as const satisfies readonly TEventType[];

/** Change `reserved` whoever sends them. */
export const DEMAND_TYPES = ["order.created", "order.cancelled", "reservation.created", "reservation.released"] as const satisfies readonly TEventType[];

/** Partner messages and their acknowledgements: no SKU, location or quantity (DESIGN.md "Orders and partner acknowledgements"). */
export const MESSAGE_TYPES = ["message.sent", "message.acknowledged"] as const satisfies readonly TEventType[];
/** What an order.cancelled may give as its `reason`. */
export const CANCEL_REASONS = ["out_of_stock", "customer", "fraud", "other"] as const;
export type TCancelReason = (typeof CANCEL_REASONS)[number];
/** What a message.acknowledged reports. */
export const ACK_RESULTS = ["accepted", "accepted_with_errors", "rejected"] as const;
export type TAckResult = (typeof ACK_RESULTS)[number];

export const CHANNEL_TYPES = ["channel.quantity.published", "channel.quantity.observed", "channel.push.failed"] as const satisfies readonly TEventType[];

/** Every type that changes ATP (sync-latency KPI counts from these; snapshots excluded). */
export const ATP_CHANGING_TYPES = [
  "order.created",
  "order.cancelled",
  "reservation.created",
  "reservation.released",
  "shipment.posted",
  "return.received",
  "stock.adjusted",
  "receipt.posted",
  "transfer.shipped",
  "transfer.received",
] as const satisfies readonly TEventType[];

export const DISPOSITIONS = ["restockable", "refurbishable", "damaged", "quarantine"] as const;
export const BALANCE_FIELDS = ["onHand", "reserved", "allocated", "inTransit", "damaged", "quarantine"] as const;
export type TBalanceField = (typeof BALANCE_FIELDS)[number];

/** Stored in event.status. `duplicate` leaves no row; `conflict` is kept in event_conflict. */
export type TStoredStatus = "accepted" | "held" | "rejected";
/** What a response reports per event. */
export type TIngestStatus = "accepted" | "duplicate" | "conflict" | "held" | "rejected";

export const REASON_CODES = [
  "missing_field",
  "invalid_field",
  "unknown_type",
  "unknown_sku",
  "unknown_location",
  "unknown_channel",
  "bad_quantity",
  "bad_timestamp",
  "future_timestamp",
] as const;
export type TReasonCode = (typeof REASON_CODES)[number];

/** event.reasons is an array of these; `value` is what failed (e.g. the unknown SKU code). */
export type TReason = { code: TReasonCode; field: string; message: string; value?: string };

/** event.flags: what the projection noticed about an accepted event. */
export type TEventFlags = {
  /** reserved would have gone negative, or a release/cancel named an orderRef with nothing open */
  reservationConflict?: "negative_reserved" | "unknown_order";
  /** a movement that occurred before the latest authoritative snapshot: the fields that snapshot reported were not changed */
  beforeSnapshot?: boolean;
  /** a physical event from a connector that is not the location's authority: only its own reported book changed */
  nonAuthoritative?: boolean;
  /** a snapshot older than the one already applied: recorded, not applied */
  staleSnapshot?: boolean;
  /** how a held event was released */
  releasedBy?: "gap_filled" | "operator" | "replay";
};
