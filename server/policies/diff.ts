import { scopeKey, type TPolicyRule } from "./policy.types";

export type TRuleDiff = {
  added: TPolicyRule[];
  removed: TPolicyRule[];
  changed: { before: TPolicyRule; after: TPolicyRule }[];
  unchanged: number;
};

function identity(rule: TPolicyRule) {
  return `${rule.kind}|${scopeKey(rule.scope)}`;
}

function sameValue(a: TPolicyRule, b: TPolicyRule) {
  return a.units === b.units && a.percent === b.percent && a.mode === b.mode;
}

/** What changed between two rule sets; a rule is identified by its kind and scope (unique in a set). */
export function diffRules(before: readonly TPolicyRule[], after: readonly TPolicyRule[]): TRuleDiff {
  const old = new Map(before.map((r) => [identity(r), r]));
  const diff: TRuleDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const rule of after) {
    const key = identity(rule);
    seen.add(key);
    const previous = old.get(key);
    if (!previous) diff.added.push(rule);
    else if (!sameValue(previous, rule)) diff.changed.push({ before: previous, after: rule });
    else diff.unchanged++;
  }
  for (const [key, rule] of old) if (!seen.has(key)) diff.removed.push(rule);
  return diff;
}
