import { describe, expect, it } from "vitest";
import { backtest, isEnough, MIN_CURVE_UNITS, type TSlackRow } from "./curve";
import { MAX_BUFFER_UNITS } from "./rollup";

const HOUR = 3_600_000;

describe("backtest", () => {
  it("is empty without orders", () => {
    expect(backtest([], [{ exposure: 5, ms: HOUR }])).toBeNull();
  });

  it("refuses an order once the buffer passes its slack e − q, and counts oversold and fine apart", () => {
    // oversold with slack 0, 2, 2, 7; fine with slack 1, 3, 20
    const rows: TSlackRow[] = [
      { isOversold: true, slack: 0, n: 1 },
      { isOversold: true, slack: 2, n: 2 },
      { isOversold: true, slack: 7, n: 1 },
      { isOversold: false, slack: 1, n: 1 },
      { isOversold: false, slack: 3, n: 1 },
      { isOversold: false, slack: 20, n: 1 },
    ];
    const r = backtest(rows, [])!;
    const at = (b: number) => [r.curve[b]!.oversellsAvoided, r.curve[b]!.ordersAffected];
    expect(at(0)).toEqual([0, 0]);
    expect(at(1)).toEqual([1, 0]);
    expect(at(2)).toEqual([1, 1]);
    expect(at(3)).toEqual([3, 1]);
    expect(at(4)).toEqual([3, 2]);
    expect(at(8)).toEqual([4, 2]);
    // the largest avoids 4; 90 % of 4 is 3.6, first reached at 8
    expect(r.recommended).toMatchObject({ units: 8, oversellsAvoided: 4, ordersAffected: 2 });
    expect(r.curve).toHaveLength(17); // 0 … 2 × 8
  });

  it("counts an order the channel showed too little for (e < q) as refused by any buffer", () => {
    const r = backtest([{ isOversold: true, slack: -1, n: 3 }], [])!;
    expect(r.curve[0]).toMatchObject({ oversellsAvoided: 3 });
    expect(r.recommended.units).toBe(0);
  });

  it("recommends 0 and still draws the cost of a buffer when nothing oversold", () => {
    const r = backtest([{ isOversold: false, slack: 4, n: 5 }], [])!;
    expect(r.recommended).toMatchObject({ units: 0, oversellsAvoided: 0, ordersAffected: 0 });
    expect(r.curve).toHaveLength(MIN_CURVE_UNITS + 1);
    expect(r.curve[5]!.ordersAffected).toBe(5);
  });

  it("leaves oversells only a buffer over the cap would avoid out of the recommendation", () => {
    const r = backtest([{ isOversold: true, slack: 2, n: 1 }, { isOversold: true, slack: MAX_BUFFER_UNITS, n: 50 }], [])!;
    expect(r.recommended).toMatchObject({ units: 3, oversellsAvoided: 1 });
  });

  it("withholds min(b, e) for as long as each exposure stood", () => {
    // 2 h at 0, 1 h at 3, 30 min at 10
    const r = backtest([{ isOversold: false, slack: 0, n: 1 }], [{ exposure: 0, ms: 2 * HOUR }, { exposure: 3, ms: HOUR }, { exposure: 10, ms: HOUR / 2 }])!;
    expect(r.curve.map((p) => p.unitWithheldHours).slice(0, 5)).toEqual([0, 1.5, 3, 4.5, 5]);
    expect(r.curve[10]!.unitWithheldHours).toBe(8);
  });
});

describe("isEnough", () => {
  it("is enough when nothing needs holding back, or the current units cover the recommendation", () => {
    expect(isEnough({}, 0)).toBe(true);
    expect(isEnough({ percent: 10 }, 0)).toBe(true);
    expect(isEnough({ percent: 10 }, 3)).toBe(false);
    expect(isEnough({ units: 5 }, 9)).toBe(false);
    expect(isEnough({ units: 9 }, 9)).toBe(true);
    expect(isEnough({}, 1)).toBe(false);
  });
});
