import { describe, expect, it } from "vitest";
import { findUnstorableField, jsonDepth, storableJson, storableKey, storableText } from "./sanitize";

describe("unstorable text", () => {
  it("finds NUL characters and lone surrogates, in keys and values, by top-level field", () => {
    expect(findUnstorableField({ eventId: "ok", sku: "a\u0000b" })).toBe("sku");
    expect(findUnstorableField({ reason: "\ud800" })).toBe("reason");
    expect(findUnstorableField({ balances: { "on\u0000Hand": 1 } })).toBe("balances");
    expect(findUnstorableField({ sku: "emoji 🙂 is fine", name: "Ünïcødé" })).toBeNull();
  });

  it("replaces them with U+FFFD and leaves valid pairs alone", () => {
    expect(storableText("a\u0000b\ud800c🙂")).toBe("a\ufffdb\ufffdc🙂");
    expect(storableJson({ k: ["x\u0000"] })).toEqual({ k: ["x\ufffd"] });
  });

  it("stores eventIds one-to-one", () => {
    expect(storableKey("plain-1")).toBe("plain-1");
    expect(storableKey("a\u0000")).not.toBe(storableKey("a\ud800"));
    expect(storableKey("a\u0000")).toBe('\ufffe"a\\u0000"');
  });

  it("measures depth without recursion", () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonDepth(deep, 40)).toBeGreaterThan(32);
    expect(jsonDepth({ a: { b: [1] } })).toBe(3);
  });
});
