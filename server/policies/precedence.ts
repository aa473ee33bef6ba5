import type { TPolicyRule, TPolicyScope, TRuleKind } from "./policy.types";

/**
 * Precedence among matching rules of one kind (DESIGN.md): more scope fields set beats fewer; on a
 * tie, sku beats location beats channel. As a number, so comparing is one subtraction.
 */
export function specificity(scope: TPolicyScope): number {
  const count = (scope.sku ? 1 : 0) + (scope.location ? 1 : 0) + (scope.channel ? 1 : 0);
  return count * 8 + (scope.sku ? 4 : 0) + (scope.location ? 2 : 0) + (scope.channel ? 1 : 0);
}

export type TRuleRef = { rule: TPolicyRule; index: number; rank: number };

/** The two places a rule acts: per location (step 1) or on the channel (steps 2–4). */
export type TRuleGroup = "location" | "channel";
export function ruleGroup(rule: TPolicyRule): TRuleGroup {
  return rule.scope.location ? "location" : "channel";
}

export function matches(scope: TPolicyScope, sku: string, channel: string, location?: string): boolean {
  return (!scope.sku || scope.sku === sku) && (!scope.channel || scope.channel === channel) && (!scope.location || scope.location === location);
}

function better(a: TRuleRef | null, b: TRuleRef | null): TRuleRef | null {
  if (!a) return b;
  if (!b) return a;
  if (a.rank !== b.rank) return a.rank > b.rank ? a : b;
  return a.index <= b.index ? a : b;
}

function pick(refs: readonly TRuleRef[] | undefined, sku: string, channel: string, location: string | undefined): TRuleRef | null {
  let best: TRuleRef | null = null;
  if (!refs) return null;
  for (const ref of refs) if (matches(ref.rule.scope, sku, channel, location)) best = better(best, ref);
  return best;
}

type TBucket = { generic: TRuleRef[]; bySku: Map<string, TRuleRef[]>; cache: Map<string, TRuleRef | null> };

/**
 * A rule set indexed for the hot path: rules that name no SKU are resolved once per channel (and
 * location) and cached; SKU-specific ones are looked up by SKU, so 1.2 M targets stay cheap.
 */
export class CompiledPolicy {
  private readonly buckets = new Map<string, TBucket>();
  readonly rules: readonly TPolicyRule[];
  readonly hasSkuRules: ReadonlySet<string>;

  constructor(rules: readonly TPolicyRule[]) {
    this.rules = rules;
    const skus = new Set<string>();
    rules.forEach((rule, index) => {
      const key = `${rule.kind}:${ruleGroup(rule)}`;
      let bucket = this.buckets.get(key);
      if (!bucket) this.buckets.set(key, (bucket = { generic: [], bySku: new Map(), cache: new Map() }));
      const ref = { rule, index, rank: specificity(rule.scope) };
      if (rule.scope.sku) {
        skus.add(rule.scope.sku);
        const list = bucket.bySku.get(rule.scope.sku) ?? [];
        list.push(ref);
        bucket.bySku.set(rule.scope.sku, list);
      } else bucket.generic.push(ref);
    });
    this.hasSkuRules = skus;
  }

  /** The winning rule of a kind for SKU × channel (× location for step-1 rules), or null. */
  winner(kind: TRuleKind, group: TRuleGroup, sku: string, channel: string, location?: string): TRuleRef | null {
    const bucket = this.buckets.get(`${kind}:${group}`);
    if (!bucket) return null;
    const cacheKey = `${channel}|${location ?? ""}`;
    let generic = bucket.cache.get(cacheKey);
    if (generic === undefined) {
      generic = pick(bucket.generic, sku, channel, location);
      bucket.cache.set(cacheKey, generic);
    }
    return better(generic, pick(bucket.bySku.get(sku), sku, channel, location));
  }

  hasKind(kind: TRuleKind): boolean {
    return this.buckets.has(`${kind}:channel`) || this.buckets.has(`${kind}:location`);
  }
}
