import { db } from "@/server/db";
import { diffRules } from "./diff";
import { parseStoredRules } from "./current";
import type { TPolicyRule } from "./policy.types";
import { findIneffectiveRules } from "./shadowed";

/** Rules of a set that can never be used, against today's channels and their eligible locations. */
export async function analyzeRules(rules: readonly TPolicyRule[]) {
  const channels = await db.channel.findMany({ select: { code: true, locations: { select: { location: { select: { code: true } } } } } });
  return findIneffectiveRules(rules, { channels: channels.map((c) => ({ code: c.code, eligibleLocations: c.locations.map((l) => l.location.code) })) });
}

/** The same for a stored rule set: a draft, a version, or (neither) the current version. */
export async function analyzeStoredRules(ref: { draftId?: string; version?: number }) {
  if (ref.draftId) {
    const draft = await db.policyDraft.findUnique({ where: { id: ref.draftId }, select: { rules: true } });
    return draft ? analyzeRules(parseStoredRules(draft.rules)) : [];
  }
  const version = await db.policyVersion.findFirst({ where: ref.version ? { version: ref.version } : {}, orderBy: { version: "desc" }, select: { rules: true } });
  return version ? analyzeRules(parseStoredRules(version.rules)) : [];
}

/** What changed from one version to another (either order). */
export async function diffVersions(from: number, to: number) {
  const rows = await db.policyVersion.findMany({ where: { version: { in: [from, to] } }, select: { version: true, rules: true } });
  const rulesOf = (v: number) => {
    const row = rows.find((r) => r.version === v);
    return row ? parseStoredRules(row.rules) : null;
  };
  const before = rulesOf(from);
  const after = rulesOf(to);
  if (!before || !after) return null;
  return diffRules(before, after);
}
