import { pgPool } from "@/server/db";
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

type TTokenRow = {
  kind: "token" | "connector";
  id: number;
  revoked: boolean;
  user_id: string | null;
  email: string | null;
  name: string | null;
  role: string | null;
  code: string | null;
  connector_kind: string | null;
  channel_id: number | null;
  rate_limit_per_second: number | null;
  is_use_unrecorded: boolean;
};

// Lookups are by SHA-256 of the presented secret (an index probe), so nothing secret is compared
// byte by byte and no plaintext is ever stored. One round trip for both kinds: every connector
// request pays it, so it is a single raw query rather than two ORM look-ups.
/** A token's last use is recorded at most this often. */
const LAST_USED_EVERY_SECONDS = 60;

export async function principalForToken(token: string): Promise<TPrincipal | null> {
  const hash = sha256Hex(token);
  const { rows } = await pgPool().query<TTokenRow>(
    `select 'token' as kind, t.id, t.revoked_at is not null as revoked, u.id as user_id, u.email, u.name, u.role,
            null as code, null as connector_kind, null::int as channel_id, null::int as rate_limit_per_second,
            t.last_used_at is null or t.last_used_at < now() - interval '${LAST_USED_EVERY_SECONDS} seconds' as is_use_unrecorded
     from api_token t join "user" u on u.id = t.user_id where t.token_hash = $1
     union all
     select 'connector', c.id, false, null, null, null, null, c.code, c.kind, c.channel_id, c.rate_limit_per_second, false
     from connector c where c.key_hash = $1`,
    [hash],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.kind === "token") {
    if (row.revoked) return null;
    // "last used" to the minute: a script polling with one token would otherwise queue on its row's lock
    if (row.is_use_unrecorded) {
      void pgPool()
        .query(`update api_token set last_used_at = now() where id = $1 and (last_used_at is null or last_used_at < now() - interval '${LAST_USED_EVERY_SECONDS} seconds')`, [row.id])
        .catch(() => undefined);
    }
    return { kind: "user", via: "token", user: { id: row.user_id!, email: row.email!, name: row.name!, role: asRole(row.role) } };
  }
  return { kind: "connector", connector: { id: row.id, code: row.code!, kind: row.connector_kind!, channelId: row.channel_id, rateLimitPerSecond: row.rate_limit_per_second! } };
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
