import type { TTx } from "@/server/db";
import { AppError, type TErrorDetail } from "@/server/lib/errors";
import type { TPolicyRule } from "./policy.types";

/** Refuses rules whose scope names a SKU, location or channel that does not exist (400, per rule). */
export async function assertScopesExist(tx: TTx, rules: readonly TPolicyRule[]) {
  const wanted = { sku: new Set<string>(), location: new Set<string>(), channel: new Set<string>() };
  for (const r of rules) {
    if (r.scope.sku) wanted.sku.add(r.scope.sku);
    if (r.scope.location) wanted.location.add(r.scope.location);
    if (r.scope.channel) wanted.channel.add(r.scope.channel);
  }
  const [skus, locations, channels] = await Promise.all([
    wanted.sku.size ? tx.sku.findMany({ where: { code: { in: [...wanted.sku] } }, select: { code: true } }) : [],
    wanted.location.size ? tx.location.findMany({ where: { code: { in: [...wanted.location] } }, select: { code: true } }) : [],
    wanted.channel.size ? tx.channel.findMany({ where: { code: { in: [...wanted.channel] } }, select: { code: true } }) : [],
  ]);
  const known = { sku: new Set(skus.map((s) => s.code)), location: new Set(locations.map((l) => l.code)), channel: new Set(channels.map((c) => c.code)) };
  const details: TErrorDetail[] = [];
  rules.forEach((r, i) => {
    for (const field of ["sku", "location", "channel"] as const) {
      const code = r.scope[field];
      if (code && !known[field].has(code)) details.push({ path: `rules[${i}].scope.${field}`, field, message: `no ${field} ${code} exists` });
    }
  });
  if (details.length > 0) {
    throw new AppError("invalid_field", `${details[0]!.path}: ${details[0]!.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}`, { details });
  }
}
