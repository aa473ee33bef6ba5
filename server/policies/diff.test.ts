import { describe, expect, it } from "vitest";
import { diffRules } from "./diff";
import { ZPolicyRules } from "./policy.types";

describe("diffRules", () => {
  it("reports added, removed and changed rules by kind and scope", () => {
    const before = ZPolicyRules.parse([
      { kind: "safety_buffer", scope: { channel: "amazon" }, units: 5 },
      { kind: "holdback", scope: { channel: "b2b" }, percent: 10 },
      { kind: "sell_limit", scope: { sku: "A" }, units: 3 },
    ]);
    const after = ZPolicyRules.parse([
      { kind: "safety_buffer", scope: { channel: "amazon" }, units: 8 },
      { kind: "sell_limit", scope: { sku: "A" }, units: 3 },
      { kind: "safety_buffer", scope: { channel: "shopify" }, units: 2 },
    ]);
    const diff = diffRules(before, after);
    expect(diff.added).toEqual([after[2]]);
    expect(diff.removed).toEqual([before[1]]);
    expect(diff.changed).toEqual([{ before: before[0], after: after[0] }]);
    expect(diff.unchanged).toBe(1);
  });

  it("finds nothing between equal sets, whatever their order", () => {
    const rules = ZPolicyRules.parse([
      { kind: "safety_buffer", scope: {}, units: 1 },
      { kind: "outage_fallback", scope: { channel: "edi" }, mode: "zero" },
    ]);
    expect(diffRules(rules, [...rules].reverse())).toEqual({ added: [], removed: [], changed: [], unchanged: 2 });
  });
});
