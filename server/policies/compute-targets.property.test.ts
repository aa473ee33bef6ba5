import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeTargets, explainTarget, type TTargetContext } from "./compute-targets";
import { ZPolicyRules, type TPolicyRule } from "./policy.types";

const LOCATIONS = ["L1", "L2", "L3", "L4"];
const CHANNELS = ["c1", "c2", "c3", "c4"];
const SKU = "S";

const arbScope = fc.record(
  { channel: fc.constantFrom(...CHANNELS), sku: fc.constantFrom(SKU, "OTHER"), location: fc.constantFrom(...LOCATIONS) },
  { requiredKeys: [] },
);
const arbAmount = fc.oneof(fc.record({ units: fc.integer({ min: 0, max: 200 }) }), fc.record({ percent: fc.double({ min: 0, max: 100, noNaN: true }) }));

const arbRule: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(arbScope, arbAmount).map(([scope, amount]) => ({ kind: "safety_buffer", scope, ...amount })),
  fc.tuple(fc.constantFrom(...CHANNELS), fc.option(fc.constant(SKU), { nil: undefined }), arbAmount).map(([channel, sku, amount]) => ({ kind: "holdback", scope: sku ? { channel, sku } : { channel }, ...amount })),
  fc.tuple(arbScope, fc.double({ min: 0, max: 100, noNaN: true })).map(([{ location: _l, ...scope }, percent]) => ({ kind: "allocation", scope, percent })),
  fc.tuple(arbScope, fc.integer({ min: 0, max: 300 })).map(([{ location: _l, ...scope }, units]) => ({ kind: "sell_limit", scope, units })),
  fc.tuple(arbScope, fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined })).map(([{ location: _l, ...scope }, percent]) =>
    percent === undefined ? { kind: "outage_fallback", scope, mode: "zero" } : { kind: "outage_fallback", scope, mode: "percent", percent },
  ),
);

/** Valid rule sets only: duplicates of kind × scope are dropped, as the schema refuses them. */
const arbRules = fc.array(arbRule, { maxLength: 12 }).map((raw) => {
  const seen = new Set<string>();
  const unique = raw.filter((r) => {
    const rule = r as TPolicyRule;
    const key = `${rule.kind}|${rule.scope.channel}|${rule.scope.sku}|${rule.scope.location}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return ZPolicyRules.parse(unique);
});

const arbContext: fc.Arbitrary<TTargetContext> = fc
  .tuple(
    fc.array(fc.tuple(fc.subarray(LOCATIONS, { minLength: 1 }), fc.boolean()), { minLength: CHANNELS.length, maxLength: CHANNELS.length }),
    fc.subarray(LOCATIONS),
  )
  .map(([channels, stale]) => ({
    channels: channels.map(([eligibleLocations, isFeedStale], i) => ({ code: CHANNELS[i]!, eligibleLocations, isFeedStale })),
    staleLocations: new Set(stale),
  }));

const arbAtp = fc.tuple(...LOCATIONS.map(() => fc.integer({ min: -50, max: 500 }))).map((values) => new Map(LOCATIONS.map((l, i) => [l, values[i]!])));

function pool(ctx: TTargetContext, atp: Map<string, number>, channelIndex: number) {
  return ctx.channels[channelIndex]!.eligibleLocations.reduce((sum, l) => sum + Math.max(0, atp.get(l) ?? 0), 0);
}

describe("computeTargets: properties", () => {
  it("is a whole number, never negative and never above the channel's pool", () => {
    fc.assert(
      fc.property(arbRules, arbContext, arbAtp, (rules, ctx, atp) => {
        const targets = computeTargets(rules, ctx, { sku: SKU, atp });
        targets.forEach((t, i) => {
          expect(Number.isInteger(t)).toBe(true);
          expect(t).toBeGreaterThanOrEqual(0);
          expect(t).toBeLessThanOrEqual(pool(ctx, atp, i));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("is monotone in ATP: more stock at any location never lowers any target", () => {
    fc.assert(
      fc.property(arbRules, arbContext, arbAtp, fc.constantFrom(...LOCATIONS), fc.integer({ min: 1, max: 300 }), (rules, ctx, atp, location, more) => {
        const before = computeTargets(rules, ctx, { sku: SKU, atp });
        const richer = new Map(atp);
        richer.set(location, (atp.get(location) ?? 0) + more);
        const after = computeTargets(rules, ctx, { sku: SKU, atp: richer });
        after.forEach((t, i) => expect(t).toBeGreaterThanOrEqual(before[i]!));
      }),
      { numRuns: 3000 },
    );
  });

  it("never lets another channel consume a holdback", () => {
    fc.assert(
      fc.property(arbRules, arbContext, arbAtp, (rules, ctx, atp) => {
        const targets = computeTargets(rules, ctx, { sku: SKU, atp });
        ctx.channels.forEach((channel, i) => {
          const trace = explainTarget(rules, ctx, { sku: SKU, atp }, channel.code)!;
          expect(trace.target).toBe(targets[i]);
          for (const hold of trace.holdbacks) {
            expect(hold.channel).not.toBe(channel.code);
            // what this channel may sell leaves every other channel's held stock alone
            expect(targets[i]!).toBeLessThanOrEqual(Math.max(0, Math.floor(trace.pool - hold.charge + 1e-9)));
          }
          // jointly, never more than the holders could take from this channel's stock
          expect(trace.holdbackCharge).toBeLessThanOrEqual(trace.pool + 1e-9);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps a units holdback whole for its channel when channels share every location", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), arbAtp, fc.integer({ min: 2, max: 4 }), (units, atp, n) => {
        const ctx: TTargetContext = { channels: CHANNELS.slice(0, n).map((code) => ({ code, eligibleLocations: LOCATIONS })) };
        const rules = ZPolicyRules.parse([{ kind: "holdback", scope: { channel: "c1" }, units }]);
        const targets = computeTargets(rules, ctx, { sku: SKU, atp });
        const total = pool(ctx, atp, 0);
        expect(targets[0]).toBe(total);
        for (const t of targets.slice(1)) expect(t).toBe(Math.max(0, total - units));
      }),
    );
  });
});
