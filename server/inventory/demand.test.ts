import { describe, expect, it } from "vitest";
import { demandStep, emptyDemandLine } from "./demand";

function run(steps: [string, number][]) {
  const line = emptyDemandLine();
  return steps.map(([type, q]) => demandStep(line, type as never, q));
}

describe("demand counted once per order line", () => {
  it("an order then its reservation: the second moves only what exceeds the first", () => {
    expect(run([["order.created", 5], ["reservation.created", 5]]).map((s) => s?.reserved)).toEqual([5, 0]);
    expect(run([["reservation.created", 5], ["order.created", 5]]).map((s) => s?.reserved)).toEqual([5, 0]);
  });

  it("a partial second moves nothing; a larger one moves the difference", () => {
    expect(run([["order.created", 5], ["reservation.created", 3]]).map((s) => s?.reserved)).toEqual([5, 0]);
    expect(run([["reservation.created", 3], ["order.created", 5]]).map((s) => s?.reserved)).toEqual([3, 2]);
    expect(run([["order.created", 2], ["order.created", 3], ["reservation.created", 4], ["reservation.created", 4]]).map((s) => s?.reserved)).toEqual([2, 3, 0, 3]);
  });

  it("closes pair the same way: the OMS cancels, the ERP releases the same units once", () => {
    expect(run([["order.created", 5], ["reservation.created", 5], ["order.cancelled", 5], ["reservation.released", 5]]).map((s) => s?.reserved)).toEqual([5, 0, -5, 0]);
    expect(run([["order.created", 5], ["reservation.released", 2], ["order.cancelled", 5]]).map((s) => s?.reserved)).toEqual([5, -2, -3]);
  });

  it("a close with nothing open is an unknown order and moves nothing", () => {
    expect(run([["reservation.released", 2]])[0]).toEqual({ reserved: 0, isUnknownOrder: true });
    const picked = run([["order.created", 2], ["pick.confirmed", 2], ["order.cancelled", 2]]);
    expect(picked[1]).toBeNull();
    expect(picked[2]).toEqual({ reserved: 0, isUnknownOrder: true });
  });
});
