// Talking to the real server the way its clients do: REST with bearer keys and tokens, tRPC as the
// UI does (superjson envelope), Better Auth's sign-in for a session cookie.
import { createHmac, randomBytes } from "node:crypto";
import type { TRole } from "@/server/auth/roles";

export type TResponse<T = unknown> = { status: number; headers: Headers; text: string; json: T };

export async function call<T = unknown>(baseUrl: string, path: string, init: RequestInit = {}): Promise<TResponse<T>> {
  const r = await fetch(`${baseUrl}${path}`, { redirect: "manual", ...init });
  const text = await r.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, headers: r.headers, text, json: json as T };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function uniqueCode(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${randomBytes(3).toString("hex")}`.toUpperCase();
}

export async function putMasterData(baseUrl: string, adminToken: string, body: unknown) {
  const r = await call<{ connectorKeys: Record<string, string> }>(baseUrl, "/api/v1/master-data", {
    method: "PUT",
    headers: { ...bearer(adminToken), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (r.status !== 200) throw new Error(`master-data ${r.status}: ${r.text}`);
  return r.json;
}

export type TIngestAnswer = {
  received: number;
  accepted: number;
  duplicate: number;
  conflict: number;
  held: number;
  rejected: number;
  results: { index: number; eventId: string | null; status: string; reasons?: { code: string; field: string; message: string; value?: string }[] }[];
};

export function postEvents(baseUrl: string, key: string, events: unknown, init: { contentType?: string; body?: string } = {}) {
  return call<TIngestAnswer>(baseUrl, "/api/v1/events", {
    method: "POST",
    headers: { ...bearer(key), "content-type": init.contentType ?? "application/json" },
    body: init.body ?? JSON.stringify(events),
  });
}

export const SHOPIFY_SECRET = "resilience-shopify-secret";

export function shopifyHeaders(topic: string, eventId: string, body: string, secret = SHOPIFY_SECRET) {
  return {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-hmac-sha256": createHmac("sha256", secret).update(body, "utf8").digest("base64"),
    "x-shopify-shop-domain": "resilience.myshopify.com",
    "x-shopify-event-id": eventId,
    "x-shopify-webhook-id": `wh-${eventId}`,
  };
}

/** A small world of its own: two SKUs, a WMS-run warehouse, a Shopify channel and its connectors. */
export async function createWorld(baseUrl: string, adminToken: string, opts: { rateLimitPerSecond?: number } = {}) {
  const p = uniqueCode("R");
  const code = (s: string) => `${p}-${s}`;
  const { connectorKeys } = await putMasterData(baseUrl, adminToken, {
    skus: [{ code: code("A"), aliases: [code("shopify-item")] }, { code: code("B") }],
    connectors: [
      { code: code("wms"), kind: "wms", ...(opts.rateLimitPerSecond ? { rateLimitPerSecond: opts.rateLimitPerSecond } : {}) },
      { code: code("erp"), kind: "erp" },
      { code: code("shopify"), kind: "channel", channel: code("web"), webhookSecret: SHOPIFY_SECRET },
    ],
    locations: [{ code: code("WH"), kind: "warehouse", authoritativeConnector: code("wms"), aliases: [code("shopify-loc")] }],
    channels: [{ code: code("web"), kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: [code("WH")] }],
  });
  let n = 0;
  return {
    prefix: p,
    code,
    keys: connectorKeys,
    key: (connector: string) => connectorKeys[code(connector)]!,
    nextId: () => `${p}-e${++n}`,
  };
}
export type TWorld = Awaited<ReturnType<typeof createWorld>>;

// tRPC over HTTP as the UI's client sends it (non-batched, superjson): POST for mutations, GET for queries.
export async function trpc<T = unknown>(baseUrl: string, path: string, input: unknown, opts: { type?: "query" | "mutation"; headers?: Record<string, string> } = {}) {
  const envelope = JSON.stringify({ json: input ?? null });
  if (opts.type === "query") {
    return call<{ result?: { data: { json: T } }; error?: { json: { message: string; code: number; data: { code: string; httpStatus: number; appCode: string | null } } } }>(
      baseUrl,
      `/api/trpc/${path}?input=${encodeURIComponent(envelope)}`,
      { headers: opts.headers },
    );
  }
  return call<{ result?: { data: { json: T } }; error?: { json: { message: string; code: number; data: { code: string; httpStatus: number; appCode: string | null } } } }>(baseUrl, `/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...opts.headers },
    body: envelope,
  });
}

/** Signs in through Better Auth and returns the Cookie header value of the session. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const r = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password }),
    redirect: "manual",
  });
  if (r.status !== 200) throw new Error(`sign-in ${email}: ${r.status} ${await r.text()}`);
  const cookies = r.headers.getSetCookie().map((c) => c.split(";")[0]!);
  if (!cookies.length) throw new Error(`sign-in ${email}: no session cookie`);
  return cookies.join("; ");
}

export type TRoleUser = { role: TRole; email: string; password: string; userId: string; token: string; cookie: string };

/** One user per role, created through Settings' tRPC procedures, each with an API token and a session. */
export async function createRoleUsers(baseUrl: string, adminToken: string): Promise<Record<TRole, TRoleUser>> {
  const p = uniqueCode("u").toLowerCase();
  const out = {} as Record<TRole, TRoleUser>;
  for (const role of ["ops", "merchandiser", "executive", "admin"] as const) {
    const email = `${p}-${role}@resilience.test`;
    const password = `pw-${randomBytes(9).toString("base64url")}`;
    const created = await trpc<{ id: string }>(baseUrl, "settings.createUser", { email, name: `${role} tester`, role, password }, { headers: bearer(adminToken) });
    if (created.status !== 200) throw new Error(`createUser ${role}: ${created.status} ${created.text}`);
    const userId = created.json.result!.data.json.id;
    const token = await trpc<{ token: string }>(baseUrl, "settings.createApiToken", { name: `${role} token`, userId }, { headers: bearer(adminToken) });
    if (token.status !== 200) throw new Error(`createApiToken ${role}: ${token.status} ${token.text}`);
    out[role] = { role, email, password, userId, token: token.json.result!.data.json.token, cookie: await signIn(baseUrl, email, password) };
  }
  return out;
}

/** What a stack trace or an internal error leaks: none of it may reach a user or an API client. */
export const LEAK_PATTERNS = [/\n\s+at\s+\S+/, /node_modules/, /\.tsx?:\d+/, /\.js:\d+:\d+/, /Prisma|prisma\./, /PrismaClient/, /invocation/i, /SELECT\s.+\sFROM/i, /syntax error at/i, /ECONNREFUSED/, /DriverAdapterError/, /stack/i];

export function leaks(text: string): string[] {
  return LEAK_PATTERNS.filter((p) => p.test(text)).map(String);
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what ?? "a condition"}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}
