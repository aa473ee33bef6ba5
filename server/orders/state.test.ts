import { describe, expect, it } from "vitest";
import { stepsOf } from "./life";
import { orderState } from "./state";

const u = (over: Partial<Parameters<typeof orderState>[0]>) => ({ units: 4, cancelled: 0, reserved: 0, released: 0, picked: 0, shipped: 0, ...over });

describe("an order's state", () => {
  it("counts a step once it covers every unit still ordered", () => {
    expect(orderState(u({ units: 0, shipped: 4 }))).toBe("pending");
    expect(orderState(u({}))).toBe("open");
    expect(orderState(u({ reserved: 2 }))).toBe("open");
    expect(orderState(u({ reserved: 4 }))).toBe("reserved");
    expect(orderState(u({ reserved: 4, released: 4 }))).toBe("open");
    expect(orderState(u({ reserved: 4, picked: 4 }))).toBe("picked");
    expect(orderState(u({ picked: 4, shipped: 2 }))).toBe("picked");
    expect(orderState(u({ shipped: 4 }))).toBe("shipped");
    expect(orderState(u({ cancelled: 4 }))).toBe("cancelled");
    // one line of two cancelled, the other shipped
    expect(orderState(u({ cancelled: 2, shipped: 2 }))).toBe("shipped");
  });
});

describe("an order's steps", () => {
  it("orders them in time, each with its lag from the one before", () => {
    const steps = stepsOf({
      channel: "web",
      orderRef: "o",
      state: "shipped",
      createdAt: "2026-01-01T10:00:00.000Z",
      reservedAt: "2026-01-01T10:01:00.000Z",
      pickedAt: "2026-01-01T10:31:00.000Z",
      shippedAt: "2026-01-01T12:31:00.000Z",
      units: 1,
      attention: [],
      allocationDueAt: "2026-01-01T10:15:00.000Z",
      openUnits: 1,
      shippedUnits: 1,
    });
    expect(steps.map((s) => [s.step, s.sinceCreatedSeconds, s.sincePreviousSeconds])).toEqual([
      ["created", 0, null],
      ["reserved", 60, 60],
      ["picked", 1860, 1800],
      ["shipped", 9060, 7200],
    ]);
  });
});
