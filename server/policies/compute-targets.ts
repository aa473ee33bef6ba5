import type { TPolicyRule } from "./policy.types";
import { CompiledPolicy, type TRuleRef } from "./precedence";

/**
 * The target algorithm (DESIGN.md "Policies"), pure: one SKU, every channel at once (holdbacks of
 * one channel count against the others). Steps, in this order:
 *  1. contribution per eligible location = max(0, ATP − location safety buffer); pool = their sum
 *  2. available = pool − holdbacks kept for other channels; min(available, pool × allocation %)
 *  3. minus the channel's safety buffer (units, or percent of available)
 *  4. capped by a sell limit; while stale, replaced by the outage fallback
 *  5. target = floor(max(0, available))
 *
 * Holdbacks: a units holdback keeps up to that many units of the stock the holding channel shares
 * with each other channel; a percent holdback keeps that percent of every shared location's stock.
 * When several channels hold back from the same locations, what they can take jointly is the
 * maximum flow from their holdbacks into this channel's locations (computed by its min cut), so a
 * unit is never counted twice and more stock anywhere never lowers a target.
 */

export type TChannelInput = { code: string; eligibleLocations: readonly string[]; isFeedStale?: boolean };
export type TTargetContext = {
  channels: readonly TChannelInput[];
  /** locations whose authoritative connector is silent */
  staleLocations?: ReadonlySet<string>;
};
export type TSkuInput = { sku: string; atp: ReadonlyMap<string, number> };

export type TRuleUse = { index: number; rule: TPolicyRule };
export type TTargetTrace = {
  sku: string;
  channel: string;
  locations: { location: string; atp: number; buffer: number; rule: TRuleUse | null; contribution: number; isSourceStale: boolean }[];
  pool: number;
  holdbacks: { channel: string; rule: TRuleUse; keeps: number; charge: number }[];
  holdbackCharge: number;
  afterHoldbacks: number;
  allocation: { rule: TRuleUse; cap: number } | null;
  afterAllocation: number;
  safetyBuffer: { rule: TRuleUse; amount: number } | null;
  afterSafetyBuffer: number;
  sellLimit: { rule: TRuleUse; cap: number } | null;
  afterSellLimit: number;
  stale: { isStale: boolean; isFeedStale: boolean; staleLocations: string[] };
  fallback: { rule: TRuleUse; mode: "zero" | "percent"; percent: number | null } | null;
  afterFallback: number;
  target: number;
};

// Percent arithmetic is in floating point; the final floor forgives rounding noise like 2.9999999.
const EPSILON = 1e-9;
// Beyond this many channels holding back units from one channel the exact min cut (2^n subsets)
// is replaced by the sum of their holdbacks: more conservative, still never negative.
const MAX_EXACT_UNIT_HOLDERS = 12;

type THolder = { channel: string; locations: ReadonlySet<string>; ref: TRuleRef };

function use(ref: TRuleRef): TRuleUse {
  return { index: ref.index, rule: ref.rule };
}

function asPolicy(policy: CompiledPolicy | readonly TPolicyRule[]): CompiledPolicy {
  return policy instanceof CompiledPolicy ? policy : new CompiledPolicy(policy);
}

/** The jointly held amount: min over subsets A of unit holders of Σ_{not A} units + Σ_L cut(L). */
function jointHoldback(eligible: readonly string[], contribution: readonly number[], unitHolders: readonly THolder[], percentAt: readonly number[]): number {
  const n = unitHolders.length;
  let percentOnly = 0;
  for (let i = 0; i < eligible.length; i++) percentOnly += contribution[i]! * Math.min(1, percentAt[i]!);
  if (n === 0) return percentOnly;
  if (n > MAX_EXACT_UNIT_HOLDERS) {
    const pool = contribution.reduce((a, b) => a + b, 0);
    return Math.min(pool, percentOnly + unitHolders.reduce((a, h) => a + (h.ref.rule.units ?? 0), 0));
  }
  let best = Infinity;
  for (let mask = 0; mask < 1 << n; mask++) {
    let value = 0;
    for (let h = 0; h < n; h++) if (!(mask & (1 << h))) value += unitHolders[h]!.ref.rule.units ?? 0;
    for (let i = 0; i < eligible.length; i++) {
      let isReached = false;
      for (let h = 0; h < n && !isReached; h++) if (mask & (1 << h) && unitHolders[h]!.locations.has(eligible[i]!)) isReached = true;
      value += isReached ? contribution[i]! : contribution[i]! * Math.min(1, percentAt[i]!);
    }
    if (value < best) best = value;
  }
  return best;
}

function computeOne(
  policy: CompiledPolicy,
  ctx: TTargetContext,
  sku: TSkuInput,
  channel: TChannelInput,
  holders: readonly THolder[],
  trace: TTargetTrace | null,
): number {
  const eligible = channel.eligibleLocations;
  const contribution: number[] = new Array(eligible.length);
  let pool = 0;
  // 1. contributions
  for (let i = 0; i < eligible.length; i++) {
    const location = eligible[i]!;
    const atp = sku.atp.get(location) ?? 0;
    const ref = policy.winner("safety_buffer", "location", sku.sku, channel.code, location);
    const buffer = !ref ? 0 : ref.rule.units !== undefined ? ref.rule.units : (Math.max(0, atp) * (ref.rule.percent ?? 0)) / 100;
    const c = Math.max(0, atp - buffer);
    contribution[i] = c;
    pool += c;
    trace?.locations.push({ location, atp, buffer, rule: ref && use(ref), contribution: c, isSourceStale: !!ctx.staleLocations?.has(location) });
  }
  // 2. holdbacks kept for other channels that share a location with this one, then allocation
  let holdbackCharge = 0;
  const sharing = holders.filter((h) => h.channel !== channel.code && eligible.some((l) => h.locations.has(l)));
  if (sharing.length > 0) {
    const unitHolders = sharing.filter((h) => h.ref.rule.units !== undefined);
    const percentAt = eligible.map((l) => sharing.reduce((sum, h) => (h.ref.rule.units === undefined && h.locations.has(l) ? sum + (h.ref.rule.percent ?? 0) / 100 : sum), 0));
    holdbackCharge = jointHoldback(eligible, contribution, unitHolders, percentAt);
    if (trace) {
      for (const h of sharing) {
        const shared = eligible.reduce((sum, l, i) => (h.locations.has(l) ? sum + contribution[i]! : sum), 0);
        const isUnits = h.ref.rule.units !== undefined;
        const keeps = isUnits ? h.ref.rule.units! : (shared * (h.ref.rule.percent ?? 0)) / 100;
        trace.holdbacks.push({ channel: h.channel, rule: use(h.ref), keeps, charge: Math.min(keeps, shared) });
      }
    }
  }
  let available = pool - holdbackCharge;
  if (trace) Object.assign(trace, { pool, holdbackCharge, afterHoldbacks: available });
  const allocation = policy.winner("allocation", "channel", sku.sku, channel.code);
  if (allocation) {
    const cap = (pool * (allocation.rule.percent ?? 100)) / 100;
    available = Math.min(available, cap);
    if (trace) trace.allocation = { rule: use(allocation), cap };
  }
  if (trace) trace.afterAllocation = available;
  // 3. the channel's safety buffer
  const buffer = policy.winner("safety_buffer", "channel", sku.sku, channel.code);
  if (buffer) {
    const amount = buffer.rule.units !== undefined ? buffer.rule.units : (Math.max(0, available) * (buffer.rule.percent ?? 0)) / 100;
    available -= amount;
    if (trace) trace.safetyBuffer = { rule: use(buffer), amount };
  }
  if (trace) trace.afterSafetyBuffer = available;
  // 4. sell limit, then the outage fallback while the feed or a location's source is stale
  const limit = policy.winner("sell_limit", "channel", sku.sku, channel.code);
  if (limit) {
    available = Math.min(available, limit.rule.units ?? Infinity);
    if (trace) trace.sellLimit = { rule: use(limit), cap: limit.rule.units ?? 0 };
  }
  if (trace) trace.afterSellLimit = available;
  const staleLocations = ctx.staleLocations && ctx.staleLocations.size > 0 ? eligible.filter((l) => ctx.staleLocations!.has(l)) : [];
  const isStale = !!channel.isFeedStale || staleLocations.length > 0;
  if (isStale) {
    const fallback = policy.winner("outage_fallback", "channel", sku.sku, channel.code);
    if (fallback) {
      available = fallback.rule.mode === "zero" ? 0 : (available * (fallback.rule.percent ?? 0)) / 100;
      if (trace) trace.fallback = { rule: use(fallback), mode: fallback.rule.mode ?? "zero", percent: fallback.rule.mode === "percent" ? (fallback.rule.percent ?? 0) : null };
    }
  }
  // 5. whole units, never negative
  const target = Math.floor(Math.max(0, available) + EPSILON);
  if (trace) Object.assign(trace, { afterFallback: available, target, stale: { isStale, isFeedStale: !!channel.isFeedStale, staleLocations } });
  return target;
}

function holdersFor(policy: CompiledPolicy, ctx: TTargetContext, sku: string): THolder[] {
  if (!policy.hasKind("holdback")) return [];
  const holders: THolder[] = [];
  for (const c of ctx.channels) {
    const ref = policy.winner("holdback", "channel", sku, c.code);
    if (ref) holders.push({ channel: c.code, locations: new Set(c.eligibleLocations), ref });
  }
  return holders;
}

/** Targets for one SKU on every channel of the context, in the context's channel order. */
export function computeTargets(policy: CompiledPolicy | readonly TPolicyRule[], ctx: TTargetContext, sku: TSkuInput): number[] {
  const compiled = asPolicy(policy);
  const holders = holdersFor(compiled, ctx, sku.sku);
  return ctx.channels.map((channel) => computeOne(compiled, ctx, sku, channel, holders, null));
}

/** The same computation for one channel, with every step and the rule used at each. */
export function explainTarget(policy: CompiledPolicy | readonly TPolicyRule[], ctx: TTargetContext, sku: TSkuInput, channelCode: string): TTargetTrace | null {
  const compiled = asPolicy(policy);
  const channel = ctx.channels.find((c) => c.code === channelCode);
  if (!channel) return null;
  const trace: TTargetTrace = {
    sku: sku.sku,
    channel: channel.code,
    locations: [],
    pool: 0,
    holdbacks: [],
    holdbackCharge: 0,
    afterHoldbacks: 0,
    allocation: null,
    afterAllocation: 0,
    safetyBuffer: null,
    afterSafetyBuffer: 0,
    sellLimit: null,
    afterSellLimit: 0,
    stale: { isStale: false, isFeedStale: false, staleLocations: [] },
    fallback: null,
    afterFallback: 0,
    target: 0,
  };
  computeOne(compiled, ctx, sku, channel, holdersFor(compiled, ctx, sku.sku), trace);
  return trace;
}
