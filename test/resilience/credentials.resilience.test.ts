// Check 4: a bad connector key, a bad Shopify HMAC or no token at all → 401, and nothing stored or applied.
import { beforeAll, describe, expect, it } from "vitest";
import { bearer, call, createRoleUsers, createWorld, postEvents, shopifyHeaders, trpc, type TRoleUser, type TWorld } from "./lib/api";
import { book, sql, storedCounts } from "./lib/db";
import { figure, sharedServer } from "./lib/servers";

const server = sharedServer();
let w: TWorld;
let users: Record<"ops" | "merchandiser" | "executive" | "admin", TRoleUser>;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

async function everything() {
  const counts = await storedCounts(server.pgUrl, null);
  const [hourly] = await sql<{ received: number }>(server.pgUrl, "select coalesce(sum(received), 0)::int as received from ingest_hourly");
  const [seen] = await sql<{ at: string | null }>(server.pgUrl, "select max(last_seen_at)::text as at from connector where code like $1", [`${w.prefix}-%`]);
  return { ...counts, received: hourly!.received, lastSeen: seen!.at, book: await book(server.pgUrl, w.code("A"), w.code("WH")) };
}

beforeAll(async () => {
  w = await createWorld(server.baseUrl, server.token);
  users = await createRoleUsers(server.baseUrl, server.token);
});

describe("check 4: bad credentials are refused with 401 and leave no trace", () => {
  it("refuses events without a valid connector key, and stores nothing from them", async () => {
    const event = () => ({ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 3, occurredAt: iso(10_000) });
    const rotatedKey = w.key("erp");
    const rotate = await trpc<{ key: string }>(server.baseUrl, "masterData.rotateConnectorKey", { code: w.code("erp") }, { headers: bearer(server.token) });
    expect(rotate.status).toBe(200);

    const before = await everything();
    const attempts: { name: string; headers: Record<string, string>; body?: string; expected: number }[] = [
      { name: "no Authorization header", headers: {}, expected: 401 },
      { name: "empty bearer", headers: { authorization: "Bearer " }, expected: 401 },
      { name: "not a bearer scheme", headers: { authorization: `Basic ${Buffer.from(`x:${w.key("wms")}`).toString("base64")}` }, expected: 401 },
      { name: "a made-up key", headers: bearer("slc_this-key-does-not-exist-0000000000"), expected: 401 },
      { name: "the real key with one character changed", headers: bearer(`${w.key("wms").slice(0, -1)}${w.key("wms").endsWith("A") ? "B" : "A"}`), expected: 401 },
      { name: "the real key in another case", headers: bearer(w.key("wms").toUpperCase()), expected: 401 },
      { name: "a rotated (old) key", headers: bearer(rotatedKey), expected: 401 },
      { name: "the key with junk after it", headers: { authorization: `Bearer ${w.key("wms")} extra` }, expected: 401 },
      { name: "a malformed body with a made-up key", headers: bearer("slc_made-up"), body: "{ this is not json", expected: 401 },
      { name: "a user API token (admin) instead of a connector key", headers: bearer(users.admin.token), expected: 403 },
      { name: "a session cookie instead of a connector key", headers: { cookie: users.ops.cookie }, expected: 403 },
    ];
    const answers: string[] = [];
    for (const a of attempts) {
      const r = await call<{ error: { code: string; message: string } }>(server.baseUrl, "/api/v1/events", {
        method: "POST",
        headers: { "content-type": "application/json", ...a.headers },
        body: a.body ?? JSON.stringify([event()]),
      });
      expect(r.status, a.name).toBe(a.expected);
      expect(r.json.error.code, a.name).toBe(a.expected === 401 ? "unauthorized" : "forbidden");
      answers.push(`${a.name} → ${r.status}`);
    }
    expect(await everything()).toEqual(before);
    // and the real key still works, so the refusals were about the credentials
    const ok = await postEvents(server.baseUrl, w.key("wms"), [event()]);
    expect(ok.status).toBe(200);
    figure(4, `events: ${attempts.length} requests with bad or wrong credentials, ${attempts.filter((a) => a.expected === 401).length}×401 + ${attempts.filter((a) => a.expected === 403).length}×403 (user token, session), 0 rows stored (events, dead letters, conflicts, hourly counts, last seen, book unchanged)`);
  });

  it("refuses Shopify webhooks whose HMAC does not verify, and stores nothing from them", async () => {
    const body = JSON.stringify({ inventory_item_id: w.code("shopify-item"), location_id: w.code("shopify-loc"), available: 4, updated_at: iso(5_000) });
    const url = `/api/v1/webhooks/shopify/${w.code("shopify")}`;
    const good = shopifyHeaders("inventory_levels/update", `${w.prefix}-hmac`, body);
    const before = await everything();
    const attempts: { name: string; headers: Record<string, string>; body: string; path?: string }[] = [
      { name: "no signature", headers: { ...good, "x-shopify-hmac-sha256": "" }, body },
      { name: "signed with another secret", headers: shopifyHeaders("inventory_levels/update", `${w.prefix}-hmac`, body, "not-the-secret"), body },
      { name: "a signature of another body", headers: shopifyHeaders("inventory_levels/update", `${w.prefix}-hmac`, `${body} `), body },
      { name: "the body changed after signing", headers: good, body: body.replace('"available":4', '"available":4000') },
      { name: "hex instead of base64", headers: { ...good, "x-shopify-hmac-sha256": Buffer.from(good["x-shopify-hmac-sha256"], "base64").toString("hex") }, body },
      { name: "an unknown connector", headers: good, body, path: "/api/v1/webhooks/shopify/no-such-connector" },
      { name: "a connector without a webhook secret", headers: good, body, path: `/api/v1/webhooks/shopify/${w.code("wms")}` },
      { name: "a bearer connector key instead of a signature", headers: { ...good, "x-shopify-hmac-sha256": "", ...bearer(w.key("shopify")) }, body },
    ];
    for (const a of attempts) {
      const r = await call<{ error: { code: string } }>(server.baseUrl, a.path ?? url, { method: "POST", headers: a.headers, body: a.body });
      expect(r.status, a.name).toBe(401);
      expect(r.json.error.code, a.name).toBe("unauthorized");
    }
    expect(await everything()).toEqual(before);
    const ok = await call(server.baseUrl, url, { method: "POST", headers: good, body });
    expect(ok.status).toBe(200);
    figure(4, `Shopify: ${attempts.length} webhooks with a bad or missing HMAC, ${attempts.length}×401, 0 rows stored; the correctly signed one → 200`);
  });

  it("refuses user endpoints and tRPC without a token or session, changing nothing", async () => {
    const [auditBefore] = await sql<{ n: number }>(server.pgUrl, "select count(*)::int as n from audit_log");
    const sku = `${w.prefix}-NOAUTH`;
    const requests: [string, string, RequestInit][] = [
      ["PUT master-data", "/api/v1/master-data", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ skus: [{ code: sku }] }) }],
      ["PUT master-data, bad token", "/api/v1/master-data", { method: "PUT", headers: { "content-type": "application/json", ...bearer("slu_nope") }, body: JSON.stringify({ skus: [{ code: sku }] }) }],
      ["GET exceptions", "/api/v1/exceptions", {}],
      ["GET exception 1", "/api/v1/exceptions/1", {}],
      ["POST exception action", "/api/v1/exceptions/1/actions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ action: "acknowledge" }) }],
      ["tRPC masterData.upsert", "/api/trpc/masterData.upsert", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { skus: [{ code: sku }] } }) }],
      ["tRPC settings.createApiToken, forged cookie", "/api/trpc/settings.createApiToken", { method: "POST", headers: { "content-type": "application/json", cookie: "better-auth.session_token=forged.value" }, body: JSON.stringify({ json: { name: "x" } }) }],
      ["tRPC settings.users", `/api/trpc/settings.users?input=${encodeURIComponent('{"json":null}')}`, {}],
    ];
    for (const [name, path, init] of requests) {
      const r = await call(server.baseUrl, path, init);
      expect(r.status, name).toBe(401);
    }
    const [auditAfter] = await sql<{ n: number }>(server.pgUrl, "select count(*)::int as n from audit_log");
    expect(auditAfter!.n).toBe(auditBefore!.n);
    expect(await sql(server.pgUrl, "select 1 from sku where code = $1", [sku])).toHaveLength(0);
    figure(4, `user API and tRPC: ${requests.length} requests without valid credentials, ${requests.length}×401, 0 audit rows, 0 rows written`);
  });
});
