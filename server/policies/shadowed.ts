import type { TPolicyRule } from "./policy.types";
import { CompiledPolicy, ruleGroup } from "./precedence";

export type TRuleFinding = { index: number; kind: "shadowed" | "never_applies"; message: string; shadowedBy: number[] };
export type TRuleCatalogue = { channels: readonly { code: string; eligibleLocations: readonly string[] }[] };

// Stands for "any SKU no rule names": it cannot be a code, so SKU-specific rules never match it.
const ANY_SKU = "\u0000any";

/**
 * Rules that can never be the one used, over the finite channels × eligible locations: those
 * beaten everywhere they match by a more specific rule of the same kind, and those whose scope
 * matches nothing (a location no channel sells from, a channel that does not exist).
 */
export function findIneffectiveRules(rules: readonly TPolicyRule[], catalogue: TRuleCatalogue): TRuleFinding[] {
  const policy = new CompiledPolicy(rules);
  const findings: TRuleFinding[] = [];
  rules.forEach((rule, index) => {
    const { channel, location, sku } = rule.scope;
    const channels = catalogue.channels.filter((c) => !channel || c.code === channel);
    if (channel && channels.length === 0) {
      findings.push({ index, kind: "never_applies", message: `no channel ${channel} exists`, shadowedBy: [] });
      return;
    }
    const contexts: { channel: string; location?: string }[] =
      ruleGroup(rule) === "location"
        ? channels.flatMap((c) => c.eligibleLocations.filter((l) => l === location).map((l) => ({ channel: c.code, location: l })))
        : channels.map((c) => ({ channel: c.code }));
    if (contexts.length === 0) {
      findings.push({ index, kind: "never_applies", message: channel ? `${location} is not an eligible location of ${channel}` : `no channel sells from ${location}`, shadowedBy: [] });
      return;
    }
    if (rule.kind === "holdback") {
      const holder = channels[0]!;
      const isShared = catalogue.channels.some((c) => c.code !== holder.code && c.eligibleLocations.some((l) => holder.eligibleLocations.includes(l)));
      if (!isShared) {
        findings.push({ index, kind: "never_applies", message: `no other channel shares a location with ${holder.code}, so nothing is held back from anyone`, shadowedBy: [] });
        return;
      }
    }
    const winners = new Set<number>();
    for (const ctx of contexts) {
      const won = policy.winner(rule.kind, ruleGroup(rule), sku ?? ANY_SKU, ctx.channel, ctx.location);
      if (won) winners.add(won.index);
    }
    if (!winners.has(index)) {
      const by = [...winners].sort((a, b) => a - b);
      findings.push({ index, kind: "shadowed", message: `always overridden by the more specific rule${by.length > 1 ? "s" : ""} ${by.map((i) => `#${i + 1}`).join(", ")}`, shadowedBy: by });
    }
  });
  return findings;
}
