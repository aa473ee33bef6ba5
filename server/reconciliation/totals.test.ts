import { describe, expect, it } from "vitest";
import { normaliseScope } from "./start";
import { classify, foldCounts } from "./totals";

describe("classify", () => {
  const t = (toleranceUnits: number, tolerancePercent: number) => ({ toleranceUnits, tolerancePercent });
  it("is match at spread 0 whatever the tolerance", () => {
    expect(classify(0, 10, t(0, 0))).toBe("match");
    expect(classify(0, 0, t(5, 5))).toBe("match");
  });
  it("is within tolerance up to max(units, percent of |book|), variance beyond", () => {
    expect(classify(2, 8, t(0, 0))).toBe("variance");
    expect(classify(2, 8, t(2, 0))).toBe("within_tolerance");
    expect(classify(3, 8, t(2, 0))).toBe("variance");
    expect(classify(5, 100, t(0, 5))).toBe("within_tolerance");
    expect(classify(6, 100, t(0, 5))).toBe("variance");
    expect(classify(6, 100, t(6, 5))).toBe("within_tolerance");
    expect(classify(1, -40, t(0, 2.5))).toBe("within_tolerance");
    // decimal percentages compare exactly: 0.7 % of 1,000 is 7
    expect(classify(7, 1000, t(0, 0.7))).toBe("within_tolerance");
  });
});

describe("foldCounts", () => {
  it("adds per-place counts into totals, per location and per channel code", () => {
    const codes = { locations: new Map([[1, "WH"], [2, "ST"]]), channels: new Map([[7, "web"]]) };
    const out = foldCounts(
      [
        { kind: 0, place_id: 1, status: 0, n: 3, units: "12", new: 1, persistent: 2 },
        { kind: 0, place_id: 1, status: 2, n: 10, units: "0", new: 0, persistent: 0 },
        { kind: 0, place_id: 2, status: 1, n: 4, units: "4", new: 0, persistent: 0 },
        { kind: 1, place_id: 7, status: 0, n: 1, units: "5", new: 1, persistent: 0 },
      ],
      codes,
    );
    expect(out.totals).toEqual({ lines: 18, match: 10, withinTolerance: 4, variance: 4, varianceUnits: 17, newVariances: 2, persistent: 2 });
    expect(out.byLocation.WH).toEqual({ lines: 13, match: 10, withinTolerance: 0, variance: 3, varianceUnits: 12, newVariances: 1, persistent: 2 });
    expect(out.byLocation.ST).toMatchObject({ lines: 4, withinTolerance: 4, varianceUnits: 0 });
    expect(out.byChannel).toEqual({ web: { lines: 1, match: 0, withinTolerance: 0, variance: 1, varianceUnits: 5, newVariances: 1, persistent: 0 } });
  });
});

describe("normaliseScope", () => {
  it("sorts and de-duplicates codes and drops empty lists, so equal scopes share a key", () => {
    expect(normaliseScope(undefined)).toEqual({ scope: {}, key: "{}" });
    const a = normaliseScope({ skus: ["B", "A", "B"], locations: ["WH"] });
    const b = normaliseScope({ locations: ["WH"], skus: ["A", "B"] });
    expect(a.scope).toEqual({ locations: ["WH"], skus: ["A", "B"] });
    expect(a.key).toBe(b.key);
  });
});
