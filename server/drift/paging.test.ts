import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ZDriftQuery } from "./drift.types";
import { decodeCursor, encodeCursor, likePrefix, pageOf } from "./paging";

describe("list paging", () => {
  it("defaults limit to 50 and clamps it to 1–500; a non-number is refused", () => {
    expect(ZDriftQuery.parse({}).limit).toBe(50);
    expect(ZDriftQuery.parse({ limit: "1000" }).limit).toBe(500);
    expect(ZDriftQuery.parse({ limit: "0" }).limit).toBe(1);
    expect(ZDriftQuery.parse({ limit: 20 }).limit).toBe(20);
    expect(ZDriftQuery.safeParse({ limit: "ten" }).success).toBe(false);
    expect(ZDriftQuery.safeParse({ limit: "2.5" }).success).toBe(false);
  });

  it("validates the drift query's enums and codes", () => {
    expect(ZDriftQuery.parse({}).kind).toBe("channel");
    expect(ZDriftQuery.safeParse({ kind: "weird" }).success).toBe(false);
    expect(ZDriftQuery.safeParse({ sign: "up" }).success).toBe(false);
    expect(ZDriftQuery.safeParse({ minDrift: "-1" }).success).toBe(false);
    expect(ZDriftQuery.safeParse({ channel: "has space" }).success).toBe(false);
  });

  it("round-trips cursors and refuses anything else with invalid_query", () => {
    const schema = z.tuple([z.number(), z.string()]);
    expect(decodeCursor(encodeCursor([3, "A-1"]), schema)).toEqual([3, "A-1"]);
    expect(decodeCursor(undefined, schema)).toBeUndefined();
    expect(() => decodeCursor("!!!", schema)).toThrow(expect.objectContaining({ code: "invalid_query" }));
    expect(() => decodeCursor(encodeCursor({ other: 1 }), schema)).toThrow(expect.objectContaining({ code: "invalid_query" }));
  });

  it("gives a next cursor only when a row beyond the page exists", () => {
    expect(pageOf([1, 2, 3], 2, (n) => [n])).toEqual({ items: [1, 2], nextCursor: encodeCursor([2]) });
    expect(pageOf([1, 2], 2, (n) => [n])).toEqual({ items: [1, 2], nextCursor: null });
  });

  it("escapes LIKE wildcards in a prefix search", () => {
    expect(likePrefix("a_b%c\\")).toBe("a\\_b\\%c\\\\%");
  });
});
