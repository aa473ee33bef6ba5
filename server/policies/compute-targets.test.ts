import { describe, expect, it } from "vitest";
import { computeTargets, explainTarget, type TTargetContext } from "./compute-targets";
import { ZPolicyRule, type TPolicyRule } from "./policy.types";

// Two warehouses and a store; web sees all three, marketplace only the warehouses, b2b only E.
const CTX: TTargetContext = {
  channels: [
    { code: "web", eligibleLocations: ["E", "W", "S"] },
    { code: "mkt", eligibleLocations: ["E", "W"] },
    { code: "b2b", eligibleLocations: ["E"] },
  ],
};
const STOCK = { E: 100, W: 50, S: 10 };

function rules(...list: unknown[]): TPolicyRule[] {
  return list.map((r) => ZPolicyRule.parse(r));
}

function targets(ruleList: TPolicyRule[], atp: Record<string, number> = STOCK, ctx: TTargetContext = CTX) {
  const values = computeTargets(ruleList, ctx, { sku: "A", atp: new Map(Object.entries(atp)) });
  return Object.fromEntries(ctx.channels.map((c, i) => [c.code, values[i]]));
}

describe("computeTargets: each step", () => {
  const cases: { name: string; rules: TPolicyRule[]; atp?: Record<string, number>; ctx?: TTargetContext; expected: Record<string, number> }[] = [
    { name: "no rules: the pool of eligible ATP", rules: [], expected: { web: 160, mkt: 150, b2b: 100 } },
    { name: "negative ATP contributes nothing", rules: [], atp: { E: -20, W: 50, S: 10 }, expected: { web: 60, mkt: 50, b2b: 0 } },
    { name: "a location buffer (units) applies to every channel there", rules: rules({ kind: "safety_buffer", scope: { location: "E" }, units: 30 }), expected: { web: 130, mkt: 120, b2b: 70 } },
    { name: "a location buffer (percent) takes a percent of that location's ATP", rules: rules({ kind: "safety_buffer", scope: { location: "W" }, percent: 10 }), expected: { web: 155, mkt: 145, b2b: 100 } },
    { name: "a location buffer never makes a contribution negative", rules: rules({ kind: "safety_buffer", scope: { location: "S" }, units: 99 }), expected: { web: 150, mkt: 150, b2b: 100 } },
    {
      name: "a channel × location buffer beats the location-only one (more fields)",
      rules: rules({ kind: "safety_buffer", scope: { location: "E" }, units: 30 }, { kind: "safety_buffer", scope: { location: "E", channel: "b2b" }, units: 5 }),
      expected: { web: 130, mkt: 120, b2b: 95 },
    },
    { name: "a channel safety buffer in units (step 3)", rules: rules({ kind: "safety_buffer", scope: { channel: "mkt" }, units: 25 }), expected: { web: 160, mkt: 125, b2b: 100 } },
    { name: "a channel safety buffer in percent of available", rules: rules({ kind: "safety_buffer", scope: { channel: "web" }, percent: 12.5 }), expected: { web: 140, mkt: 150, b2b: 100 } },
    { name: "a global buffer applies to every channel", rules: rules({ kind: "safety_buffer", scope: {}, units: 10 }), expected: { web: 150, mkt: 140, b2b: 90 } },
    {
      name: "a SKU buffer beats a channel buffer (tie on fields: sku wins)",
      rules: rules({ kind: "safety_buffer", scope: { channel: "web" }, units: 50 }, { kind: "safety_buffer", scope: { sku: "A" }, units: 1 }),
      expected: { web: 159, mkt: 149, b2b: 99 },
    },
    {
      name: "a channel × SKU buffer beats a SKU-only one",
      rules: rules({ kind: "safety_buffer", scope: { sku: "A" }, units: 1 }, { kind: "safety_buffer", scope: { sku: "A", channel: "web" }, units: 60 }),
      expected: { web: 100, mkt: 149, b2b: 99 },
    },
    { name: "a rule for another SKU does not match", rules: rules({ kind: "safety_buffer", scope: { sku: "B" }, units: 100 }), expected: { web: 160, mkt: 150, b2b: 100 } },
    {
      name: "a units holdback for b2b comes off every channel sharing E, capped at the shared stock",
      rules: rules({ kind: "holdback", scope: { channel: "b2b" }, units: 40 }),
      expected: { web: 120, mkt: 110, b2b: 100 },
    },
    {
      name: "a holdback is capped at what the holder shares with the channel",
      rules: rules({ kind: "holdback", scope: { channel: "b2b" }, units: 500 }),
      expected: { web: 60, mkt: 50, b2b: 100 },
    },
    {
      name: "a percent holdback keeps that share of every shared location",
      rules: rules({ kind: "holdback", scope: { channel: "mkt" }, percent: 20 }),
      expected: { web: 130, mkt: 150, b2b: 80 },
    },
    {
      name: "two holders on the same location never count a unit twice",
      rules: rules({ kind: "holdback", scope: { channel: "b2b" }, units: 80 }, { kind: "holdback", scope: { channel: "mkt" }, units: 80 }),
      // web: b2b can take at most E (100), mkt E+W; jointly min(160, 100 + 50) = 150 → 10
      expected: { web: 10, mkt: 70, b2b: 20 },
    },
    { name: "an allocation caps at a percent of the pool", rules: rules({ kind: "allocation", scope: { channel: "web" }, percent: 50 }), expected: { web: 80, mkt: 150, b2b: 100 } },
    {
      name: "an allocation above what holdbacks leave changes nothing",
      rules: rules({ kind: "holdback", scope: { channel: "b2b" }, units: 100 }, { kind: "allocation", scope: { channel: "mkt" }, percent: 90 }),
      expected: { web: 60, mkt: 50, b2b: 100 },
    },
    { name: "a sell limit caps", rules: rules({ kind: "sell_limit", scope: { channel: "b2b" }, units: 42 }), expected: { web: 160, mkt: 150, b2b: 42 } },
    {
      name: "buffer then limit, in that order",
      rules: rules({ kind: "safety_buffer", scope: { channel: "web" }, units: 100 }, { kind: "sell_limit", scope: { channel: "web" }, units: 100 }),
      expected: { web: 60, mkt: 150, b2b: 100 },
    },
    { name: "a fresh channel ignores its outage fallback", rules: rules({ kind: "outage_fallback", scope: { channel: "web" }, mode: "zero" }), expected: { web: 160, mkt: 150, b2b: 100 } },
    {
      name: "a stale feed applies the fallback: zero",
      rules: rules({ kind: "outage_fallback", scope: { channel: "web" }, mode: "zero" }),
      ctx: { channels: [{ ...CTX.channels[0]!, isFeedStale: true }, CTX.channels[1]!, CTX.channels[2]!] },
      expected: { web: 0, mkt: 150, b2b: 100 },
    },
    {
      name: "a fallback percent applies to what the sell limit left",
      rules: rules({ kind: "outage_fallback", scope: {}, mode: "percent", percent: 50 }, { kind: "sell_limit", scope: { channel: "mkt" }, units: 81 }),
      ctx: { channels: CTX.channels.map((c) => ({ ...c, isFeedStale: true })) },
      expected: { web: 80, mkt: 40, b2b: 50 },
    },
    {
      name: "a stale authoritative source at an eligible location triggers the fallback",
      rules: rules({ kind: "outage_fallback", scope: {}, mode: "zero" }),
      ctx: { ...CTX, staleLocations: new Set(["S"]) },
      expected: { web: 0, mkt: 150, b2b: 100 },
    },
    {
      name: "a stale channel without a fallback keeps its computed target",
      rules: [],
      ctx: { channels: CTX.channels.map((c) => ({ ...c, isFeedStale: true })), staleLocations: new Set(["E"]) },
      expected: { web: 160, mkt: 150, b2b: 100 },
    },
    { name: "a buffer larger than the pool gives 0, never negative", rules: rules({ kind: "safety_buffer", scope: {}, units: 1000 }), expected: { web: 0, mkt: 0, b2b: 0 } },
    { name: "fractions are floored", rules: rules({ kind: "allocation", scope: {}, percent: 33.3 }), atp: { E: 10, W: 0, S: 0 }, expected: { web: 3, mkt: 3, b2b: 3 } },
    { name: "a location without a position counts as 0", rules: [], atp: { E: 5 }, expected: { web: 5, mkt: 5, b2b: 5 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(targets(c.rules, c.atp, c.ctx)).toEqual(c.expected);
    });
  }
});

describe("explainTarget", () => {
  it("names the rule used at each step", () => {
    const list = rules(
      { kind: "safety_buffer", scope: { location: "E" }, units: 10 },
      { kind: "holdback", scope: { channel: "b2b" }, units: 20 },
      { kind: "allocation", scope: { channel: "web" }, percent: 90 },
      { kind: "safety_buffer", scope: { channel: "web" }, units: 5 },
      { kind: "sell_limit", scope: { channel: "web" }, units: 1000 },
      { kind: "outage_fallback", scope: { channel: "web" }, mode: "percent", percent: 50 },
    );
    const ctx: TTargetContext = { channels: [{ ...CTX.channels[0]!, isFeedStale: true }, CTX.channels[1]!, CTX.channels[2]!] };
    const trace = explainTarget(list, ctx, { sku: "A", atp: new Map(Object.entries(STOCK)) }, "web")!;
    expect(trace.locations.map((l) => [l.location, l.contribution, l.rule?.index ?? null])).toEqual([
      ["E", 90, 0],
      ["W", 50, null],
      ["S", 10, null],
    ]);
    expect(trace.pool).toBe(150);
    expect(trace.holdbacks).toEqual([expect.objectContaining({ channel: "b2b", keeps: 20, charge: 20, rule: expect.objectContaining({ index: 1 }) })]);
    expect(trace.afterHoldbacks).toBe(130);
    expect(trace.allocation).toMatchObject({ cap: 135, rule: { index: 2 } });
    expect(trace.afterAllocation).toBe(130);
    expect(trace.safetyBuffer).toMatchObject({ amount: 5, rule: { index: 3 } });
    expect(trace.afterSellLimit).toBe(125);
    expect(trace.stale).toEqual({ isStale: true, isFeedStale: true, staleLocations: [] });
    expect(trace.fallback).toMatchObject({ mode: "percent", percent: 50, rule: { index: 5 } });
    expect(trace.target).toBe(62);
    expect(computeTargets(list, ctx, { sku: "A", atp: new Map(Object.entries(STOCK)) })[0]).toBe(62);
  });

  it("answers null for a channel it does not know", () => {
    expect(explainTarget([], CTX, { sku: "A", atp: new Map() }, "nope")).toBeNull();
  });
});

describe("ZPolicyRule", () => {
  const bad: [string, unknown, RegExp][] = [
    ["percent over 100", { kind: "safety_buffer", scope: {}, percent: 120 }, /between 0 and 100/],
    ["negative units", { kind: "sell_limit", scope: {}, units: -1 }, /0 or more/],
    ["fractional units", { kind: "sell_limit", scope: {}, units: 1.5 }, /whole number/],
    ["both units and percent", { kind: "safety_buffer", scope: {}, units: 1, percent: 1 }, /either units or percent/],
    ["a holdback without a channel", { kind: "holdback", scope: {}, units: 5 }, /kept for a channel/],
    ["an allocation naming a location", { kind: "allocation", scope: { channel: "web", location: "E" }, percent: 50 }, /remove scope.location/],
    ["a percent fallback without percent", { kind: "outage_fallback", scope: {}, mode: "percent" }, /needs a percent/],
    ["an unknown kind", { kind: "discount", scope: {} }, /Invalid option/],
    ["an unknown field", { kind: "sell_limit", scope: {}, units: 1, extra: true }, /Unrecognized key/],
    ["a bad code", { kind: "sell_limit", scope: { sku: "has space" }, units: 1 }, /1–64 characters/],
  ];
  for (const [name, value, message] of bad) {
    it(`refuses ${name}`, () => {
      const parsed = ZPolicyRule.safeParse(value);
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((i) => i.message).join("; ")).toMatch(message);
    });
  }
  it("defaults the scope to every SKU × channel", () => {
    expect(ZPolicyRule.parse({ kind: "sell_limit", units: 3 })).toEqual({ kind: "sell_limit", scope: {}, units: 3 });
  });
});
