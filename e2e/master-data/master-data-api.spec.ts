import { expect, test } from "@playwright/test";
import { ADMIN, putMasterData, uniqueCode } from "../fixtures/api";

function expectErrorShape(body: unknown, code: string) {
  expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
}

test("health and the OpenAPI document are public", async ({ request }) => {
  expect(await (await request.get("/api/health")).json()).toEqual({ status: "ok", db: "ok" });
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toMatch(/^3\./);
  expect(doc.paths["/api/v1/master-data"].put.summary).toMatch(/Upsert SKUs/);
});

test("an admin token upserts master data and gets new connector keys once", async ({ request }) => {
  const sku = uniqueCode("SKU");
  const loc = uniqueCode("LOC");
  const chan = uniqueCode("CH");
  const con = uniqueCode("CON");
  const body = {
    channels: [{ code: chan, kind: "marketplace", freshnessSloSeconds: 600, eligibleLocations: [loc] }],
    locations: [{ code: loc, kind: "warehouse", authoritativeConnector: con }],
    skus: [{ code: sku, upc: "123456789012".slice(0, 12), aliases: [`${sku}:alias`] }],
    connectors: [{ code: con, kind: "wms" }],
  };
  const first = await request.put("/api/v1/master-data", { headers: ADMIN, data: { ...body, skus: [{ code: sku, aliases: [`${sku}:alias`] }] } });
  expect(first.status()).toBe(200);
  const result = await first.json();
  expect(result.created).toEqual({ skus: 1, locations: 1, channels: 1, connectors: 1 });
  expect(result.connectorKeys[con]).toMatch(/^slc_/);

  const second = await putMasterData(request, { connectors: [{ code: con, kind: "wms", name: "Renamed" }] });
  expect(second.connectorKeys).toEqual({});
});

test("bad input is a 400 that names the item and field", async ({ request }) => {
  const response = await request.put("/api/v1/master-data", {
    headers: ADMIN,
    data: { skus: [{ code: "ok-1" }, { code: "has space" }], channels: [{ code: "c", kind: "tv", freshnessSloSeconds: 1, eligibleLocations: [] }] },
  });
  expect(response.status()).toBe(400);
  const body = await response.json();
  expectErrorShape(body, "invalid_field");
  const paths = body.error.details.map((d: { path: string }) => d.path);
  expect(paths).toContain("skus[1].code");
  expect(paths).toContain("channels[0].kind");

  const unknownRef = await request.put("/api/v1/master-data", { headers: ADMIN, data: { channels: [{ code: uniqueCode("C"), kind: "pos", freshnessSloSeconds: 60, eligibleLocations: ["NOWHERE-XYZ"] }] } });
  expect(unknownRef.status()).toBe(400);
  expect((await unknownRef.json()).error.message).toContain("channels[0].eligibleLocations[0]");

  const malformed = await request.put("/api/v1/master-data", { headers: { ...ADMIN, "content-type": "application/json" }, data: Buffer.from("{not json") });
  expect(malformed.status()).toBe(400);
  expectErrorShape(await malformed.json(), "invalid_body");
});

test("credentials: none → 401, bad → 401, connector key → 403, non-admin token → 403, text/plain → 415", async ({ request }) => {
  const none = await request.put("/api/v1/master-data", { data: {} });
  expect(none.status()).toBe(401);
  expectErrorShape(await none.json(), "unauthorized");

  const bad = await request.put("/api/v1/master-data", { headers: { authorization: "Bearer slu_not-a-real-token" }, data: {} });
  expect(bad.status()).toBe(401);

  const con = uniqueCode("CON");
  const { connectorKeys } = await putMasterData(request, { connectors: [{ code: con, kind: "erp" }] });
  const asConnector = await request.put("/api/v1/master-data", { headers: { authorization: `Bearer ${connectorKeys[con]}` }, data: {} });
  expect(asConnector.status()).toBe(403);
  expectErrorShape(await asConnector.json(), "forbidden");

  const signIn = await request.post("/api/auth/sign-in/email", { data: { email: "ops@example.com", password: "sightline-demo" } });
  expect(signIn.ok()).toBe(true);
  const asOps = await request.put("/api/v1/master-data", { data: {} });
  expect(asOps.status()).toBe(403);
  expect((await asOps.json()).error.message).toContain("admin");

  const plain = await request.put("/api/v1/master-data", { headers: { ...ADMIN, "content-type": "text/plain" }, data: "{}" });
  expect(plain.status()).toBe(415);
  expectErrorShape(await plain.json(), "unsupported_media_type");
});

test("a 5 MB+ master-data body is refused with 413", async ({ request }) => {
  const big = "x".repeat(5 * 1024 * 1024 + 10);
  const response = await request.put("/api/v1/master-data", { headers: { ...ADMIN, "content-type": "application/json" }, data: big });
  expect(response.status()).toBe(413);
  expectErrorShape(await response.json(), "payload_too_large");
});
