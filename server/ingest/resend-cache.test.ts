import { describe, expect, it } from "vitest";
import { ResendCache } from "./resend-cache";

describe("the resend cache", () => {
  it("keys a body by connector, content type and exact bytes", () => {
    const body = '[{"eventId":"a"}]';
    const k = ResendCache.key(1, "application/json", body);
    expect(ResendCache.key(1, "application/json", body)).toBe(k);
    expect(ResendCache.key(2, "application/json", body)).not.toBe(k);
    expect(ResendCache.key(1, "application/x-ndjson", body)).not.toBe(k);
    expect(ResendCache.key(1, "application/json", `${body} `)).not.toBe(k);
  });

  it("recalls what it remembered and lets the oldest go first once over its budget", () => {
    const ids = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}-${String(i).padStart(4, "0")}`);
    const cache = new ResendCache(5_000);
    cache.remember("a", ids(50, "a"));
    cache.remember("b", ids(50, "b"));
    expect(cache.recall("a")).toEqual(ids(50, "a")); // a is now the newest
    cache.remember("c", ids(50, "c"));
    expect(cache.size.bytes).toBeLessThanOrEqual(5_000);
    expect(cache.recall("b")).toBeUndefined();
    expect(cache.recall("a")).toHaveLength(50);
    expect(cache.recall("c")).toHaveLength(50);
    // a body bigger than the whole budget is never kept
    cache.remember("huge", ids(1_000, "h"));
    expect(cache.recall("huge")).toBeUndefined();
    expect(cache.recall("c")).toHaveLength(50);
  });
});
