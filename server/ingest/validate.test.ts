import { describe, expect, it } from "vitest";
import { validateEvent } from "./validate";

const now = new Date("2026-06-01T12:00:00Z");
const base = { eventId: "e1", occurredAt: "2026-06-01T11:00:00Z" };

function reasons(raw: unknown) {
  const v = validateEvent(raw, now);
  return v.ok ? [] : v.reasons.map((r) => `${r.code}:${r.field}`);
}

describe("validateEvent", () => {
  it("accepts every well-formed type", () => {
    const good = [
      { ...base, type: "receipt.posted", sku: "A", location: "W", quantity: 5 },
      { ...base, type: "order.created", sku: "A", location: "W", channel: "web", quantity: 1, orderRef: "o1" },
      { ...base, type: "reservation.created", upc: "012345678905", location: "W", quantity: 2 },
      { ...base, type: "stock.adjusted", sku: "A", location: "W", delta: -3 },
      { ...base, type: "return.received", sku: "A", location: "W", quantity: 1, disposition: "damaged" },
      { ...base, type: "transfer.shipped", sku: "A", location: "W", toLocation: "S", quantity: 4 },
      { ...base, type: "balance.snapshot", sku: "A", location: "W", balances: { onHand: 10 } },
      { ...base, type: "channel.quantity.observed", sku: "A", channel: "web", quantity: 0 },
      { ...base, type: "heartbeat" },
      { ...base, type: "receipt.posted", sku: "A", location: "W", quantity: 5, occurredAt: "2026-06-01T13:00:00+02:00", sequence: 3 },
    ];
    for (const g of good) expect(reasons(g), JSON.stringify(g)).toEqual([]);
  });

  it("names each reason with a machine-readable code and field", () => {
    expect(reasons({ ...base, type: "teleport", sku: "A" })).toContain("unknown_type:type");
    expect(reasons({ type: "receipt.posted", occurredAt: base.occurredAt, sku: "A", location: "W", quantity: 1 })).toEqual(["missing_field:eventId"]);
    expect(reasons({ ...base, type: "receipt.posted", location: "W", quantity: 1 })).toEqual(["missing_field:sku"]);
    expect(reasons({ ...base, type: "receipt.posted", sku: "A", quantity: 1 })).toEqual(["missing_field:location"]);
    expect(reasons({ ...base, type: "order.created", sku: "A", location: "W", quantity: 1 })).toEqual(["missing_field:channel"]);
    expect(reasons({ ...base, type: "receipt.posted", sku: "A", location: "W", quantity: 0 })).toEqual(["bad_quantity:quantity"]);
    expect(reasons({ ...base, type: "receipt.posted", sku: "A", location: "W", quantity: 1.5 })).toEqual(["bad_quantity:quantity"]);
    expect(reasons({ ...base, type: "receipt.posted", sku: "A", location: "W", quantity: 1e300 })).toEqual(["bad_quantity:quantity"]);
    expect(reasons({ ...base, type: "receipt.posted", sku: "A", location: "W", quantity: "5" })).toEqual(["bad_quantity:quantity"]);
    expect(reasons({ ...base, type: "stock.adjusted", sku: "A", location: "W", delta: 0 })).toEqual(["bad_quantity:delta"]);
    expect(reasons({ ...base, type: "receipt.posted", sku: "A", location: "W", quantity: 1, occurredAt: "2026-06-01 11:00" })).toEqual(["bad_timestamp:occurredAt"]);
    expect(reasons({ ...base, type: "receipt.posted", sku: "A", location: "W", quantity: 1, occurredAt: "2026-06-01T11:00:00" })).toEqual(["bad_timestamp:occurredAt"]);
    expect(reasons({ ...base, type: "receipt.posted", sku: "A", location: "W", quantity: 1, occurredAt: "2026-13-45T11:00:00Z" })).toEqual(["bad_timestamp:occurredAt"]);
    expect(reasons({ ...base, type: "receipt.posted", sku: "A", location: "W", quantity: 1, occurredAt: "2026-06-01T12:06:00Z" })).toEqual(["future_timestamp:occurredAt"]);
    expect(reasons({ ...base, type: "return.received", sku: "A", location: "W", quantity: 1 })).toEqual(["missing_field:disposition"]);
    expect(reasons({ ...base, type: "balance.snapshot", sku: "A", location: "W", balances: {} })).toEqual(["missing_field:balances"]);
    expect(reasons({ ...base, type: "balance.snapshot", sku: "A", location: "W", balances: { onHand: -1 } })).toEqual(["bad_quantity:balances"]);
    expect(reasons({ ...base, type: "transfer.shipped", sku: "A", location: "W", quantity: 1 })).toEqual(["missing_field:toLocation"]);
    expect(reasons({ ...base, type: "receipt.posted", sku: "has space", location: "W", quantity: 1 })).toEqual(["invalid_field:sku"]);
    expect(reasons("not an object")).toEqual(["invalid_field:(event)"]);
  });

  it("accepts old events of any age and keeps the eventId of a rejected one", () => {
    expect(reasons({ ...base, type: "receipt.posted", sku: "A", location: "W", quantity: 1, occurredAt: "1999-01-01T00:00:00Z" })).toEqual([]);
    const v = validateEvent({ eventId: "kept", type: "nope" }, now);
    expect(v.ok).toBe(false);
    expect(v.eventId).toBe("kept");
  });

  it("treats unicode and injection-looking strings as data, refusing them only by the code rules", () => {
    expect(reasons({ ...base, eventId: "'; drop table event; --", type: "receipt.posted", sku: "A", location: "W", quantity: 1 })).toEqual([]);
    expect(reasons({ ...base, type: "receipt.posted", sku: "Ü🙂", location: "W", quantity: 1 })).toEqual(["invalid_field:sku"]);
  });
});

describe("validateEvent: orders and partner messages", () => {
  it("accepts message events without sku, location or quantity", () => {
    expect(reasons({ ...base, type: "message.sent", messageRef: "4567", documentType: "846" })).toEqual([]);
    expect(reasons({ ...base, type: "message.sent", messageRef: "4567", documentType: "846", ackDueSeconds: 600 })).toEqual([]);
    expect(reasons({ ...base, type: "message.acknowledged", messageRef: "4567", result: "rejected", errors: ["AK5*R*5"] })).toEqual([]);
    expect(reasons({ ...base, type: "order.created", sku: "A", location: "W", channel: "web", quantity: 1, promisedShipBy: "2026-06-02T17:00:00Z" })).toEqual([]);
    expect(reasons({ ...base, type: "order.cancelled", sku: "A", location: "W", channel: "web", quantity: 1, reason: "out_of_stock" })).toEqual([]);
  });

  it("names what a message or an order field lacks", () => {
    expect(reasons({ ...base, type: "message.sent", documentType: "846" })).toEqual(["missing_field:messageRef"]);
    expect(reasons({ ...base, type: "message.sent", messageRef: "1" })).toEqual(["missing_field:documentType"]);
    expect(reasons({ ...base, type: "message.acknowledged", messageRef: "1" })).toEqual(["missing_field:result"]);
    expect(reasons({ ...base, type: "message.acknowledged", messageRef: "1", result: "maybe" })).toEqual(["invalid_field:result"]);
    expect(reasons({ ...base, type: "message.acknowledged", messageRef: "1", result: "accepted", errors: [3] })).toEqual(["invalid_field:errors"]);
    expect(reasons({ ...base, type: "message.sent", messageRef: "1", documentType: "846", ackDueSeconds: 0 })).toEqual(["invalid_field:ackDueSeconds"]);
    expect(reasons({ ...base, type: "order.cancelled", sku: "A", location: "W", channel: "web", quantity: 1, reason: "oversold" })).toEqual(["invalid_field:reason"]);
    expect(reasons({ ...base, type: "order.created", sku: "A", location: "W", channel: "web", quantity: 1, promisedShipBy: "tomorrow" })).toEqual(["bad_timestamp:promisedShipBy"]);
  });
});
