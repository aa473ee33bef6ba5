import { db } from "@/server/db";
import { sha256Hex } from "@/server/lib/crypto";
import { AppError } from "@/server/lib/errors";
import { auth } from "./better-auth";
import { asRole, type TRole } from "./roles";

export type TUserPrincipal = {
  kind: "user";
  via: "session" | "token";
  user: { id: string; email: string; name: string; role: TRole };
};
export type TConnectorPrincipal = {
  kind: "connector";
  connector: { id: number; code: string; kind: string; channelId: number | null; rateLimitPerSecond: number };
};
export type TPrincipal = TUserPrincipal | TConnectorPrincipal;

export function bearerToken(headers: Headers): string | undefined {
  const header = headers.get("authorization");
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? "";
}

/**
 * Who is calling: a user API token or connector key in `Authorization: Bearer`, else the session
 * cookie. Returns null when there are no credentials; throws 401 when they are present but wrong.
 */
export async function resolvePrincipal(headers: Headers): Promise<TPrincipal | null> {
  const token = bearerToken(headers);
  if (token !== undefined) {
    if (!token) throw new AppError("unauthorized", "The Authorization header must be `Bearer <token>`.");
    const principal = await principalForToken(token);
    if (!principal) throw new AppError("unauthorized", "That token or connector key is not valid (revoked, rotated or mistyped).");
    return principal;
  }
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const u = session.user as { id: string; email: string; name: string; role?: unknown };
  return { kind: "user", via: "session", user: { id: u.id, email: u.email, name: u.name, role: asRole(u.role) } };
}

// Lookups are by SHA-256 of the presented secret (an index probe), so nothing secret is compared
// byte by byte and no plaintext is ever stored.
export async function principalForToken(token: string): Promise<TPrincipal | null> {
  const hash = sha256Hex(token);
  const apiToken = await db.apiToken.findUnique({ where: { tokenHash: hash }, include: { user: true } });
  if (apiToken) {
    if (apiToken.revokedAt) return null;
    void db.apiToken.update({ where: { id: apiToken.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
    const u = apiToken.user;
    return { kind: "user", via: "token", user: { id: u.id, email: u.email, name: u.name, role: asRole(u.role) } };
  }
  const connector = await db.connector.findUnique({
    where: { keyHash: hash },
    select: { id: true, code: true, kind: true, channelId: true, rateLimitPerSecond: true },
  });
  return connector ? { kind: "connector", connector } : null;
}

export function requireUser(principal: TPrincipal | null, roles?: readonly TRole[]): TUserPrincipal {
  if (!principal) throw new AppError("unauthorized", "Sign in, or send `Authorization: Bearer <user API token>`.");
  if (principal.kind !== "user") {
    throw new AppError("forbidden", "A connector key cannot call this endpoint; use a user API token.");
  }
  if (roles && !roles.includes(principal.user.role)) {
    throw new AppError("forbidden", `This needs one of the roles: ${roles.join(", ")}. You are ${principal.user.role}.`);
  }
  return principal;
}

export function requireConnector(principal: TPrincipal | null): TConnectorPrincipal {
  if (!principal) throw new AppError("unauthorized", "Send `Authorization: Bearer <connector key>`.");
  if (principal.kind !== "connector") {
    throw new AppError("forbidden", "Only a connector key may send events; user tokens cannot.");
  }
  return principal;
}
