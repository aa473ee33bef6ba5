import { randomBytes } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { recordAudit } from "@/server/audit/audit";
import { db, type TTx } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import { recomputeAll, TARGETS_LOCK_KEY } from "@/server/targets/recompute";
import { parseStoredRules } from "./current";
import { ZPolicyRules, type TPolicyRule } from "./policy.types";
import { CompiledPolicy } from "./precedence";
import { assertScopesExist } from "./scope-check";

// Publishing recomputes every target in the same transaction: allow for a large catalogue.
const PUBLISH_TX = { timeout: 180_000, maxWait: 30_000 } as const;

function asJson(rules: TPolicyRule[]) {
  return rules as unknown as Prisma.InputJsonValue;
}

/** GET /policies: the current version number, every version (newest first) and open drafts. */
export async function listPolicies() {
  const [versions, drafts] = await Promise.all([
    db.policyVersion.findMany({ orderBy: { version: "desc" } }),
    db.policyDraft.findMany({ orderBy: { updatedAt: "desc" } }),
  ]);
  return {
    current: versions[0]?.version ?? null,
    versions: versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt, reason: v.reason, by: v.byEmail, rules: parseStoredRules(v.rules), rollbackOf: v.rollbackOf })),
    drafts: drafts.map((d) => ({ id: d.id, note: d.note, rules: parseStoredRules(d.rules), basedOn: d.basedOn, createdBy: d.createdBy, updatedAt: d.updatedAt })),
  };
}

export async function getDraft(id: string) {
  const draft = await db.policyDraft.findUnique({ where: { id } });
  if (!draft) throw new AppError("not_found", `No draft ${id}: it was published, discarded or never existed.`);
  return { id: draft.id, note: draft.note, rules: parseStoredRules(draft.rules), basedOn: draft.basedOn, createdBy: draft.createdBy, updatedAt: draft.updatedAt };
}

/** POST /policies/drafts: a whole rule set; without rules, a copy of the current version. */
export async function createDraft(input: { rules?: TPolicyRule[]; note?: string }, by: string) {
  return db.$transaction(async (tx) => {
    const current = await tx.policyVersion.findFirst({ orderBy: { version: "desc" } });
    const rules = input.rules ?? (current ? parseStoredRules(current.rules) : []);
    await assertScopesExist(tx, rules);
    const id = `d_${randomBytes(8).toString("hex")}`;
    const draft = await tx.policyDraft.create({ data: { id, note: input.note ?? "", rules: asJson(rules), basedOn: current?.version ?? null, createdBy: by } });
    await recordAudit(tx, { actorEmail: by, action: "policy.draft_created", targetType: "policy_draft", targetId: id, details: { rules: rules.length, basedOn: current?.version ?? null } });
    return { id: draft.id, rules, note: draft.note };
  });
}

export async function updateDraft(input: { id: string; rules: TPolicyRule[]; note?: string }, by: string) {
  const rules = ZPolicyRules.parse(input.rules);
  return db.$transaction(async (tx) => {
    await assertScopesExist(tx, rules);
    const found = await tx.policyDraft.findUnique({ where: { id: input.id }, select: { id: true } });
    if (!found) throw new AppError("not_found", `No draft ${input.id}: it was published or discarded.`);
    const draft = await tx.policyDraft.update({ where: { id: input.id }, data: { rules: asJson(rules), ...(input.note !== undefined ? { note: input.note } : {}) } });
    await recordAudit(tx, { actorEmail: by, action: "policy.draft_updated", targetType: "policy_draft", targetId: input.id, details: { rules: rules.length } });
    return { id: draft.id, rules, note: draft.note };
  });
}

export async function discardDraft(id: string, by: string) {
  return db.$transaction(async (tx) => {
    const deleted = await tx.policyDraft.deleteMany({ where: { id } });
    if (deleted.count === 0) throw new AppError("not_found", `No draft ${id}.`);
    await recordAudit(tx, { actorEmail: by, action: "policy.draft_discarded", targetType: "policy_draft", targetId: id });
    return { id };
  });
}

// Versions are numbered and targets written by one writer at a time (the worker takes it too).
async function lockTargets(tx: TTx) {
  await tx.$executeRaw`select pg_advisory_xact_lock(${TARGETS_LOCK_KEY})`;
}

/** A new version with these rules, every target recomputed, and its audit row: one transaction. */
async function newVersion(tx: TTx, rules: TPolicyRule[], meta: { reason: string; by: string; rollbackOf?: number; action: string; details: Record<string, unknown> }) {
  const latest = await tx.policyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
  const version = (latest?.version ?? 0) + 1;
  const row = await tx.policyVersion.create({ data: { version, reason: meta.reason, byEmail: meta.by, rules: asJson(rules), rollbackOf: meta.rollbackOf ?? null } });
  const recomputed = await recomputeAll(tx, new CompiledPolicy(rules));
  await recordAudit(tx, {
    actorEmail: meta.by,
    action: meta.action,
    targetType: "policy_version",
    targetId: version,
    reason: meta.reason,
    details: { ...meta.details, rules: rules.length, targetsChanged: recomputed.changed, skus: recomputed.skus } as Prisma.InputJsonValue,
  });
  return { version, publishedAt: row.publishedAt };
}

/** POST /policies/drafts/{id}/publish: the draft becomes the next version and leaves the drafts. */
export async function publishDraft(id: string, reason: string, by: string) {
  return db.$transaction(async (tx) => {
    await lockTargets(tx);
    const draft = await tx.policyDraft.findUnique({ where: { id } });
    if (!draft) throw new AppError("not_found", `No draft ${id}: it was published, discarded or never existed.`);
    const rules = parseStoredRules(draft.rules);
    await assertScopesExist(tx, rules);
    const result = await newVersion(tx, rules, { reason, by, action: "policy.published", details: { draftId: id, basedOn: draft.basedOn } });
    await tx.policyDraft.delete({ where: { id } });
    return result;
  }, PUBLISH_TX);
}

/** POST /policies/versions/{version}/rollback: an earlier version's rules as a new version. */
export async function rollbackToVersion(version: number, reason: string, by: string) {
  return db.$transaction(async (tx) => {
    await lockTargets(tx);
    const target = await tx.policyVersion.findUnique({ where: { version } });
    if (!target) throw new AppError("not_found", `No policy version ${version}.`);
    const latest = await tx.policyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
    if (latest && latest.version === version) throw new AppError("conflict", `Version ${version} is already the current one; roll back to an earlier version.`);
    const result = await newVersion(tx, parseStoredRules(target.rules), { reason, by, rollbackOf: version, action: "policy.rolled_back", details: { rollbackOf: version, from: latest?.version ?? null } });
    return { version: result.version };
  }, PUBLISH_TX);
}
