// Check 11: Next.js middleware-bypass headers give nothing, and a cross-site form post (text/plain,
// urlencoded, multipart; Origin elsewhere) to any mutating endpoint is refused with the victim's cookie.
import { beforeAll, describe, expect, it } from "vitest";
import type { TRole } from "@/server/auth/roles";
import { bearer, call, createRoleUsers, createWorld, trpc, uniqueCode, type TRoleUser, type TWorld } from "./lib/api";
import { sql } from "./lib/db";
import { figure, sharedServer } from "./lib/servers";
import { concrete, mutatingEndpoints, pageRoles, pages, PUBLIC_PAGES, trpcProcedures } from "./lib/surface";

const server = sharedServer();
let w: TWorld;
let users: Record<TRole, TRoleUser>;
const p = uniqueCode("XS");

// CVE-2025-29927 and friends: headers Next.js uses internally, sent from outside.
const BYPASS_HEADERS: Record<string, string>[] = [
  { "x-middleware-subrequest": "middleware" },
  { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
  { "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware" },
  { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
  { "x-middleware-subrequest": "pages/_middleware" },
  { "x-middleware-prefetch": "1", "x-nextjs-data": "1", "x-invoke-path": "/", "x-invoke-status": "200", "x-matched-path": "/" },
  { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-real-ip": "127.0.0.1", "x-forwarded-for": "127.0.0.1" },
];

beforeAll(async () => {
  w = await createWorld(server.baseUrl, server.token);
  users = await createRoleUsers(server.baseUrl, server.token);
});

describe("check 11: middleware bypass headers", () => {
  it("give a signed-out visitor no page, no RSC payload and no API", async () => {
    const all = pages().filter((pg) => !PUBLIC_PAGES.includes(pg));
    let n = 0;
    for (const headers of BYPASS_HEADERS) {
      for (const page of all) {
        const url = concrete(page, { code: w.code("A") });
        const r = await call(server.baseUrl, url, { headers });
        expect(r.status, `${url} with ${JSON.stringify(headers)}`).toBe(307);
        expect(new URL(r.headers.get("location")!, server.baseUrl).pathname).toBe("/sign-in");
        // the RSC (flight) payload a client-side navigation fetches
        const rsc = await call(server.baseUrl, `${url}${url.includes("?") ? "&" : "?"}_rsc`, { headers: { ...headers, rsc: "1" } });
        expect(rsc.text, `${url} RSC`).toContain("NEXT_REDIRECT;replace;/sign-in");
        n += 2;
      }
      for (const [path, init] of [
        ["/api/v1/exceptions", {}],
        ["/api/v1/master-data", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ skus: [{ code: `${p}-BYPASS` }] }) }],
        ["/api/v1/events", { method: "POST", headers: { "content-type": "application/json" }, body: "[]" }],
        [`/api/trpc/settings.users?input=${encodeURIComponent('{"json":null}')}`, {}],
        ["/api/trpc/settings.createApiToken", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { name: "bypass" } }) }],
      ] as [string, RequestInit][]) {
        const r = await call(server.baseUrl, path, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } });
        expect(r.status, `${path} with ${JSON.stringify(headers)}`).toBe(401);
        n++;
      }
    }
    expect(await sql(server.pgUrl, "select 1 from sku where code = $1", [`${p}-BYPASS`])).toHaveLength(0);
    // nor do they make a real request skip its work: Next would answer a bare 200 `{}` to a
    // prefetch without running the route, and a connector would take that for "stored"
    for (const headers of BYPASS_HEADERS) {
      const eventId = `${p}-${n}`;
      const r = await call<{ accepted: number }>(server.baseUrl, "/api/v1/events", {
        method: "POST",
        headers: { ...headers, ...bearer(w.key("wms")), "content-type": "application/json" },
        body: JSON.stringify([{ eventId, type: "heartbeat", occurredAt: new Date().toISOString() }]),
      });
      expect(r.json.accepted, `events with ${JSON.stringify(headers)}: ${r.text}`).toBe(1);
      expect(await sql(server.pgUrl, "select 1 from event where event_id = $1", [eventId])).toHaveLength(1);
      n++;
    }
    figure(11, `bypass headers: ${BYPASS_HEADERS.length} header sets × (${all.length} pages + RSC, 5 API calls) + 1 ingest each = ${n} requests: pages redirected to /sign-in, API 401, ingest still stored (not short-circuited)`);
  });

  it("give a role no page it may not see", async () => {
    const gated = pages().filter((pg) => !PUBLIC_PAGES.includes(pg) && !pageRoles(pg).includes("executive"));
    let n = 0;
    for (const headers of BYPASS_HEADERS) {
      for (const page of gated) {
        const r = await call(server.baseUrl, concrete(page), { headers: { ...headers, cookie: users.executive.cookie } });
        expect(r.status, `${page} as executive with ${JSON.stringify(headers)}`).toBe(403);
        const rsc = await call(server.baseUrl, `${concrete(page)}?_rsc`, { headers: { ...headers, rsc: "1", cookie: users.executive.cookie } });
        expect(rsc.text).toContain("NEXT_HTTP_ERROR_FALLBACK;403");
        n += 2;
      }
    }
    figure(11, `bypass headers as executive: ${n} requests to ${gated.length} admin pages (HTML and RSC), all 403`);
  });
});

describe("check 11: cross-site form posts ride on the victim's session cookie", () => {
  const FORMS: { type: string; body: (json: unknown) => string }[] = [
    { type: "text/plain", body: (json) => JSON.stringify(json) },
    { type: "application/x-www-form-urlencoded", body: (json) => `${encodeURIComponent(JSON.stringify(json))}=` },
    { type: "multipart/form-data; boundary=x", body: (json) => `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n${JSON.stringify(json)}\r\n--x--\r\n` },
  ];
  const ORIGINS: Record<string, string>[] = [{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }, { origin: "https://evil.example", "sec-fetch-site": "cross-site", referer: "https://evil.example/attack.html" }];

  async function fingerprint() {
    const [row] = await sql(
      server.pgUrl,
      `select (select count(*)::int from audit_log where actor_email = $1) as audit, (select count(*)::int from api_token) as tokens, (select count(*)::int from "user") as users,
              (select count(*)::int from sku where code like $2) as skus, (select key_hash from connector where code = $3) as key, (select count(*)::int from session where user_id = $4) as sessions`,
      [users.admin.email, `${p}-%`, w.code("erp"), users.admin.userId],
    );
    return row;
  }

  it("is refused on every tRPC mutation, every mutating REST endpoint and sign-out", async () => {
    const before = await fingerprint();
    const mutationInputs: Record<string, unknown> = {
      "masterData.upsert": { skus: [{ code: `${p}-CSRF` }] },
      "masterData.rotateConnectorKey": { code: w.code("erp") },
      "settings.createUser": { email: `${p.toLowerCase()}@csrf.test`, name: "csrf", role: "admin", password: "csrf-password-1" },
      "settings.setUserRole": { userId: users.executive.userId, role: "admin" },
      "settings.createApiToken": { name: "csrf" },
    };
    const targets: { name: string; method: string; path: string; json: unknown }[] = [];
    for (const proc of trpcProcedures().filter((x) => x.type === "mutation")) {
      targets.push({ name: `tRPC ${proc.path}`, method: "POST", path: `/api/trpc/${proc.path}`, json: { json: mutationInputs[proc.path] ?? {} } });
    }
    for (const e of mutatingEndpoints()) {
      if (e.route === "/api/trpc/[trpc]" || e.route.startsWith("/api/auth/")) continue;
      targets.push({ name: `${e.method} ${e.route}`, method: e.method, path: concrete(e.route, { connector: w.code("shopify") }), json: e.route.includes("master-data") ? { skus: [{ code: `${p}-CSRF-REST` }] } : { action: "acknowledge" } });
    }
    targets.push({ name: "Better Auth sign-out", method: "POST", path: "/api/auth/sign-out", json: {} });
    targets.push({ name: "Better Auth sign-in (login CSRF)", method: "POST", path: "/api/auth/sign-in/email", json: { email: users.executive.email, password: users.executive.password } });

    const refusals: Record<number, number> = {};
    for (const t of targets) {
      for (const form of FORMS) {
        for (const site of ORIGINS) {
          const r = await call(server.baseUrl, t.path, { method: t.method, headers: { cookie: users.admin.cookie, "content-type": form.type, ...site }, body: form.body(t.json) });
          expect(r.status, `${t.name} as ${form.type} from ${JSON.stringify(site)}: ${r.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(r.status).toBeLessThan(500);
          expect(r.headers.getSetCookie().filter((c) => /session_token=[^;]/.test(c)), `${t.name} set a session cookie`).toEqual([]);
          refusals[r.status] = (refusals[r.status] ?? 0) + 1;
        }
      }
    }
    expect(await fingerprint()).toEqual(before);
    // the session the attacker tried to end (or replace) still works
    expect((await call(server.baseUrl, "/exceptions", { headers: { cookie: users.admin.cookie } })).status).toBe(200);
    const total = Object.values(refusals).reduce((a, b) => a + b, 0);
    figure(11, `cross-site: ${targets.length} endpoints × ${FORMS.length} form encodings × ${ORIGINS.length} origins = ${total} posts, refused ${Object.entries(refusals).map(([s, n]) => `${n}×${s}`).join(" + ")}; nothing changed, session intact`);
  });

  it("is refused with 403 before the body is read when a session cookie is the credential", async () => {
    // the JSON a fetch() from another site could send only after a CORS preflight, which is never granted
    const restTargets = mutatingEndpoints().filter((e) => e.route.startsWith("/api/v1/") && !e.route.includes("webhooks") && e.route !== "/api/v1/events");
    for (const e of restTargets) {
      const r = await call(server.baseUrl, concrete(e.route), { method: e.method, headers: { cookie: users.admin.cookie, "content-type": "application/json", origin: "https://evil.example" }, body: "{}" });
      expect(r.status, `${e.method} ${e.route}: ${r.text}`).toBe(403);
    }
    // the same request from the app's own origin is allowed through (and a bearer token is never cross-site)
    const same = await call(server.baseUrl, "/api/v1/master-data", { method: "PUT", headers: { cookie: users.admin.cookie, "content-type": "application/json", origin: server.baseUrl }, body: "{}" });
    expect(same.status).toBe(200);
    const token = await call(server.baseUrl, "/api/v1/master-data", { method: "PUT", headers: { ...bearer(users.admin.token), "content-type": "application/json", origin: "https://evil.example" }, body: "{}" });
    expect(token.status).toBe(200);
    figure(11, `cross-site JSON with a session cookie: ${restTargets.length} REST endpoints → 403; same origin → 200; bearer token → 200`);
  });
});
