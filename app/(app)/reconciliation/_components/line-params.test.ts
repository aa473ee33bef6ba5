import { describe, expect, it } from "vitest";
import { filtersFromSearch, searchOf } from "./line-params";

describe("the run page's filters in the URL", () => {
  it("reads valid filters, ignores the rest, and writes them back in a stable order", () => {
    const params = new URLSearchParams("minRuns=3&status=variance&location=WH-EAST&kind=sideways&sku=&channel=a%20b&cursor=x");
    const filters = filtersFromSearch((k) => params.get(k));
    expect(filters).toEqual({ status: "variance", location: "WH-EAST", minRuns: 3 });
    expect(searchOf(filters)).toBe("?status=variance&location=WH-EAST&minRuns=3");
    expect(searchOf({})).toBe("");
    expect(filtersFromSearch((k) => new URLSearchParams("minRuns=0").get(k))).toEqual({});
  });
});
