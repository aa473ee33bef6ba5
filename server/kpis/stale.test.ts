import { describe, expect, it } from "vitest";
import { openTailSeconds, secondsPerHour, staleDelta, staleIntervals } from "./stale";

const H = 3_600_000;
const M = 60_000;

describe("stale-feed time", () => {
  it("finds the gaps longer than the SLO", () => {
    expect(staleIntervals([0, 4 * M, 20 * M, 21 * M], 5 * M)).toEqual([[9 * M, 20 * M]]);
    expect(staleIntervals([10 * M, 0], 5 * M)).toEqual([[5 * M, 10 * M]]);
    expect(staleIntervals([0], 5 * M)).toEqual([]);
  });

  it("splits intervals by UTC hour", () => {
    const per = secondsPerHour([[H - 10 * M, H + 5 * M]]);
    expect(per.get(0)).toBe(600);
    expect(per.get(H)).toBe(300);
  });

  it("computes what a late update changes inside a gap", () => {
    // updates at 0 and 60 min with a 5-min SLO: stale 5→60. An update at 30 min: stale 5→30 and 35→60.
    const delta = staleDelta([0, 60 * M], [30 * M], 5 * M);
    expect(delta.get(0)).toBe(-300);
  });

  it("counts a new gap after the last known update", () => {
    const delta = staleDelta([0], [2 * H], 10 * M);
    expect(delta.get(0)).toBe(50 * 60);
    expect(delta.get(H)).toBe(3600);
  });

  it("clips the open tail to the window and to now", () => {
    expect(openTailSeconds(0, 5 * M, 0, H, 30 * M)).toBe(25 * 60);
    expect(openTailSeconds(0, 5 * M, 10 * M, 20 * M, H)).toBe(10 * 60);
    expect(openTailSeconds(0, 5 * M, 0, H, 2 * M)).toBe(0);
  });
});
