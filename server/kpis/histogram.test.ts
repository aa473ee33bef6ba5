import { describe, expect, it } from "vitest";
import { addInto, bucketSeconds, mergeInto, percentile, type THistogram } from "./histogram";

function hist(values: Record<number, number>): THistogram {
  return new Map(Object.entries(values).map(([b, n]) => [Number(b), n]));
}

describe("latency histograms", () => {
  it("reads whole seconds back exactly below a minute", () => {
    expect(bucketSeconds(0)).toBe(0);
    expect(bucketSeconds(42)).toBe(42);
  });

  it("reads the 10 % buckets back within 5 % of their range", () => {
    const low = 60 * 1.1 ** 10;
    const value = bucketSeconds(70);
    expect(value).toBeGreaterThan(low);
    expect(value).toBeLessThan(low * 1.1);
  });

  it("takes nearest-rank percentiles", () => {
    const h = hist({ 10: 1, 20: 1, 30: 1, 40: 1 });
    expect(percentile(h, 0.5)).toBe(20);
    expect(percentile(h, 0.95)).toBe(40);
    expect(percentile(h, 0.25)).toBe(10);
  });

  it("weights buckets by their counts", () => {
    const h = hist({ 5: 90, 50: 10 });
    expect(percentile(h, 0.5)).toBe(5);
    expect(percentile(h, 0.9)).toBe(5);
    expect(percentile(h, 0.95)).toBe(50);
  });

  it("is null without samples", () => {
    expect(percentile(new Map(), 0.5)).toBeNull();
  });

  it("merges histograms by adding counts", () => {
    const a = hist({ 1: 2 });
    mergeInto(a, hist({ 1: 3, 2: 1 }));
    addInto(a, 2, 4);
    expect([...a.entries()].sort()).toEqual([
      [1, 5],
      [2, 5],
    ]);
  });
});
