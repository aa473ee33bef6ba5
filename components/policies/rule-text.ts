import type { TPolicyRule, TPolicyScope } from "@/server/policies/policy.types";

const units = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function formatUnits(n: number): string {
  return units.format(n);
}

/** "every SKU on every channel", "amazon", "FAS-10001 on amazon at WH-EAST"… */
export function scopeText(scope: TPolicyScope): string {
  const parts = [scope.sku ?? "every SKU", scope.channel ? `on ${scope.channel}` : "on every channel", scope.location ? `at ${scope.location}` : null];
  return parts.filter(Boolean).join(" ");
}

export function valueText(rule: TPolicyRule): string {
  switch (rule.kind) {
    case "safety_buffer":
      return rule.units !== undefined ? `keep ${formatUnits(rule.units)} units back` : `keep ${formatUnits(rule.percent ?? 0)}% back`;
    case "holdback":
      return rule.units !== undefined ? `hold ${formatUnits(rule.units)} units for ${rule.scope.channel}` : `hold ${formatUnits(rule.percent ?? 0)}% of the pool for ${rule.scope.channel}`;
    case "allocation":
      return `may use ${formatUnits(rule.percent ?? 0)}% of the pool`;
    case "sell_limit":
      return `at most ${formatUnits(rule.units ?? 0)} units`;
    case "outage_fallback":
      return rule.mode === "zero" ? "while stale: 0" : `while stale: ${formatUnits(rule.percent ?? 0)}% of the target`;
  }
}
