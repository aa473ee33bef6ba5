import { z } from "zod";
import { recordAudit } from "@/server/audit/audit";
import { db } from "@/server/db";
import { newToken, sha256Hex, tokenPrefix } from "@/server/lib/crypto";
import { AppError } from "@/server/lib/errors";
import { ensureUser } from "./users";

export const ZCreateApiToken = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(80),
  userId: z.string().min(1).optional(),
});

export const BOOTSTRAP_EMAIL = "bootstrap@sightline.local";

/** Creates a user API token; the plaintext is returned once and only its SHA-256 is stored. */
export async function createApiToken(input: { name: string; userId: string }, actorEmail: string) {
  const token = newToken("slu");
  const row = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } });
    if (!user) throw new AppError("not_found", "No such user.");
    const created = await tx.apiToken.create({
      data: { userId: input.userId, name: input.name, prefix: tokenPrefix(token), tokenHash: sha256Hex(token) },
    });
    await recordAudit(tx, { actorEmail, action: "api_token.create", targetType: "api_token", targetId: created.id, details: { name: input.name, prefix: created.prefix } });
    return created;
  });
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, token };
}

export async function listApiTokens() {
  const rows = await db.apiToken.findMany({ orderBy: { createdAt: "desc" }, include: { user: { select: { email: true, role: true } } } });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    userEmail: r.user.email,
    role: r.user.role,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
    revokedAt: r.revokedAt,
  }));
}

export async function revokeApiToken(id: number, actorEmail: string) {
  return db.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id } });
    if (!token) throw new AppError("not_found", "No such API token.");
    if (token.revokedAt) return token;
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actorEmail, action: "api_token.revoke", targetType: "api_token", targetId: id, details: { prefix: token.prefix } });
    return revoked;
  });
}

/** SIGHTLINE_BOOTSTRAP_TOKEN: an admin token with exactly that value, owned by the built-in admin. */
export async function ensureBootstrapToken(token: string) {
  const userId = await ensureUser(
    { email: BOOTSTRAP_EMAIL, name: "Bootstrap automation", role: "admin", password: newToken("slu") },
    "system",
  );
  await db.user.update({ where: { id: userId }, data: { role: "admin" } });
  const hash = sha256Hex(token);
  const existing = await db.apiToken.findUnique({ where: { tokenHash: hash } });
  if (existing) {
    if (existing.revokedAt) await db.apiToken.update({ where: { id: existing.id }, data: { revokedAt: null } });
    return;
  }
  await db.apiToken.create({ data: { userId, name: "SIGHTLINE_BOOTSTRAP_TOKEN", prefix: tokenPrefix(token), tokenHash: hash } });
}
