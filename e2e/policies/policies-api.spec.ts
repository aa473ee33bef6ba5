import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { ADMIN, putMasterData, signInViaApi, uniqueCode } from "../fixtures/api";

type TPolicies = { current: number | null; versions: { version: number; reason: string; by: string; rules: unknown[]; publishedAt: string }[]; drafts: { id: string }[] };

async function asUser(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInViaApi(page, email);
  return { request: page.request, close: () => context.close() };
}

async function policies(request: APIRequestContext, headers?: Record<string, string>) {
  const response = await request.get("/api/v1/policies", { headers });
  expect(response.status()).toBe(200);
  return (await response.json()) as TPolicies;
}

test("everyone reads policies; the demo has a history of versions", async ({ browser }) => {
  const ops = await asUser(browser, "ops@example.com");
  const list = await policies(ops.request);
  expect(list.current).toBeGreaterThanOrEqual(2);
  expect(list.versions.at(-1)).toMatchObject({ version: 1, by: "merchandiser@example.com", reason: expect.any(String), rules: expect.any(Array) });
  expect(Array.isArray(list.drafts)).toBe(true);
  await ops.close();
});

test("operations and executive users cannot draft, publish or roll back (403)", async ({ browser, request }) => {
  const created = await request.post("/api/v1/policies/drafts", { headers: ADMIN, data: { note: "admin draft for the denial test" } });
  expect(created.status()).toBe(201);
  const draft = (await created.json()) as { id: string };
  for (const email of ["ops@example.com", "executive@example.com"]) {
    const user = await asUser(browser, email);
    const attempts = [
      await user.request.post("/api/v1/policies/drafts", { data: { note: "mine" } }),
      await user.request.post(`/api/v1/policies/drafts/${draft.id}/publish`, { data: { reason: "should not work" } }),
      await user.request.post(`/api/v1/policies/versions/1/rollback`, { data: { reason: "should not work" } }),
    ];
    for (const response of attempts) {
      expect(response.status(), email).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: "forbidden" } });
    }
    // reading the preview is fine for every role
    expect((await user.request.get(`/api/v1/policies/drafts/${draft.id}/preview`)).status()).toBe(200);
    await user.close();
  }
  expect((await policies(request, ADMIN)).drafts.map((d) => d.id)).toContain(draft.id);
});

test("a merchandiser drafts a buffer, previews it, publishes with a reason and rolls back", async ({ browser, request }) => {
  const sku = uniqueCode("PA-SKU");
  const loc = uniqueCode("PA-LOC");
  const channel = uniqueCode("pa-ch").toLowerCase();
  const wms = uniqueCode("pa-wms").toLowerCase();
  const { connectorKeys } = await putMasterData(request, {
    skus: [{ code: sku }],
    connectors: [{ code: wms, kind: "wms" }],
    locations: [{ code: loc, kind: "warehouse", authoritativeConnector: wms }],
    channels: [{ code: channel, kind: "marketplace", freshnessSloSeconds: 600, eligibleLocations: [loc] }],
  });
  const receipt = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${connectorKeys[wms]}` },
    data: [{ eventId: uniqueCode("ev"), type: "receipt.posted", occurredAt: new Date().toISOString(), sku, location: loc, quantity: 40 }],
  });
  expect((await receipt.json()).accepted).toBe(1);
  const target = async () => {
    const body = await (await request.get(`/api/v1/availability?sku=${sku}&channel=${channel}`, { headers: ADMIN })).json();
    return (body.items[0]?.target ?? null) as number | null;
  };
  await expect.poll(target, { timeout: 2_500, intervals: [100] }).toBe(40);

  const merch = await asUser(browser, "merchandiser@example.com");
  const before = await policies(merch.request);
  const current = before.versions[0]!;
  const created = await merch.request.post("/api/v1/policies/drafts", {
    data: { note: "buffer the new channel", rules: [...current.rules, { kind: "safety_buffer", scope: { channel }, units: 15 }] },
  });
  expect(created.status()).toBe(201);
  const draft = (await created.json()) as { id: string; rules: unknown[]; note: string };
  expect(draft).toMatchObject({ id: expect.any(String), note: "buffer the new channel" });
  expect(draft.rules).toHaveLength(current.rules.length + 1);

  const preview = await (await merch.request.get(`/api/v1/policies/drafts/${draft.id}/preview`)).json();
  expect(preview.changes).toContainEqual({ sku, channel, targetBefore: 40, targetAfter: 25 });
  expect(preview.totals[channel]).toEqual({ changed: 1, unitsBefore: 40, unitsAfter: 25 });
  expect(await target()).toBe(40); // a preview writes nothing

  const noReason = await merch.request.post(`/api/v1/policies/drafts/${draft.id}/publish`, { data: {} });
  expect(noReason.status()).toBe(400);
  const published = await merch.request.post(`/api/v1/policies/drafts/${draft.id}/publish`, { data: { reason: "Buffer the new marketplace" } });
  expect(published.status()).toBe(200);
  const { version, publishedAt } = await published.json();
  expect(version).toBe(current.version + 1);
  expect(Date.parse(publishedAt)).toBeGreaterThan(0);
  expect(await target()).toBe(25); // recomputed in the publishing transaction
  const after = await policies(merch.request);
  expect(after.current).toBe(version);
  expect(after.drafts.map((d) => d.id)).not.toContain(draft.id);
  expect(after.versions[0]).toMatchObject({ version, reason: "Buffer the new marketplace", by: "merchandiser@example.com" });

  const rollback = await merch.request.post(`/api/v1/policies/versions/${current.version}/rollback`, { data: { reason: "Too tight for launch week" } });
  expect(rollback.status()).toBe(200);
  expect(await rollback.json()).toEqual({ version: version + 1 });
  expect(await target()).toBe(40);
  expect((await policies(merch.request)).versions[0]).toMatchObject({ version: version + 1, reason: "Too tight for launch week" });
  await merch.close();
});

test("bad input: rule validation, unknown scope codes, missing drafts and versions, rolling back to the current one", async ({ request }) => {
  const invalid = await request.post("/api/v1/policies/drafts", { headers: ADMIN, data: { rules: [{ kind: "safety_buffer", scope: {}, percent: 150 }] } });
  expect(invalid.status()).toBe(400);
  const body = await invalid.json();
  expect(body).toMatchObject({ error: { code: "invalid_field" } });
  expect(body.error.details[0]).toMatchObject({ path: "rules[0].percent", message: expect.stringContaining("between 0 and 100") });

  const unknown = await request.post("/api/v1/policies/drafts", { headers: ADMIN, data: { rules: [{ kind: "sell_limit", scope: { sku: "NO-SUCH-SKU-XYZ" }, units: 1 }] } });
  expect(unknown.status()).toBe(400);
  expect((await unknown.json()).error.message).toContain("no sku NO-SUCH-SKU-XYZ exists");

  expect((await request.get("/api/v1/policies/drafts/d_nope/preview", { headers: ADMIN })).status()).toBe(404);
  expect((await request.post("/api/v1/policies/drafts/d_nope/publish", { headers: ADMIN, data: { reason: "because" } })).status()).toBe(404);
  expect((await request.post("/api/v1/policies/versions/9999/rollback", { headers: ADMIN, data: { reason: "because" } })).status()).toBe(404);
  const current = (await policies(request, ADMIN)).current!;
  const same = await request.post(`/api/v1/policies/versions/${current}/rollback`, { headers: ADMIN, data: { reason: "because" } });
  expect(same.status()).toBe(409);
  expect((await request.get("/api/v1/policies")).status()).toBe(401);
});
