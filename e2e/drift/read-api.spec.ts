import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, putMasterData, uniqueCode } from "../fixtures/api";

const ENDPOINTS = ["/api/v1/drift", "/api/v1/drift?kind=system", "/api/v1/drift?kind=staleness", "/api/v1/inventory", "/api/v1/events"];

async function getJson(request: APIRequestContext, path: string, headers: Record<string, string> = ADMIN) {
  const response = await request.get(path, { headers });
  return { status: response.status(), body: await response.json() };
}

test("the read APIs are for users: none → 401, a connector key → 403", async ({ request }) => {
  const con = uniqueCode("CON");
  const { connectorKeys } = await putMasterData(request, { connectors: [{ code: con, kind: "wms" }] });
  for (const path of ENDPOINTS) {
    const none = await getJson(request, path, {});
    expect(none.status, path).toBe(401);
    expect(none.body).toMatchObject({ error: { code: "unauthorized", message: expect.any(String) } });
    const asConnector = await getJson(request, path, { authorization: `Bearer ${connectorKeys[con]}` });
    expect(asConnector.status, path).toBe(403);
    expect(asConnector.body.error.code).toBe("forbidden");
    const asAdmin = await getJson(request, path);
    expect(asAdmin.status, path).toBe(200);
    expect(asAdmin.body).toEqual({ items: expect.any(Array), nextCursor: asAdmin.body.nextCursor === null ? null : expect.any(String) });
  }
});

test("a signed-in executive (read-only) reads them too", async ({ request }) => {
  const signIn = await request.post("/api/auth/sign-in/email", { data: { email: "executive@example.com", password: "sightline-demo" } });
  expect(signIn.ok()).toBe(true);
  for (const path of ENDPOINTS) expect((await request.get(path)).status(), path).toBe(200);
});

test("bad queries are 400 invalid_query naming the parameter", async ({ request }) => {
  for (const [path, param] of [
    ["/api/v1/drift?kind=sideways", "kind"],
    ["/api/v1/drift?sign=up", "sign"],
    ["/api/v1/drift?limit=ten", "limit"],
    ["/api/v1/drift?cursor=not-a-cursor", "cursor"],
    ["/api/v1/events?status=duplicate", "status"],
    ["/api/v1/events?cursor=zzz", "cursor"],
    ["/api/v1/inventory?sku=has%20space", "sku"],
  ] as const) {
    const { status, body } = await getJson(request, path);
    expect(status, path).toBe(400);
    expect(body.error.code, path).toBe("invalid_query");
    expect(body.error.message, path).toContain(param);
  }
});

test("staleness rows per channel and per connector, with their SLOs, paged by cursor", async ({ request }) => {
  const channel = uniqueCode("CH").toLowerCase();
  const connector = uniqueCode("CON").toLowerCase();
  const location = uniqueCode("LOC");
  await putMasterData(request, {
    locations: [{ code: location, kind: "warehouse" }],
    channels: [{ code: channel, kind: "other", freshnessSloSeconds: 900, eligibleLocations: [location] }],
    connectors: [{ code: connector, kind: "channel", channel, heartbeatSeconds: 240 }],
  });
  const { body } = await getJson(request, `/api/v1/drift?kind=staleness&channel=${channel}`);
  expect(body.items).toEqual([
    { channel, connector: null, lastUpdateAt: null, staleSeconds: null, sloSeconds: 900, isStale: false },
    { channel: null, connector, lastUpdateAt: null, staleSeconds: null, sloSeconds: 240, isStale: false },
  ]);

  const all = (await getJson(request, "/api/v1/drift?kind=staleness&limit=500")).body.items;
  expect(all.length).toBeGreaterThan(2);
  const seen: unknown[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: unknown[]; nextCursor: string | null } } = await getJson(request, `/api/v1/drift?kind=staleness&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
    expect(page.body.items.length).toBeLessThanOrEqual(2);
    seen.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  // staleSeconds grows while we page, so compare which rows came back, in order
  const key = (r: unknown) => { const x = r as { channel: string | null; connector: string | null }; return `${x.channel ?? ""}|${x.connector ?? ""}`; };
  expect(seen.map(key)).toEqual(all.map(key));
});

test("filters that match nothing answer an empty page, and a huge limit is clamped, not refused", async ({ request }) => {
  expect((await getJson(request, "/api/v1/drift?sku=NO-SUCH-SKU")).body).toEqual({ items: [], nextCursor: null });
  expect((await getJson(request, "/api/v1/drift?kind=system&location=NOWHERE")).body).toEqual({ items: [], nextCursor: null });
  expect((await getJson(request, "/api/v1/inventory?sku=NO-SUCH-SKU")).body).toEqual({ items: [], nextCursor: null });
  expect((await getJson(request, "/api/v1/events?correlationId=nothing-at-all")).body).toEqual({ items: [], nextCursor: null });
  expect((await getJson(request, "/api/v1/drift?limit=100000")).status).toBe(200);
});

test("the OpenAPI document describes the read endpoints and their parameters", async ({ request }) => {
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  const drift = doc.paths["/api/v1/drift"].get;
  expect(drift.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["kind", "sku", "q", "location", "channel", "limit", "cursor"]));
  expect(doc.paths["/api/v1/inventory"].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["sku", "location", "limit", "cursor"]));
  expect(doc.paths["/api/v1/events"].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["sku", "connector", "status", "correlationId", "cursor"]));
});
