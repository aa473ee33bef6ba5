import type { TRunScope } from "@/server/reconciliation/reconciliation.types";

const list = (codes: string[], what: string) => (codes.length <= 3 ? codes.join(", ") : `${codes.length} ${what}`);

/** "every SKU, location and channel", or what the scope names. */
export function scopeText(scope: TRunScope): string {
  const parts: string[] = [];
  if (scope.skus) parts.push(`SKUs ${list(scope.skus, "SKUs")}`);
  if (scope.locations) parts.push(`locations ${list(scope.locations, "locations")}`);
  if (scope.channels) parts.push(`channels ${list(scope.channels, "channels")}`);
  return parts.length ? parts.join(" · ") : "everything";
}
