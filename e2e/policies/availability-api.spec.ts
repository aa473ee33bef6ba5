import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, putMasterData, uniqueCode } from "../fixtures/api";

type TItem = { sku: string; channel: string; target: number; exposed: number | null; exposedAt: string | null; drift: number | null };

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function world(request: APIRequestContext) {
  const sku = uniqueCode("AV-SKU");
  const loc = uniqueCode("AV-LOC");
  const web = uniqueCode("av-web").toLowerCase();
  const mkt = uniqueCode("av-mkt").toLowerCase();
  const wms = uniqueCode("av-wms").toLowerCase();
  const webConn = uniqueCode("av-webconn").toLowerCase();
  const { connectorKeys } = await putMasterData(request, {
    skus: [{ code: sku }],
    connectors: [
      { code: wms, kind: "wms" },
      { code: webConn, kind: "channel", channel: web },
    ],
    locations: [{ code: loc, kind: "warehouse", authoritativeConnector: wms }],
    channels: [
      { code: web, kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: [loc] },
      { code: mkt, kind: "amazon", freshnessSloSeconds: 900, eligibleLocations: [loc] },
    ],
  });
  return { sku, loc, web, mkt, wmsKey: connectorKeys[wms]!, webKey: connectorKeys[webConn]! };
}

async function items(request: APIRequestContext, query: string, headers = ADMIN) {
  const response = await request.get(`/api/v1/availability?${query}`, { headers });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: TItem[] }).items;
}

test("targets follow a receipt within 2 s; ETag and If-None-Match answer 304 until they change", async ({ request }) => {
  const w = await world(request);
  const post = await request.post("/api/v1/events", {
    headers: bearer(w.wmsKey),
    data: [{ eventId: uniqueCode("ev"), type: "receipt.posted", occurredAt: new Date().toISOString(), sku: w.sku, location: w.loc, quantity: 40 }],
  });
  expect(post.status()).toBe(200);
  expect((await post.json()).accepted).toBe(1);

  await expect.poll(async () => (await items(request, `sku=${w.sku}`)).map((i) => [i.channel, i.target]), { timeout: 2_500, intervals: [100] }).toEqual(
    expect.arrayContaining([
      [w.web, 40],
      [w.mkt, 40],
    ]),
  );
  const first = await request.get(`/api/v1/availability?sku=${w.sku}`, { headers: ADMIN });
  const etag = first.headers()["etag"]!;
  expect(etag).toMatch(/^W\/".+"$/);
  const body = await first.json();
  expect(body.nextCursor).toBeNull();
  expect(body.items[0]).toEqual({ sku: w.sku, channel: expect.any(String), target: 40, exposed: null, exposedAt: null, drift: null });

  const unchanged = await request.get(`/api/v1/availability?sku=${w.sku}`, { headers: { ...ADMIN, "if-none-match": etag } });
  expect(unchanged.status()).toBe(304);
  expect(unchanged.headers()["etag"]).toBe(etag);
  expect(await unchanged.text()).toBe("");

  // the web channel reports what it shows: the exposure changes the page, so the old ETag no longer matches
  const exposure = await request.post("/api/v1/events", {
    headers: bearer(w.webKey),
    data: [{ eventId: uniqueCode("ev"), type: "channel.quantity.published", occurredAt: new Date().toISOString(), sku: w.sku, channel: w.web, quantity: 45 }],
  });
  expect((await exposure.json()).accepted).toBe(1);
  const changed = await request.get(`/api/v1/availability?sku=${w.sku}&channel=${w.web}`, { headers: { ...ADMIN, "if-none-match": etag } });
  expect(changed.status()).toBe(200);
  expect((await changed.json()).items).toEqual([{ sku: w.sku, channel: w.web, target: 40, exposed: 45, exposedAt: expect.any(String), drift: 5 }]);
});

test("a connector that names a channel reads only that channel (another is 403)", async ({ request }) => {
  const w = await world(request);
  const own = await request.get(`/api/v1/availability?channel=${w.web}`, { headers: bearer(w.webKey) });
  expect(own.status()).toBe(200);
  const implicit = await request.get(`/api/v1/availability`, { headers: bearer(w.webKey) });
  expect(((await implicit.json()) as { items: TItem[] }).items.every((i) => i.channel === w.web)).toBe(true);

  const other = await request.get(`/api/v1/availability?channel=${w.mkt}`, { headers: bearer(w.webKey) });
  expect(other.status()).toBe(403);
  expect(await other.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining(w.mkt) } });

  // a connector without a channel (the WMS) may read any
  expect((await request.get(`/api/v1/availability?channel=${w.mkt}`, { headers: bearer(w.wmsKey) })).status()).toBe(200);
});

test("paging: limit defaults to 50 and clamps to 500; cursors walk without repeats; bad input is 400; no credentials 401", async ({ request }) => {
  const page = await request.get(`/api/v1/availability`, { headers: ADMIN });
  const body = (await page.json()) as { items: TItem[]; nextCursor: string | null };
  expect(body.items.length).toBeLessThanOrEqual(50);
  const clamped = await request.get(`/api/v1/availability?limit=100000`, { headers: ADMIN });
  expect(clamped.status()).toBe(200);
  expect(((await clamped.json()) as { items: TItem[] }).items.length).toBeLessThanOrEqual(500);

  const a = (await (await request.get(`/api/v1/availability?limit=2`, { headers: ADMIN })).json()) as { items: TItem[]; nextCursor: string | null };
  if (a.nextCursor) {
    const b = (await (await request.get(`/api/v1/availability?limit=2&cursor=${a.nextCursor}`, { headers: ADMIN })).json()) as { items: TItem[] };
    const keys = [...a.items, ...b.items].map((i) => `${i.sku}/${i.channel}`);
    expect(new Set(keys).size).toBe(keys.length);
  }

  for (const bad of ["limit=ten", "since=yesterday", "cursor=%25%25", "colour=red"]) {
    const response = await request.get(`/api/v1/availability?${bad}`, { headers: ADMIN });
    expect(response.status(), bad).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_query" } });
  }
  expect((await request.get(`/api/v1/availability`)).status()).toBe(401);
  expect((await request.get(`/api/v1/availability`, { headers: bearer("slc_not_a_key") })).status()).toBe(401);
});
