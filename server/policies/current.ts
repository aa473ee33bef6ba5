import type { TTx } from "@/server/db";
import { ZPolicyRules, type TPolicyRule } from "./policy.types";
import { CompiledPolicy } from "./precedence";

export type TCurrentPolicy = { version: number | null; rules: TPolicyRule[]; policy: CompiledPolicy };

// Compiled rule sets by version: versions never change once published, so this never goes stale.
const compiled = new Map<number, CompiledPolicy>();

export function parseStoredRules(value: unknown): TPolicyRule[] {
  const parsed = ZPolicyRules.safeParse(value);
  return parsed.success ? parsed.data : [];
}

/** The published rule set targets are computed with (no version yet: no rules). */
export async function currentPolicy(tx: TTx): Promise<TCurrentPolicy> {
  const latest = await tx.policyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true, rules: true } });
  if (!latest) return { version: null, rules: [], policy: new CompiledPolicy([]) };
  const rules = parseStoredRules(latest.rules);
  let policy = compiled.get(latest.version);
  if (!policy) {
    policy = new CompiledPolicy(rules);
    if (compiled.size > 50) compiled.clear();
    compiled.set(latest.version, policy);
  }
  return { version: latest.version, rules, policy };
}
