// The application's surface, read from the code itself, so a procedure, endpoint or page added
// later cannot slip past the role and cross-site checks: each must be listed in the tables below.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { appRouter } from "@/server/api/root";
import { CAN, type TRole } from "@/server/auth/roles";

const APP_DIR = path.resolve(import.meta.dirname, "../../../app");

export type TProcedure = { path: string; type: "query" | "mutation" | "subscription" };

export function trpcProcedures(): TProcedure[] {
  const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: TProcedure["type"] } }> } })._def.procedures;
  return Object.entries(procedures).map(([p, v]) => ({ path: p, type: v._def.type }));
}

/** "app/api/v1/exceptions/[id]/actions/route.ts" → "/api/v1/exceptions/[id]/actions" */
function routeOf(file: string, suffix: string): string {
  const rel = path.relative(APP_DIR, file).replace(suffix, "").split(path.sep);
  const segments = rel.filter((s) => s && !(s.startsWith("(") && s.endsWith(")")));
  return `/${segments.join("/")}`.replace(/\/$/, "") || "/";
}

function filesNamed(name: string): string[] {
  return (readdirSync(APP_DIR, { recursive: true }) as string[]).filter((f) => path.basename(f) === name).map((f) => path.join(APP_DIR, f));
}

export type TEndpoint = { method: "POST" | "PUT" | "PATCH" | "DELETE"; route: string };

/** Every REST handler that changes something (POST, PUT, PATCH, DELETE exports of a route.ts). */
export function mutatingEndpoints(): TEndpoint[] {
  const out: TEndpoint[] = [];
  for (const file of filesNamed("route.ts")) {
    const source = readFileSync(file, "utf8");
    const methods = new Set<string>();
    for (const m of source.matchAll(/export\s+(?:const|async\s+function|function)\s+(POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]!);
    for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) for (const n of m[1]!.matchAll(/\bas\s+(POST|PUT|PATCH|DELETE)\b/g)) methods.add(n[1]!);
    for (const method of methods) out.push({ method: method as TEndpoint["method"], route: routeOf(file, "route.ts") });
  }
  return out.sort((a, b) => `${a.route} ${a.method}`.localeCompare(`${b.route} ${b.method}`));
}

export function pages(): string[] {
  return filesNamed("page.tsx").map((f) => routeOf(f, "page.tsx")).sort();
}

/** A concrete URL for a route pattern: dynamic segments get a value that exists or a harmless one. */
export function concrete(route: string, values: Record<string, string> = {}): string {
  return route.replace(/\[\.{0,3}([^\]]+)\]/g, (_m, name: string) => encodeURIComponent(values[name] ?? "1"));
}

// ---------------------------------------------------------------------------------------------
// Who may do what (DESIGN.md's roles table and server/auth/roles.ts CAN)

const ALL: readonly TRole[] = ["ops", "merchandiser", "executive", "admin"];

/** Mutating REST endpoints: the roles that may call them with a user token, or the credential they take instead. */
export const ENDPOINT_ACCESS: Record<string, { roles: readonly TRole[] } | { credential: "connector" | "shopify-hmac" | "webhook-signature" | "session-flow" }> = {
  "PUT /api/v1/master-data": { roles: CAN.manage_master_data },
  "POST /api/v1/events": { credential: "connector" },
  "POST /api/v1/webhooks/shopify/[connector]": { credential: "shopify-hmac" },
  "POST /api/v1/edi/x12": { credential: "connector" },
  "POST /api/v1/exceptions/[id]/actions": { roles: CAN.act_on_exceptions },
  "POST /api/v1/replays": { roles: CAN.replay },
  "POST /api/v1/replays/[id]/apply": { roles: CAN.replay },
  "POST /api/v1/replays/[id]/cancel": { roles: CAN.replay },
  "POST /api/v1/policies/drafts": { roles: CAN.edit_policies },
  "POST /api/v1/policies/drafts/[id]/publish": { roles: CAN.edit_policies },
  "POST /api/v1/policies/versions/[version]/rollback": { roles: CAN.edit_policies },
  "POST /api/v1/policies/suggestions/draft": { roles: CAN.edit_policies },
  "PUT /api/v1/policies/drafts/[id]": { roles: CAN.edit_policies },
  "DELETE /api/v1/policies/drafts/[id]": { roles: CAN.edit_policies },
  "POST /api/v1/notifications/endpoints": { roles: CAN.manage_notifications },
  "PATCH /api/v1/notifications/endpoints/[id]": { roles: CAN.manage_notifications },
  "DELETE /api/v1/notifications/endpoints/[id]": { roles: CAN.manage_notifications },
  "POST /api/v1/notifications/endpoints/[id]/rotate-secret": { roles: CAN.manage_notifications },
  "POST /api/v1/notifications/endpoints/[id]/test": { roles: CAN.manage_notifications },
  "POST /api/v1/notifications/endpoints/[id]/recover": { roles: CAN.manage_notifications },
  "POST /api/v1/notifications/messages/[id]/redeliver": { roles: CAN.manage_notifications },
  // the demo's own webhook receiver: only a message signed with the demo endpoint's secret gets in
  "POST /api/demo/webhook-receiver": { credential: "webhook-signature" },
  "POST /api/v1/reconciliations": { roles: CAN.reconcile },
  "PUT /api/v1/settings/reconciliation": { roles: CAN.edit_reconciliation_settings },
  // Better Auth's own endpoints (sign-in, sign-out): covered by the cross-site check
  "POST /api/auth/[...all]": { credential: "session-flow" },
  // the tRPC endpoint: every procedure is checked one by one
  "POST /api/trpc/[trpc]": { credential: "session-flow" },
};

/** Pages that need a role; every other page under app/(app) is for any signed-in user. */
export const PAGE_ROLES: { prefix: string; roles: readonly TRole[] }[] = [{ prefix: "/settings", roles: CAN.manage_master_data }];
export const PUBLIC_PAGES = ["/sign-in"];

export function pageRoles(page: string): readonly TRole[] {
  return PAGE_ROLES.find((p) => page === p.prefix || page.startsWith(`${p.prefix}/`))?.roles ?? ALL;
}

export { ALL as ALL_ROLES };
