import { z } from "zod";
import { recordAudit } from "@/server/audit/audit";
import { db } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import { auth } from "./better-auth";
import { ZRole, type TRole } from "./roles";

export const ZCreateUser = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(120),
  role: ZRole,
  password: z.string().min(8, "Passwords need at least 8 characters").max(128),
});
export type TCreateUser = z.infer<typeof ZCreateUser>;

export type TUserRow = { id: string; email: string; name: string; role: TRole; createdAt: Date };

/** Creates an email + password account (Better Auth's credential account) unless it exists. */
export async function createUser(input: TCreateUser, actorEmail: string): Promise<TUserRow> {
  const ctx = await auth().$context;
  const email = input.email.toLowerCase();
  if (await ctx.internalAdapter.findUserByEmail(email)) {
    throw new AppError("conflict", `A user with the email ${email} already exists.`);
  }
  const user = await ctx.internalAdapter.createUser({ email, name: input.name, role: input.role, emailVerified: true }, { method: "admin" });
  await ctx.internalAdapter.linkAccount({
    providerId: "credential",
    accountId: user.id,
    userId: user.id,
    password: await ctx.password.hash(input.password),
  });
  await recordAudit(db, { actorEmail, action: "user.create", targetType: "user", targetId: user.id, details: { email, role: input.role } });
  return { id: user.id, email, name: input.name, role: input.role, createdAt: user.createdAt };
}

export async function ensureUser(input: TCreateUser, actorEmail: string): Promise<string> {
  const existing = await db.user.findUnique({ where: { email: input.email.toLowerCase() }, select: { id: true } });
  return existing ? existing.id : (await createUser(input, actorEmail)).id;
}

export async function listUsers(): Promise<TUserRow[]> {
  const users = await db.user.findMany({ orderBy: { email: "asc" } });
  return users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: ZRole.catch("executive").parse(u.role), createdAt: u.createdAt }));
}

export async function setUserRole(userId: string, role: TRole, actorEmail: string) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError("not_found", "No such user.");
    await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAudit(tx, { actorEmail, action: "user.set_role", targetType: "user", targetId: userId, details: { from: user.role, to: role } });
  });
}
