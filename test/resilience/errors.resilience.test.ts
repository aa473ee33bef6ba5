// Check 15: what users and API clients see when something fails is a clear 4xx for bad input and a
// generic message for unexpected failures — never a stack trace, a query or a file path.
import { beforeAll, describe, expect, it } from "vitest";
import { bearer, call, createRoleUsers, createWorld, leaks, type TRoleUser, type TWorld } from "./lib/api";
import { figure, sharedServer } from "./lib/servers";

const server = sharedServer();
let w: TWorld;
let ops: TRoleUser;

beforeAll(async () => {
  w = await createWorld(server.baseUrl, server.token);
  ops = (await createRoleUsers(server.baseUrl, server.token)).ops;
});

type TProbe = { name: string; path: string; init?: RequestInit; as: "token" | "connector" | "cookie" };
const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify({ json: input }));
const ODD_SEGMENTS = ["%ff", "%E0%A4%A", "%00", "%C0%AF", "..%2f..%2fetc%2fpasswd", "99999999999999999999", "-1", "1.5", "0x10", "1e3", "%F0%9F%93%A6", "'%20or%201=1--"];

function probes(): TProbe[] {
  const list: TProbe[] = [];
  // REST reads with bad cursors, limits and filters
  for (const q of ["cursor=garbage", "cursor=eyJ4IjoxfQ", `cursor=${"A".repeat(5000)}`, "limit=99999999999999999999", "limit=-1", "limit=abc", "limit=1e400", "limit=0", "state=bogus", "kind=x%27%20or%201=1", "sku=%00", "sku=%ff", "sort=%ff", "assignee=%00"]) {
    list.push({ name: `GET /api/v1/exceptions?${q}`, path: `/api/v1/exceptions?${q}`, as: "token" });
  }
  for (const seg of ODD_SEGMENTS) {
    list.push({ name: `GET /api/v1/exceptions/${seg}`, path: `/api/v1/exceptions/${seg}`, as: "token" });
    list.push({ name: `POST /api/v1/exceptions/${seg}/actions`, path: `/api/v1/exceptions/${seg}/actions`, as: "token", init: { method: "POST", headers: { "content-type": "application/json" }, body: '{"action":"acknowledge"}' } });
    list.push({ name: `POST /api/v1/webhooks/shopify/${seg}`, path: `/api/v1/webhooks/shopify/${seg}`, as: "token", init: { method: "POST", headers: { "content-type": "application/json" }, body: "{}" } });
    list.push({ name: `page /exceptions/${seg}`, path: `/exceptions/${seg}`, as: "cookie" });
    list.push({ name: `GET /api/trpc/${seg}`, path: `/api/trpc/${seg}`, as: "token" });
    list.push({ name: `GET /api/auth/${seg}`, path: `/api/auth/${seg}`, as: "token" });
  }
  list.push({ name: "POST /api/v1/exceptions/1/actions unknown action", path: "/api/v1/exceptions/1/actions", as: "token", init: { method: "POST", headers: { "content-type": "application/json" }, body: '{"action":"explode"}' } });
  list.push({ name: "POST /api/v1/exceptions/1/actions snooze without until", path: "/api/v1/exceptions/1/actions", as: "token", init: { method: "POST", headers: { "content-type": "application/json" }, body: '{"action":"snooze","until":"yesterday"}' } });
  list.push({ name: "GET /api/v1/nope", path: "/api/v1/nope", as: "token" });
  list.push({ name: "DELETE /api/v1/events", path: "/api/v1/events", as: "connector", init: { method: "DELETE" } });
  list.push({ name: "GET /api/v1/events with a connector key", path: "/api/v1/events", as: "connector" });
  // tRPC with inputs of the wrong shape, too large or overflowing
  const trpc: [string, unknown][] = [
    ["connectors.event", { id: 1e20 }],
    ["connectors.event", { id: "99999999999999999999" }],
    ["connectors.event", { id: -1 }],
    ["connectors.byCode", { code: "\u0000" }],
    ["connectors.byCode", { code: "x".repeat(100_000) }],
    ["connectors.deadLetterBodies", { connector: w.code("wms"), cursor: "zzz" }],
    ["connectors.deadLetterBodies", { connector: w.code("wms"), limit: 1e9 }],
    ["exceptions.detail", { id: 99_999_999_999 }],
    ["exceptions.list", { cursor: "garbage" }],
    ["exceptions.list", { limit: 1e9 }],
    ["exceptions.list", { sort: "'; drop table exception_group; --" }],
    ["masterData.skus", { cursor: "garbage" }],
    ["masterData.skus", { q: "%".repeat(10_000) }],
  ];
  for (const [procedure, input] of trpc) list.push({ name: `tRPC ${procedure} ${JSON.stringify(input).slice(0, 60)}`, path: `/api/trpc/${procedure}?input=${trpcInput(input)}`, as: "cookie" });
  list.push({ name: "tRPC malformed input", path: "/api/trpc/exceptions.list?input=%7Bbad", as: "cookie" });
  list.push({ name: "tRPC unknown procedure", path: "/api/trpc/nope.nope", as: "cookie" });
  list.push({ name: "tRPC batch of 200 unknown procedures", path: `/api/trpc/${Array(200).fill("nope").join(",")}?batch=1&input=%7B%7D`, as: "cookie" });
  // pages with odd queries
  for (const q of ["cursor=garbage", "sort=%ff", "state=%00", "limit=99999999999999999999", "q=%27%20or%201=1"]) list.push({ name: `page /exceptions?${q}`, path: `/exceptions?${q}`, as: "cookie" });
  list.push({ name: "page /%ff", path: "/%ff", as: "cookie" });
  list.push({ name: "page /no/such/page", path: "/no/such/page", as: "cookie" });
  // an unexpected failure inside ingest (a NUL character PostgreSQL refuses; see check 7)
  list.push({ name: "POST /api/v1/events with a NUL character", path: "/api/v1/events", as: "connector", init: { method: "POST", headers: { "content-type": "application/json" }, body: '[{"eventId":"a\\u0000b","type":"heartbeat","occurredAt":"2026-01-01T00:00:00Z"}]' } });
  return list;
}

describe("check 15: errors are generic and never leak internals", () => {
  it("answers odd paths, cursors, limits, ids and inputs with a clean 4xx (or a generic 500), without a stack trace", async () => {
    const all = probes();
    const byStatus: Record<number, number> = {};
    const problems: string[] = [];
    const fiveHundreds: string[] = [];
    for (const probe of all) {
      const auth = probe.as === "token" ? bearer(server.token) : probe.as === "connector" ? bearer(w.key("wms")) : { cookie: ops.cookie };
      const r = await call<{ error?: { code?: string; message?: string } | { json?: { message?: string } } }>(server.baseUrl, probe.path, { ...probe.init, headers: { ...(probe.init?.headers as Record<string, string>), ...auth } });
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      const leaked = leaks(r.text.replace(/<script[\s\S]*?<\/script>/g, ""));
      if (leaked.length) problems.push(`${probe.name}: ${r.status} leaks ${leaked.join(", ")}: ${r.text.slice(0, 200)}`);
      if (r.status >= 500) {
        fiveHundreds.push(probe.name);
        const message = JSON.stringify(r.json ?? r.text);
        if (!/Something went wrong on our side/.test(message)) problems.push(`${probe.name}: ${r.status} is not the generic message: ${r.text.slice(0, 200)}`);
      }
      // 404 and 405 for routes and methods that do not exist come from Next itself, with no body to leak
      if (probe.path.startsWith("/api/v1/") && r.status >= 400 && r.status !== 404 && r.status !== 405 && !(r.json as { error?: { code?: string; message?: string } })?.error?.message) {
        problems.push(`${probe.name}: ${r.status} without the {"error":{"code","message"}} shape: ${r.text.slice(0, 120)}`);
      }
    }
    const expectedUnexpected = ["POST /api/v1/events with a NUL character"];
    const unexpected500 = fiveHundreds.filter((n) => !expectedUnexpected.includes(n));
    figure(15, `${all.length} provoking requests (odd path bytes, overflowing ids, bad cursors and limits, wrong tRPC inputs, an ingest failure): ${Object.entries(byStatus).map(([s, n]) => `${n}×${s}`).join(", ")}; ${problems.length} leaks or non-generic errors; 500s only where expected (${fiveHundreds.join("; ") || "none"})`);
    expect(problems, problems.join("\n")).toEqual([]);
    expect(unexpected500, "bad input answered 500").toEqual([]);
  });

  it("shows a person the generic error page, not a stack, for a page that fails", async () => {
    // the not-found and error pages a person sees: no internals either way
    const r = await call(server.baseUrl, "/exceptions/99999999999999999999", { headers: { cookie: ops.cookie } });
    expect(r.status).toBe(404);
    expect(leaks(r.text.replace(/<script[\s\S]*?<\/script>/g, ""))).toEqual([]);
    const rsc = await call(server.baseUrl, "/exceptions/99999999999999999999?_rsc", { headers: { cookie: ops.cookie, rsc: "1" } });
    expect(rsc.text).not.toMatch(/\n\s+at\s|node_modules|\.tsx?:\d+/);
    figure(15, "pages: an unknown exception id → 404 page; HTML and RSC payload free of stack frames and paths");
  });
});
