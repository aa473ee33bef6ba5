import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN } from "../fixtures/api";
import { createWorld } from "../fixtures/world";

const FIELDS = [
  "oversellRate",
  "syncLatencyP50Seconds",
  "syncLatencyP95Seconds",
  "staleFeedMinutes",
  "exceptionsOpened",
  "exceptionsResolved",
  "mttrMinutes",
  "accuracy",
  "duplicateRate",
  "deadLetterRate",
  "eventsIngested",
] as const;

type TFigures = Record<(typeof FIELDS)[number], number | null> & { orders: number; oversoldOrders: number; latencySamples: number };
type TKpis = TFigures & { from: string; to: string; channel: string | null; byChannel: Record<string, TFigures> };

async function kpis(request: APIRequestContext, query: string): Promise<TKpis> {
  const response = await request.get(`/api/v1/kpis${query}`, { headers: ADMIN });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as TKpis;
}

function expectFigures(f: TFigures) {
  for (const field of FIELDS) {
    const value = f[field];
    expect(value === null || typeof value === "number", `${field} is a number or null`).toBe(true);
    if (field.endsWith("Rate") || field === "accuracy") expect(value === null || (value >= 0 && value <= 1)).toBe(true);
  }
}

test("GET /api/v1/kpis answers every figure, per channel, from events sent through ingest", async ({ request }) => {
  const w = await createWorld(request);
  const now = Date.now();
  const at = (s: number) => new Date(now - 600_000 + s * 1000).toISOString();
  const send = async (connector: string, events: unknown[]) => {
    const r = await request.post("/api/v1/events", { headers: w.auth(connector), data: events });
    expect(r.status(), await r.text()).toBe(200);
  };
  await send("wms", [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 5, occurredAt: at(0) }]);
  // 5 ≥ 3, then 2 < 4: one order of two oversold. Each publish follows its order by 10 s.
  await send("shopify", [
    { eventId: w.nextId(), type: "order.created", sku: w.code("A"), location: w.code("WH"), channel: w.code("web"), quantity: 3, orderRef: "o1", occurredAt: at(40) },
    { eventId: w.nextId(), type: "channel.quantity.published", sku: w.code("A"), channel: w.code("web"), quantity: 2, occurredAt: at(50) },
    { eventId: w.nextId(), type: "order.created", sku: w.code("A"), location: w.code("WH"), channel: w.code("web"), quantity: 4, orderRef: "o2", occurredAt: at(120) },
    { eventId: w.nextId(), type: "channel.quantity.published", sku: w.code("A"), channel: w.code("web"), quantity: 0, occurredAt: at(130) },
  ]);

  const channel = w.code("web");
  // the KPI worker follows within seconds (DESIGN.md: KPIs within 10 s)
  await expect.poll(async () => (await kpis(request, `?channel=${channel}`)).orders, { timeout: 15_000 }).toBe(2);
  const body = await kpis(request, `?channel=${channel}`);
  expectFigures(body);
  expect(body).toMatchObject({ channel, oversellRate: 0.5, oversoldOrders: 1, eventsIngested: 4, duplicateRate: 0, deadLetterRate: 0 });
  // receipt → 50 s, orders → 10 s each: p50 10, p95 50 (exact below a minute; 5 % buckets above)
  expect(body.syncLatencyP50Seconds).toBe(10);
  expect(body.syncLatencyP95Seconds).toBe(50);
  expect(Object.keys(body.byChannel)).toEqual([channel]);
  expect(body.byChannel[channel]).toMatchObject({ oversellRate: 0.5 });
  expect(Date.parse(body.to) - Date.parse(body.from)).toBeGreaterThanOrEqual(24 * 3600_000);

  // without a filter: every channel, the demo's and this one's
  const all = await kpis(request, "");
  expectFigures(all);
  expect(all.channel).toBeNull();
  expect(all.byChannel[channel]).toMatchObject({ orders: 2, oversoldOrders: 1 });
  expect(Object.keys(all.byChannel)).toEqual(expect.arrayContaining(["shopify", "amazon", channel]));
  for (const f of Object.values(all.byChannel)) expectFigures(f);
});

test("an empty range answers nulls and zero counts", async ({ request }) => {
  const body = await kpis(request, "?from=2020-01-01T00:00:00Z&to=2020-01-08T00:00:00Z");
  for (const field of FIELDS) expect(body[field], field).toBe(field.startsWith("exceptions") || field === "eventsIngested" ? 0 : null);
  expect(body).toMatchObject({ from: "2020-01-01T00:00:00.000Z", to: "2020-01-08T00:00:00.000Z" });
});

test("a user token or session may read KPIs; a connector key may not; no credentials is 401", async ({ request, playwright }) => {
  const w = await createWorld(request);
  const asConnector = await request.get("/api/v1/kpis", { headers: w.auth("wms") });
  expect(asConnector.status()).toBe(403);
  expect((await asConnector.json()).error.code).toBe("forbidden");

  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const none = await anonymous.get("/api/v1/kpis");
  expect(none.status()).toBe(401);
  expect((await none.json()).error.code).toBe("unauthorized");
  const bad = await anonymous.get("/api/v1/kpis", { headers: { authorization: "Bearer not-a-token" } });
  expect(bad.status()).toBe(401);

  // an executive (read-only) signed in with a session
  const signIn = await anonymous.post("/api/auth/sign-in/email", { data: { email: "executive@example.com", password: "sightline-demo" } });
  expect(signIn.ok()).toBe(true);
  expect((await anonymous.get("/api/v1/kpis?channel=shopify")).status()).toBe(200);
  await anonymous.dispose();
});

test("bad from, to and channel are 400 with the field named", async ({ request }) => {
  for (const [query, field] of [
    ["?from=yesterday", "from"],
    ["?to=2026-13-45T00:00:00Z", "to"],
    ["?from=2026-01-01T00:00:00", "from"],
    ["?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from"],
    ["?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to"],
    ["?channel=no-such-channel", "channel"],
    ["?channel=" + "x".repeat(80), "channel"],
  ] as const) {
    const r = await request.get(`/api/v1/kpis${query}`, { headers: ADMIN });
    expect(r.status(), query).toBe(400);
    const body = (await r.json()) as { error: { code: string; message: string } };
    expect(body.error.code, query).toBe("invalid_query");
    expect(body.error.message, query).toContain(field);
  }
});
