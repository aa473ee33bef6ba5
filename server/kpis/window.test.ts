import { describe, expect, it } from "vitest";
import { AppError } from "@/server/lib/errors";
import { DAY_MS, HOUR_MS, pointsOf, resolveWindow, splitDays, trendStepMs } from "./window";

const iso = (s: string) => new Date(s);

describe("resolveWindow", () => {
  it("defaults to the last 24 hours, widened to whole hours", () => {
    const w = resolveWindow({}, iso("2026-03-10T10:37:00Z"));
    expect(w.from.toISOString()).toBe("2026-03-09T10:00:00.000Z");
    expect(w.to.toISOString()).toBe("2026-03-10T11:00:00.000Z");
    expect(w.prevFrom.toISOString()).toBe("2026-03-08T09:00:00.000Z");
    expect(w.stepMs).toBe(HOUR_MS);
  });

  it("keeps hour-aligned bounds as they are", () => {
    const w = resolveWindow({ from: iso("2026-03-01T00:00:00Z"), to: iso("2026-03-08T00:00:00Z") });
    expect(w.from.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(w.to.toISOString()).toBe("2026-03-08T00:00:00.000Z");
    expect(w.prevFrom.toISOString()).toBe("2026-02-22T00:00:00.000Z");
    expect(w.stepMs).toBe(DAY_MS);
  });

  it("refuses from after to, and ranges over a year", () => {
    expect(() => resolveWindow({ from: iso("2026-03-02T00:00:00Z"), to: iso("2026-03-01T00:00:00Z") })).toThrow(AppError);
    expect(() => resolveWindow({ from: iso("2024-01-01T00:00:00Z"), to: iso("2026-01-01T00:00:00Z") })).toThrow(/366 days/);
  });

  it("takes only `to` as the end of a 24-hour range", () => {
    const w = resolveWindow({ to: iso("2026-03-10T00:00:00Z") });
    expect(w.from.toISOString()).toBe("2026-03-09T00:00:00.000Z");
  });
});

describe("trend steps and days", () => {
  it("chooses the step by range", () => {
    expect(trendStepMs(DAY_MS)).toBe(HOUR_MS);
    expect(trendStepMs(7 * DAY_MS)).toBe(DAY_MS);
    expect(trendStepMs(30 * DAY_MS)).toBe(DAY_MS);
    expect(trendStepMs(90 * DAY_MS)).toBe(DAY_MS);
    expect(trendStepMs(200 * DAY_MS)).toBe(7 * DAY_MS);
  });

  it("lists every point of a span", () => {
    const pts = pointsOf({ from: iso("2026-03-01T22:00:00Z"), to: iso("2026-03-03T05:00:00Z") }, DAY_MS);
    expect(pts.map((t) => new Date(t).toISOString().slice(0, 10))).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"]);
  });

  it("splits a span into whole days and edge hours", () => {
    const s = splitDays({ from: iso("2026-03-01T22:00:00Z"), to: iso("2026-03-04T05:00:00Z") });
    expect(s.days).toEqual({ from: iso("2026-03-02T00:00:00Z"), to: iso("2026-03-04T00:00:00Z") });
    expect(s.hours).toEqual([
      { from: iso("2026-03-01T22:00:00Z"), to: iso("2026-03-02T00:00:00Z") },
      { from: iso("2026-03-04T00:00:00Z"), to: iso("2026-03-04T05:00:00Z") },
    ]);
    expect(splitDays({ from: iso("2026-03-01T02:00:00Z"), to: iso("2026-03-01T05:00:00Z") })).toEqual({ days: null, hours: [{ from: iso("2026-03-01T02:00:00Z"), to: iso("2026-03-01T05:00:00Z") }] });
  });
});
