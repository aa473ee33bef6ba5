import { describe, expect, it } from "vitest";
import type { TSuggestion } from "@/server/advisor/advisor.types";
import { adviceOf, bufferText, velocityText } from "./buffer-advice";

const point = (units: number, oversellsAvoided = 0, ordersAffected = 0) => ({ units, oversellsAvoided, ordersAffected, unitWithheldHours: units });
const base: TSuggestion = {
  channel: "amazon",
  name: "Amazon",
  velocityP90PerHour: 12,
  latencyP95Seconds: 900,
  current: {},
  curve: Array.from({ length: 11 }, (_, b) => point(b)),
  recommended: point(0),
  orders: 40,
  oversells: 0,
  untestedOrders: 0,
  isCurrentEnough: true,
};

describe("adviceOf", () => {
  it("says there is nothing to learn from without orders", () => {
    expect(adviceOf({ ...base, orders: 0, curve: [] }, 30)).toMatchObject({ tone: "neutral", headline: "No orders to learn from" });
  });

  it("says the current buffer is enough when nothing oversold, and what a buffer would cost", () => {
    const curve = Array.from({ length: 11 }, (_, b) => point(b, 0, b > 6 ? 3 : 0));
    const a = adviceOf({ ...base, current: { percent: 10 }, curve }, 7);
    expect(a).toMatchObject({ tone: "good", headline: "The current 10 % is enough" });
    expect(a.detail).toContain("No oversells in 40 orders over the last 7 days");
    expect(a.detail).toContain("3 good orders refused at 10 units");
    expect(adviceOf({ ...base, curve }, 1).headline).toBe("No buffer needed");
  });

  it("recommends a change with its gain and cost", () => {
    const a = adviceOf({ ...base, current: { units: 5 }, oversells: 21, recommended: point(9, 19, 2), isCurrentEnough: false }, 30);
    expect(a).toEqual({ tone: "warn", short: "set to 9 units", headline: "Set the buffer to 9 units (now 5 units)", detail: "A buffer of 9 units would have refused 19 of the 21 oversells in the last 30 days, at the cost of 2 good orders." });
    expect(adviceOf({ ...base, oversells: 19, recommended: point(9, 19, 0), isCurrentEnough: false }, 30).detail).toContain("refused all 19 oversells");
    expect(adviceOf({ ...base, oversells: 1, recommended: point(1, 1, 0), isCurrentEnough: false }, 30).headline).toBe("Set the buffer to 1 unit");
    // orders for more than the channel showed are refused at b = 0 already: the buffer's cost is what it adds
    const curve = Array.from({ length: 19 }, (_, b) => point(b, 4, b < 11 ? 13 : 15));
    expect(adviceOf({ ...base, curve, oversells: 25, recommended: point(9, 24, 13), isCurrentEnough: false }, 30).detail).toBe(
      "A buffer of 9 units would have refused 24 of the 25 oversells in the last 30 days, and 0 good orders more than no buffer would.",
    );
  });

  it("says when the current units already cover the recommendation, and when no buffer would have helped", () => {
    expect(adviceOf({ ...base, current: { units: 12 }, oversells: 3, recommended: point(9, 3, 0), isCurrentEnough: true }, 30)).toMatchObject({ tone: "good", headline: "The current 12 units is enough" });
    expect(adviceOf({ ...base, oversells: 2, recommended: point(0, 2, 0) }, 30)).toMatchObject({ tone: "neutral", headline: "A buffer would not have helped" });
  });
});

describe("bufferText and velocityText", () => {
  it("reads a buffer, and a velocity per hour or, for slow sellers, per day", () => {
    expect([bufferText({}), bufferText({ units: 1 }), bufferText({ units: 5 }), bufferText({ percent: 10 })]).toEqual(["none", "1 unit", "5 units", "10 %"]);
    expect([velocityText(60), velocityText(1.25), velocityText(0.026), velocityText(0.5), velocityText(null)]).toEqual(["60 units/h", "1.3 units/h", "0.6 units a day", "12 units a day", "—"]);
  });
});
