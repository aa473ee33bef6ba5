// The fields order life and partner messages read from an event besides the book's own
// (DESIGN.md "Orders and partner acknowledgements"), carried to the projection with the event.
import type { TEventType } from "./event-log";

export type TEventDetail = {
  promisedShipBy?: string;
  reason?: string;
  messageRef?: string;
  documentType?: string;
  ackDueSeconds?: number;
  result?: string;
  errors?: string[];
};

type TDetailSource = { type: TEventType | string; promisedShipBy?: unknown; reason?: unknown; messageRef?: unknown; documentType?: unknown; ackDueSeconds?: unknown; result?: unknown; errors?: unknown };

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** What an event carries for order life or a partner message; null for every other type (the usual case). */
export function detailOf(e: TDetailSource): TEventDetail | null {
  switch (e.type) {
    case "order.created":
      return e.promisedShipBy === undefined ? null : { promisedShipBy: str(e.promisedShipBy) };
    case "order.cancelled":
      return e.reason === undefined ? null : { reason: str(e.reason) };
    case "message.sent":
      return { messageRef: str(e.messageRef), documentType: str(e.documentType), ...(typeof e.ackDueSeconds === "number" ? { ackDueSeconds: e.ackDueSeconds } : {}) };
    case "message.acknowledged":
      return { messageRef: str(e.messageRef), result: str(e.result), ...(Array.isArray(e.errors) ? { errors: e.errors.filter((x): x is string => typeof x === "string") } : {}) };
    default:
      return null;
  }
}
