import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TX12Context } from "./common";
import { x12Instant } from "./common";
import { map846 } from "./map-846";
import { map850 } from "./map-850";
import { map997 } from "./map-997";
import { parseX12, X12Error } from "./parse";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
const ctx: TX12Context = { connectorCode: "edi", channel: "bigbox", defaultLocation: "DC-EAST" };

function only(name: string) {
  const [interchange] = parseX12(fixture(name));
  const group = interchange!.groups[0]!;
  return { interchange: interchange!, group, transaction: group.transactions[0]! };
}

describe("X12 846 → channel.quantity.published per LIN, and a message.sent", () => {
  it("maps a partner's inventory advice exactly", () => {
    const m = map846(only("846-inventory-advice.x12"), ctx);
    const at = "2026-12-05T14:00:00Z";
    expect(m.events).toEqual([
      { eventId: "000004711-0001-1", type: "channel.quantity.published", upc: "012345678905", channel: "bigbox", quantity: 120, occurredAt: at, correlationId: "4711" },
      { eventId: "000004711-0001-2", type: "channel.quantity.published", sku: "EDI-DRILL-18V", channel: "bigbox", quantity: 0, occurredAt: at, correlationId: "4711" },
      // VN is read before BP; QTY*02 (not 33) is not the quantity available
      { eventId: "000004711-0001-3", type: "channel.quantity.published", sku: "EDI-TAPE-48", channel: "bigbox", quantity: 36, occurredAt: at, correlationId: "4711" },
      { eventId: "000004711-0001-4", type: "channel.quantity.published", upc: "099999999993", channel: "bigbox", quantity: 7, occurredAt: at, correlationId: "4711" },
      { eventId: "000004711-0001-5", type: "message.sent", messageRef: "4711", documentType: "846", occurredAt: "2026-12-05T14:05:00Z", correlationId: "4711" },
    ]);
    expect(m.rejections.every((r) => r === undefined)).toBe(true);
  });

  it("rejects every event of a connector that names no channel with invalid_field", () => {
    const m = map846(only("846-inventory-advice.x12"), { ...ctx, channel: null });
    expect(m.events.every((e) => e.channel === undefined)).toBe(true);
    expect(m.rejections.map((r) => r?.[0]?.code)).toEqual(Array(5).fill("invalid_field"));
  });
});

describe("X12 850 → order.created per PO1", () => {
  it("maps a purchase order with its PO number, quantities, channel, default location and ship-by date", () => {
    const m = map850(only("850-purchase-order.x12"), ctx);
    const common = { channel: "bigbox", location: "DC-EAST", orderRef: "PO-4500012345", correlationId: "PO-4500012345", promisedShipBy: "2026-12-10T23:59:59Z", occurredAt: "2026-12-05T09:15:00Z" };
    expect(m.events).toEqual([
      { eventId: "000000977-0001-1", type: "order.created", upc: "012345678905", quantity: 24, ...common },
      { eventId: "000000977-0001-2", type: "order.created", sku: "EDI-DRILL-18V", quantity: 6, ...common },
    ]);
    expect(map850(only("850-purchase-order.x12"), { ...ctx, defaultLocation: null }).rejections[0]).toEqual([expect.objectContaining({ code: "invalid_field", field: "location" })]);
  });
});

describe("X12 997 → message.acknowledged per AK1", () => {
  it("maps an acceptance and a rejection with its errors", () => {
    expect(map997(only("997-accepted.x12")).events).toEqual([
      { eventId: "000000978-0001-1", type: "message.acknowledged", messageRef: "4711", correlationId: "4711", result: "accepted", occurredAt: "2026-12-05T14:20:00Z" },
    ]);
    const rejected = map997(only("997-rejected.x12")).events;
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ eventId: "000000979-0001-1", messageRef: "4711", result: "rejected", occurredAt: "2026-12-05T15:35:00Z" });
    expect(rejected[0]!.errors).toEqual([
      "846 0001: segment LIN at position 13 has an error (code 8)",
      '846 0001: element 3 (234) has an error (code 7): "099999999993"',
      "846 0001: rejected — one or more segments in error",
      "group rejected: 1 received, 0 accepted",
    ]);
  });
});

describe("X12 envelopes and dates", () => {
  it("reads separators from the ISA segment", () => {
    const piped = fixture("997-accepted.x12").replaceAll("*", "|").replaceAll("~\n", "\n");
    const [ic] = parseX12(piped);
    expect(ic!.groups[0]!.transactions[0]!.segments[0]).toEqual({ tag: "AK1", elements: ["IB", "4711"] });
  });

  it("refuses a missing IEA, GE or SE, and wrong counts or control numbers", () => {
    const body = fixture("846-inventory-advice.x12");
    const broken = [
      body.replace("IEA*1*000004711~\n", ""),
      body.replace("GE*1*4711~\n", ""),
      body.replace("SE*17*0001~\n", ""),
      body.replace("SE*17*", "SE*16*"),
      body.replace("GE*1*4711", "GE*2*4711"),
      body.replace("IEA*1*000004711", "IEA*1*000004712"),
      body + fixture("997-accepted.x12").replace("IEA*1*000000978~\n", ""),
      "ISA*00*short",
      "not x12 at all",
    ];
    for (const b of broken) expect(() => parseX12(b), b.slice(-60)).toThrow(X12Error);
    expect(parseX12(body + fixture("997-accepted.x12")).map((i) => i.control)).toEqual(["000004711", "000000978"]);
  });

  it("reads dates and times as UTC and keeps what is not one as written", () => {
    expect(x12Instant("20261205", "1405")).toBe("2026-12-05T14:05:00Z");
    expect(x12Instant("261205", "140530")).toBe("2026-12-05T14:05:30Z");
    expect(x12Instant("20261210", "", { endOfDay: true })).toBe("2026-12-10T23:59:59Z");
    expect(x12Instant("20260230", "1200")).toBe("20260230T1200");
  });
});
