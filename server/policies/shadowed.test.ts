import { describe, expect, it } from "vitest";
import { ZPolicyRules } from "./policy.types";
import { specificity } from "./precedence";
import { findIneffectiveRules } from "./shadowed";

const CATALOGUE = {
  channels: [
    { code: "web", eligibleLocations: ["E", "W"] },
    { code: "mkt", eligibleLocations: ["E"] },
    { code: "pos", eligibleLocations: ["S"] },
  ],
};

describe("specificity", () => {
  it("ranks more fields first, then sku > location > channel", () => {
    const order = [{}, { channel: "c" }, { location: "l" }, { sku: "s" }, { channel: "c", location: "l" }, { channel: "c", sku: "s" }, { location: "l", sku: "s" }, { channel: "c", location: "l", sku: "s" }];
    const ranks = order.map(specificity);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(new Set(ranks).size).toBe(order.length);
  });
});

describe("findIneffectiveRules", () => {
  it("flags a channel-wide rule when every channel it covers has a more specific one", () => {
    const rules = ZPolicyRules.parse([
      { kind: "safety_buffer", scope: {}, units: 5 },
      { kind: "safety_buffer", scope: { channel: "web" }, units: 1 },
      { kind: "safety_buffer", scope: { channel: "mkt" }, units: 2 },
      { kind: "safety_buffer", scope: { channel: "pos" }, units: 3 },
    ]);
    expect(findIneffectiveRules(rules, CATALOGUE)).toEqual([{ index: 0, kind: "shadowed", message: "always overridden by the more specific rules #2, #3, #4", shadowedBy: [1, 2, 3] }]);
  });

  it("does not flag a generic rule that still applies somewhere, nor rules in different steps", () => {
    const rules = ZPolicyRules.parse([
      { kind: "safety_buffer", scope: {}, units: 5 },
      { kind: "safety_buffer", scope: { channel: "web" }, units: 1 },
      { kind: "safety_buffer", scope: { location: "E" }, units: 2 },
      { kind: "sell_limit", scope: { sku: "A" }, units: 3 },
      { kind: "sell_limit", scope: {}, units: 9 },
    ]);
    expect(findIneffectiveRules(rules, CATALOGUE)).toEqual([]);
  });

  it("flags a location buffer shadowed for every channel that sells from the location", () => {
    const rules = ZPolicyRules.parse([
      { kind: "safety_buffer", scope: { location: "E" }, units: 2 },
      { kind: "safety_buffer", scope: { location: "E", channel: "web" }, units: 1 },
      { kind: "safety_buffer", scope: { location: "E", channel: "mkt" }, units: 1 },
    ]);
    expect(findIneffectiveRules(rules, CATALOGUE).map((f) => [f.index, f.kind])).toEqual([[0, "shadowed"]]);
  });

  it("flags rules whose scope matches nothing", () => {
    const rules = ZPolicyRules.parse([
      { kind: "safety_buffer", scope: { location: "S", channel: "web" }, units: 1 },
      { kind: "safety_buffer", scope: { location: "NOWHERE" }, units: 1 },
      { kind: "sell_limit", scope: { channel: "gone" }, units: 1 },
      { kind: "holdback", scope: { channel: "pos" }, units: 1 },
    ]);
    expect(findIneffectiveRules(rules, CATALOGUE).map((f) => [f.index, f.kind, f.message])).toEqual([
      [0, "never_applies", "S is not an eligible location of web"],
      [1, "never_applies", "no channel sells from NOWHERE"],
      [2, "never_applies", "no channel gone exists"],
      [3, "never_applies", "no other channel shares a location with pos, so nothing is held back from anyone"],
    ]);
  });

  it("a SKU-specific rule is shadowed only by rules that also name that SKU or more fields", () => {
    const rules = ZPolicyRules.parse([
      { kind: "sell_limit", scope: { sku: "A" }, units: 1 },
      { kind: "sell_limit", scope: { sku: "A", channel: "web" }, units: 2 },
      { kind: "sell_limit", scope: { sku: "A", channel: "mkt" }, units: 2 },
      { kind: "sell_limit", scope: { channel: "pos" }, units: 2 },
    ]);
    // pos: {channel} (1 field, channel) vs {sku} (1 field, sku): sku wins, so rule 1 still applies on pos
    expect(findIneffectiveRules(rules, CATALOGUE)).toEqual([]);
    const more = ZPolicyRules.parse([...rules, { kind: "sell_limit", scope: { sku: "A", channel: "pos" }, units: 2 }]);
    expect(findIneffectiveRules(more, CATALOGUE).map((f) => f.index)).toEqual([0]);
  });
});
