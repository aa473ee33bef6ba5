// The buffer advisor against a constructed history on a real PostgreSQL: events go in through real
// ingest, the real KPI worker rolls them up (the advisor's tables with them), and the suggestions,
// the draft and its preview read them back.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as suggestionsRoute } from "@/app/api/v1/policies/suggestions/route";
import { POST as draftRoute } from "@/app/api/v1/policies/suggestions/draft/route";
import { createApiToken } from "@/server/auth/api-tokens";
import { createUser } from "@/server/auth/users";
import { catchUpKpis } from "@/server/kpis/worker";
import { rotateConnectorKey } from "@/server/master-data/queries";
import { previewDraft } from "@/server/policies/preview";
import { drainTargetDirty } from "@/server/targets/worker";
import { makeWorld, type TWorld } from "@/test/fixtures";
import { ZSuggestionsOut } from "./advisor.types";
import { bufferSuggestions } from "./suggestions";

const MIN = 60_000;
// three hours ago, on a whole minute: inside a 1-day range, and never in the future
const T0 = Math.floor((Date.now() - 3 * 3_600_000) / MIN) * MIN;
const at = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();
const NOW = new Date(T0 + 80 * MIN);

type THandler = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
const tokens: Record<string, string> = {};
let connectorKey = "";
let w: TWorld;
let empty: TWorld;
let places: TWorld;

async function call(handler: THandler, opts: { url: string; token?: string; body?: unknown; method?: string }) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const response = await handler(new Request(`http://localhost${opts.url}`, { method: opts.method ?? "POST", headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }), {
    params: Promise.resolve({}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

async function ingestOk(world: TWorld, connector: TWorld["wms"], events: unknown[]) {
  const result = await world.ingest(connector, events);
  expect(result.results.filter((r) => r.status !== "accepted")).toEqual([]);
}

/**
 * web sells SKU A from WH, 1 unit a minute (orders at minute m + 30 s, m = 0…71), from 60 units.
 * Its feed lags 10 minutes: each minute k it publishes the ATP of minute k − 10. So order m sees
 * e = 60 (m < 10) or max(0, 70 − m), and the pool held a = 60 − m: orders 60…71 oversold (12), with
 * slack e − q = 9, 8, …, 0, −1, −1. b2b sells SKU C from ST (50 units, shown as 50): 3 orders of 2, none oversold.
 */
beforeAll(async () => {
  for (const role of ["executive", "merchandiser", "admin"] as const) {
    const user = await createUser({ email: `${role}@advisor.test`, name: role, role, password: "longenough" }, "test");
    tokens[role] = (await createApiToken({ name: "t", userId: user.id }, "test")).token;
  }
  w = await makeWorld();
  empty = await makeWorld();
  places = await makeWorld();
  connectorKey = (await rotateConnectorKey(w.wms.code, "test")).key;
  await ingestOk(w, w.wms, [
    { eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 60, occurredAt: at(-1) },
    { eventId: w.nextId(), type: "receipt.posted", sku: w.code("B"), location: w.code("WH"), quantity: 100, occurredAt: at(-1) },
  ]);
  await ingestOk(w, w.erp, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("C"), location: w.code("ST"), quantity: 50, occurredAt: at(-1) }]);
  const orders = Array.from({ length: 72 }, (_, m) => ({
    eventId: w.nextId(), type: "order.created", sku: w.code("A"), location: w.code("WH"), channel: w.code("web"), quantity: 1, orderRef: `o-${m}`, occurredAt: new Date(T0 + m * MIN + 30_000).toISOString(),
  }));
  await ingestOk(w, w.crm, orders);
  // the feed arrives after the orders were rolled up: each order must still get the exposure that stood before it
  await catchUpKpis();
  const atp = (minute: number) => 60 - Math.max(0, minute);
  const publishes = Array.from({ length: 72 }, (_, k) => ({
    eventId: w.nextId(), type: "channel.quantity.published", sku: w.code("A"), channel: w.code("web"), quantity: Math.max(0, k < 10 ? 60 : atp(k - 10)), occurredAt: at(k),
  }));
  await ingestOk(w, w.shop, publishes);
  // b2b: shown first, then sold (the usual order of things)
  await ingestOk(w, w.erp, [{ eventId: w.nextId(), type: "channel.quantity.published", sku: w.code("C"), channel: w.code("b2b"), quantity: 50, occurredAt: at(0) }]);
  await catchUpKpis();
  await ingestOk(w, w.crm, [5, 15, 25].map((m) => ({ eventId: w.nextId(), type: "order.created", sku: w.code("C"), location: w.code("ST"), channel: w.code("b2b"), quantity: 2, orderRef: `c-${m}`, occurredAt: at(m) })));
  await catchUpKpis();
}, 120_000);

const suggestion = async (channel: string, now = NOW) => (await bufferSuggestions({ channel, days: 1 }, now)).items[0]!;

describe("GET /api/v1/policies/suggestions", () => {
  it("backtests every buffer on the channel's own orders: counted by hand for b = 0, 5 and 10", async () => {
    const s = await suggestion(w.code("web"));
    expect(s).toMatchObject({ channel: w.code("web"), orders: 72, oversells: 12, untestedOrders: 0, current: {} });
    const at = (b: number) => [s.curve[b]!.units, s.curve[b]!.oversellsAvoided, s.curve[b]!.ordersAffected];
    // b = 0: only the two orders taken while the channel showed 0 (e − 0 < 1)
    expect(at(0)).toEqual([0, 2, 0]);
    // b = 5: those, and the oversells with slack 0…4 (e = 1…5); no fine order had e − 1 < 5
    expect(at(5)).toEqual([5, 7, 0]);
    // b = 10: every oversell (slack ≤ 9); the first fine order refused needs b = 11 (m = 59: e = 11)
    expect(at(10)).toEqual([10, 12, 0]);
    expect(at(11)).toEqual([11, 12, 1]);
    // min(b, e) × the time each exposure stood: b = 5 → 66 min at ≥ 5 and 4 + 3 + 2 + 1 → 340 unit-minutes
    expect(s.curve[5]!.unitWithheldHours).toBe(5.67);
    expect(s.curve[10]!.unitWithheldHours).toBe(10.92);
    expect(s.curve[0]!.unitWithheldHours).toBe(0);
  });

  it("recommends the smallest buffer that avoids 90 % of what the largest avoids, and draws the curve to twice it", async () => {
    const s = await suggestion(w.code("web"));
    // the largest avoids 12; 90 % is 10.8: b = 8 avoids 10, b = 9 avoids 11
    expect(s.curve[8]!.oversellsAvoided).toBe(10);
    expect(s.recommended).toMatchObject({ units: 9, oversellsAvoided: 11, ordersAffected: 0 });
    expect(s.curve.map((p) => p.units)).toEqual(Array.from({ length: 19 }, (_, b) => b));
    expect(s.curve.at(-1)).toMatchObject({ units: 18, oversellsAvoided: 12, ordersAffected: 8 });
    expect(s.isCurrentEnough).toBe(false);
  });

  it("shows the two inputs: 60 units an hour while shown above 0, and the feed's latency", async () => {
    const s = await suggestion(w.code("web"));
    // 70 units ordered while shown (the last two saw 0), over the 70 minutes it was shown: 60 an hour
    expect(s.velocityP90PerHour).toBe(60);
    expect(s.latencyP95Seconds).toBeGreaterThan(0);
    expect(s.latencyP95Seconds).toBeLessThanOrEqual(60);
  });

  it("recommends 0 for a channel with no oversells, and draws what a buffer would cost", async () => {
    const s = await suggestion(w.code("b2b"));
    expect(s).toMatchObject({ orders: 3, oversells: 0, recommended: { units: 0, oversellsAvoided: 0, ordersAffected: 0 }, isCurrentEnough: true });
    expect(s.curve).toHaveLength(11);
    expect(s.curve.every((p) => p.oversellsAvoided === 0 && p.ordersAffected === 0)).toBe(true);
    // 50 shown since minute 0, until now (80 min): b = 10 withholds 10 × 80 min
    expect(s.curve[10]!.unitWithheldHours).toBe(13.33);
    // 6 units over the 80 minutes C was shown
    expect(s.velocityP90PerHour).toBe(4.5);
  });

  it("answers an empty curve for a channel with no orders", async () => {
    const s = await suggestion(empty.code("web"));
    expect(s).toMatchObject({ orders: 0, oversells: 0, curve: [], velocityP90PerHour: null, latencyP95Seconds: null, recommended: { units: 0, oversellsAvoided: 0, ordersAffected: 0 } });
  });

  it("answers in the contract's shape over HTTP, every channel or one, and refuses bad input with 400", async () => {
    const all = await call(suggestionsRoute, { url: "/api/v1/policies/suggestions?days=1", method: "GET", token: tokens.executive });
    expect(all.status).toBe(200);
    const parsed = ZSuggestionsOut.strict().parse(all.body);
    expect(parsed.items.map((i) => i.channel)).toEqual(expect.arrayContaining([w.code("web"), w.code("b2b"), empty.code("web")]));
    const one = await call(suggestionsRoute, { url: `/api/v1/policies/suggestions?channel=${w.code("web")}&days=1`, method: "GET", token: tokens.merchandiser });
    expect(one.status).toBe(200);
    const items = one.body.items as { channel: string; recommended: { units: number }; curve: unknown[]; current: object; velocityP90PerHour: number; latencyP95Seconds: number }[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ channel: w.code("web"), recommended: { units: 9, oversellsAvoided: 11, ordersAffected: 0 }, current: {}, velocityP90PerHour: 60 });
    expect(Object.keys(items[0]!)).toEqual(expect.arrayContaining(["channel", "velocityP90PerHour", "latencyP95Seconds", "current", "curve", "recommended"]));
    // the default range is 30 days
    expect((await call(suggestionsRoute, { url: "/api/v1/policies/suggestions", method: "GET", token: tokens.admin })).body).toMatchObject({ days: 30 });
    for (const q of ["days=0", "days=91", "days=abc", "days=1.5", "channel=NO-SUCH", "nope=1"]) {
      const r = await call(suggestionsRoute, { url: `/api/v1/policies/suggestions?${q}`, method: "GET", token: tokens.admin });
      expect(r.status, q).toBe(400);
      expect(r.body.error?.code, q).toMatch(/invalid_/);
    }
  });

  it("answers the connector key 403 and no credentials 401", async () => {
    expect(await call(suggestionsRoute, { url: "/api/v1/policies/suggestions", method: "GET", token: connectorKey })).toMatchObject({ status: 403 });
    expect(await call(suggestionsRoute, { url: "/api/v1/policies/suggestions", method: "GET" })).toMatchObject({ status: 401 });
  });
});

describe("exposure", () => {
  it("sums the latest quantity per channel location, and re-reads it when a publish arrives late", async () => {
    const pub = (minute: number, location: string, quantity: number) => ({ eventId: places.nextId(), type: "channel.quantity.published", sku: places.code("A"), channel: places.code("web"), location: places.code(location), quantity, occurredAt: at(minute) });
    // WH shows 5 at 0, ST 3 at 10 (the channel shows 8); an order at 12 finds the pool empty
    await ingestOk(places, places.shop, [pub(0, "WH", 5), pub(10, "ST", 3)]);
    // (and one order before the channel showed anything: nothing to test it against)
    await ingestOk(places, places.crm, [
      { eventId: places.nextId(), type: "order.created", sku: places.code("A"), location: places.code("WH"), channel: places.code("web"), quantity: 1, orderRef: "p-0", occurredAt: at(-2) },
      { eventId: places.nextId(), type: "order.created", sku: places.code("A"), location: places.code("WH"), channel: places.code("web"), quantity: 1, orderRef: "p-1", occurredAt: at(12) },
    ]);
    await catchUpKpis();
    expect((await suggestion(places.code("web"))).recommended).toMatchObject({ units: 8, oversellsAvoided: 1 });
    // WH's 2 at minute 5 arrives last: from 5 the channel showed 2, from 10 on 2 + 3 = 5
    await ingestOk(places, places.shop, [pub(5, "WH", 2)]);
    await catchUpKpis();
    const s = await suggestion(places.code("web"));
    expect(s).toMatchObject({ orders: 2, oversells: 2, untestedOrders: 1 });
    expect([s.curve[0]!.oversellsAvoided, s.curve[4]!.oversellsAvoided, s.curve[5]!.oversellsAvoided]).toEqual([0, 0, 1]);
    expect(s.recommended).toMatchObject({ units: 5, oversellsAvoided: 1, ordersAffected: 0 });
    // b = 10 withholds everything shown: 5 × 5 min + 2 × 5 min + 5 × 70 min (until now, minute 80) = 385 unit-minutes
    expect(s.curve[10]!.unitWithheldHours).toBe(6.42);
  });
});

describe("POST /api/v1/policies/suggestions/draft", () => {
  it("writes exactly the recommended buffers into a draft from the current version, with a note on where they came from; preview shows the effect", async () => {
    const r = await call(draftRoute, { url: "/api/v1/policies/suggestions/draft", token: tokens.merchandiser, body: { channels: [w.code("web"), w.code("b2b")], note: "Advisor pass", days: 1 } });
    expect(r.status).toBe(201);
    const body = r.body as { id: string; rules: { kind: string; scope: Record<string, string>; units?: number }[]; note: string };
    expect(body.id).toMatch(/^d_/);
    const buffers = body.rules.filter((x) => x.kind === "safety_buffer");
    expect(buffers).toEqual(
      expect.arrayContaining([
        { kind: "safety_buffer", scope: { channel: w.code("web") }, units: 9 },
        { kind: "safety_buffer", scope: { channel: w.code("b2b") }, units: 0 },
      ]),
    );
    expect(body.rules).toHaveLength(2);
    expect(body.note).toMatch(/^Advisor pass — Buffer advisor, \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d \(1 day\)/);
    expect(body.note).toContain(`${w.code("web")} 9 units (avoids 11 of 12 oversells; 0 orders affected)`);

    await drainTargetDirty();
    const preview = await previewDraft(body.id, { limit: 100 });
    // B: 100 in stock at WH, web shows 100 → 91 with 9 held back; A is sold out (0 either way)
    expect(preview.changes).toContainEqual({ sku: w.code("B"), channel: w.code("web"), targetBefore: 100, targetAfter: 91 });
    expect(preview.changes.find((c) => c.sku === w.code("A"))).toBeUndefined();
    expect(preview.totals[w.code("web")]).toMatchObject({ changed: 1, unitsBefore: 100, unitsAfter: 91 });
  });

  it("replaces the channel's own buffer and leaves the other rules alone", async () => {
    const { createDraft, publishDraft } = await import("@/server/policies/versions");
    const base = await createDraft({ rules: [
      { kind: "safety_buffer", scope: { channel: w.code("web") }, percent: 10 },
      { kind: "safety_buffer", scope: { channel: w.code("web"), sku: w.code("B") }, units: 3 },
      { kind: "sell_limit", scope: { channel: w.code("b2b") }, units: 40 },
    ], note: "base" }, "admin@advisor.test");
    await publishDraft(base.id, "a base to draft from", "admin@advisor.test");
    const s = await suggestion(w.code("web"));
    expect(s.current).toEqual({ percent: 10 });
    const r = await call(draftRoute, { url: "/api/v1/policies/suggestions/draft", token: tokens.admin, body: { channels: [w.code("web")], days: 1 } });
    expect(r.status).toBe(201);
    expect((r.body as { rules: unknown[] }).rules).toEqual([
      { kind: "safety_buffer", scope: { channel: w.code("web") }, units: 9 },
      { kind: "safety_buffer", scope: { channel: w.code("web"), sku: w.code("B") }, units: 3 },
      { kind: "sell_limit", scope: { channel: w.code("b2b") }, units: 40 },
    ]);
  });

  it("lets merchandisers and admins draft, nobody else (executive 403, connector key 403, no credentials 401), and refuses bad input with 400", async () => {
    for (const token of [tokens.executive, connectorKey]) {
      expect(await call(draftRoute, { url: "/api/v1/policies/suggestions/draft", token, body: { channels: [w.code("web")] } })).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    }
    expect(await call(draftRoute, { url: "/api/v1/policies/suggestions/draft", body: { channels: [w.code("web")] } })).toMatchObject({ status: 401 });
    for (const body of [{}, { channels: [] }, { channels: ["NO-SUCH"] }, { channels: [w.code("web")], days: 0 }, { channels: [w.code("web")], extra: 1 }, { channels: "web" }]) {
      const r = await call(draftRoute, { url: "/api/v1/policies/suggestions/draft", token: tokens.merchandiser, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error?.code).toMatch(/invalid_/);
    }
  });
});
