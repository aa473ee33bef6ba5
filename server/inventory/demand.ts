// Demand is counted once per order (DESIGN.md "How state is derived"): when an order.created and a
// reservation.created name the same orderRef for the same SKU × location, whichever arrives second
// moves only what exceeds the first. Their closes pair the same way (an OMS cancels, the ERP
// releases): the second moves only what exceeds the first. Events without an orderRef always count.
import type { TEventType } from "@/server/ingest/event-log";

/** Units each kind of event has counted for one order line (orderRef × SKU × location). */
export type TDemandLine = { ordered: number; reserved: number; cancelled: number; released: number; picked: number };

export function emptyDemandLine(): TDemandLine {
  return { ordered: 0, reserved: 0, cancelled: 0, released: 0, picked: 0 };
}

/** `reserved`: what the event moves on the book's reserved (negative for a close); `isUnknownOrder`: a close with nothing open. */
export type TDemandStep = { reserved: number; isUnknownOrder: boolean };

const FIELD: Partial<Record<TEventType, keyof TDemandLine>> = {
  "order.created": "ordered",
  "reservation.created": "reserved",
  "order.cancelled": "cancelled",
  "reservation.released": "released",
  "pick.confirmed": "picked",
};

export function isOrderLineType(type: TEventType): boolean {
  return FIELD[type] !== undefined;
}

/**
 * Applies one event of an order line to its sums (in place) and says what it moves on reserved.
 * A pick only counts (it moves reserved → allocated by its own quantity); null for other types.
 */
export function demandStep(line: TDemandLine, type: TEventType, quantity: number): TDemandStep | null {
  const field = FIELD[type];
  if (!field) return null;
  const q = Math.max(0, quantity);
  const opened = Math.max(line.ordered, line.reserved);
  const closed = Math.max(line.cancelled, line.released);
  if (field === "picked") {
    line.picked += q;
    return null;
  }
  if (field === "ordered" || field === "reserved") {
    line[field] += q;
    return { reserved: Math.max(line.ordered, line.reserved) - opened, isUnknownOrder: false };
  }
  const after = Math.max(field === "cancelled" ? line.cancelled + q : line.cancelled, field === "released" ? line.released + q : line.released);
  const change = after - closed;
  // The second of a pair (the OMS cancelled, the ERP releases the same units): counted, moves nothing.
  if (change === 0) {
    line[field] += q;
    return { reserved: 0, isUnknownOrder: false };
  }
  // Nothing open for this order line: recorded, changes nothing (a reservation conflict).
  if (opened - closed - line.picked <= 0) return { reserved: 0, isUnknownOrder: true };
  line[field] += q;
  return { reserved: -change, isUnknownOrder: false };
}
