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
    const answer = (eventIds: string[]) => eventIds.join(",");
    const cache = new ResendCache(4_000);
    cache.remember("a", ids(50, "a"));
    cache.remember("b", ids(50, "b"));
    // the first recall makes the answer from the ids and keeps it instead; a is now the newest
    expect(cache.recall("a", answer)).toEqual({ answer: answer(ids(50, "a")), events: 50 });
    expect(cache.recall("a", () => "not asked again")).toEqual({ answer: answer(ids(50, "a")), events: 50 });
    cache.remember("c", ids(50, "c"));
    expect(cache.size.bytes).toBeLessThanOrEqual(4_000);
    expect(cache.recall("b", answer)).toBeUndefined();
    expect(cache.recall("a", answer)?.events).toBe(50);
    expect(cache.recall("c", answer)?.events).toBe(50);
    // a body bigger than the whole budget is never kept
    cache.remember("huge", ids(1_000, "h"));
    expect(cache.recall("huge", answer)).toBeUndefined();
    expect(cache.recall("c", answer)?.events).toBe(50);
  });
});
