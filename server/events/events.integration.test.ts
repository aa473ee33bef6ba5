import { beforeAll, describe, expect, it } from "vitest";
import { insertEvent, masterData } from "@/server/drift/test-helpers";
import { ZEventsPage, ZEventsQuery, type TEventsQuery } from "./events.types";
import { listEvents } from "./list";
import { skuTimeline, traceEvents } from "./timeline";

const T0 = new Date("2026-06-01T10:00:00.000Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const id: Record<string, number> = {};

beforeAll(async () => {
  await masterData({
    connectors: [
      { code: "erp", kind: "erp" },
      { code: "wms", kind: "wms" },
      { code: "shop", kind: "channel" },
    ],
    locations: [{ code: "L1", kind: "warehouse" }],
    channels: [
      { code: "web", kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: ["L1"] },
      { code: "mkt", kind: "marketplace", freshnessSloSeconds: 300, eligibleLocations: ["L1"] },
    ],
    skus: [{ code: "A-1" }, { code: "A-2" }],
  });
  // An order's life across ERP, WMS and the channel (inserted in receive order).
  id.order = await insertEvent({ connector: "erp", type: "order.created", sku: "A-1", location: "L1", channel: "web", quantity: 2, occurredAt: at(0), receivedAt: at(2), correlationId: "ORD-1", orderRef: "SO-1" });
  id.pick = await insertEvent({ connector: "wms", type: "pick.confirmed", sku: "A-1", location: "L1", quantity: 2, occurredAt: at(60), receivedAt: at(61), correlationId: "ORD-1" });
  id.ship = await insertEvent({ connector: "wms", type: "shipment.posted", sku: "A-1", location: "L1", quantity: 2, occurredAt: at(120), receivedAt: at(125), correlationId: "ORD-1" });
  id.publish = await insertEvent({ connector: "shop", type: "channel.quantity.published", sku: "A-1", channel: "web", quantity: 5, occurredAt: at(180), receivedAt: at(181) });
  id.republish = await insertEvent({ connector: "shop", type: "channel.quantity.published", sku: "A-1", channel: "web", quantity: 4, occurredAt: at(300), receivedAt: at(301) });
  id.mkt = await insertEvent({ connector: "shop", type: "channel.quantity.observed", sku: "A-1", channel: "mkt", quantity: 3, occurredAt: at(240), receivedAt: at(400) });
  id.unknownSku = await insertEvent({
    connector: "erp",
    type: "receipt.posted",
    status: "rejected",
    sku: null,
    payload: { eventId: "r-1", type: "receipt.posted", sku: "NEW-9", location: "L1", quantity: 1 },
    reasons: [{ code: "unknown_sku", field: "sku", message: "No SKU NEW-9", value: "NEW-9" }],
    occurredAt: at(200),
    receivedAt: at(500),
  });
  id.held = await insertEvent({ connector: "wms", type: "stock.adjusted", status: "held", sku: "A-2", location: "L1", quantity: -1, occurredAt: at(210), receivedAt: at(600) });
  id.badTime = await insertEvent({ connector: "erp", type: "receipt.posted", status: "rejected", sku: "A-1", occurredAt: null, receivedAt: at(700), reasons: [{ code: "bad_timestamp", field: "occurredAt", message: "not ISO-8601" }] });
});

const list = (q: Partial<TEventsQuery> = {}) => listEvents({ limit: 50, ...q });
const names = (items: { id: number }[]) => items.map((e) => Object.keys(id).find((k) => id[k] === e.id));

describe("event log", () => {
  it("lists every stored event newest received first, with its context and lag", async () => {
    const page = await list();
    expect(names(page.items)).toEqual(["badTime", "held", "unknownSku", "mkt", "republish", "publish", "ship", "pick", "order"]);
    expect(page.items.at(-1)).toMatchObject({ connector: "erp", connectorKind: "erp", type: "order.created", status: "accepted", sku: "A-1", location: "L1", channel: "web", quantity: 2, correlationId: "ORD-1", orderRef: "SO-1", occurredAt: at(0).toISOString(), receivedAt: at(2).toISOString(), lagSeconds: 2 });
    expect(page.items.at(-1)).not.toHaveProperty("reasons");
  });

  it.each<[string, Partial<TEventsQuery>, string[]]>([
    ["connector", { connector: "wms" }, ["held", "ship", "pick"]],
    ["status", { status: "rejected" }, ["badTime", "unknownSku"]],
    ["correlationId", { correlationId: "ORD-1" }, ["ship", "pick", "order"]],
    ["orderRef", { orderRef: "SO-1" }, ["order"]],
    ["type", { type: "channel.quantity.published" }, ["republish", "publish"]],
    ["sku", { sku: "A-2" }, ["held"]],
    ["sku that was unknown when rejected", { sku: "NEW-9" }, ["unknownSku"]],
    ["filters combined", { sku: "A-1", connector: "shop", type: "channel.quantity.observed" }, ["mkt"]],
    ["an unknown connector", { connector: "nobody" }, []],
  ])("filters by %s", async (_name, q, expected) => {
    expect(names((await list(q)).items)).toEqual(expected);
  });

  it("pages by cursor without gaps or repeats", async () => {
    const all = names((await list()).items);
    const seen: (string | undefined)[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: 2, cursor });
      seen.push(...names(page.items));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
    await expect(list({ cursor: "nope" })).rejects.toMatchObject({ code: "invalid_query" });
  });

  it("answers the REST contract: exactly {id, connector, eventId, type, status, occurredAt, receivedAt, reasons?}", async () => {
    const body = ZEventsPage.parse(await listEvents(ZEventsQuery.parse({ status: "rejected" })));
    expect(Object.keys(body.items[1]!).sort()).toEqual(["connector", "eventId", "id", "occurredAt", "reasons", "receivedAt", "status", "type"]);
    expect(body.items[1]!.reasons).toEqual([{ code: "unknown_sku", field: "sku", message: "No SKU NEW-9", value: "NEW-9" }]);
    const accepted = ZEventsPage.parse(await listEvents(ZEventsQuery.parse({ status: "accepted", limit: "1" })));
    expect(Object.keys(accepted.items[0]!)).not.toContain("reasons");
    expect(ZEventsQuery.parse({ limit: "9999" }).limit).toBe(500);
    expect(ZEventsQuery.safeParse({ status: "duplicate" }).success).toBe(false);
  });
});

describe("SKU timeline", () => {
  it("lists every event touching the SKU, latest occurredAt first (no timestamp first), paged", async () => {
    const all = await skuTimeline({ sku: "A-1", limit: 50 });
    expect(names(all.items)).toEqual(["badTime", "republish", "mkt", "publish", "ship", "pick", "order"]);
    const seen: (string | undefined)[] = [];
    let cursor: string | undefined;
    do {
      const page = await skuTimeline({ sku: "A-1", limit: 2, cursor });
      seen.push(...names(page.items));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(names(all.items));
    expect(names((await skuTimeline({ sku: "A-1", status: "rejected", limit: 50 })).items)).toEqual(["badTime"]);
  });
});

describe("trace", () => {
  it("follows one correlationId across ERP and WMS in occurredAt order, then each channel's next quantity", async () => {
    const trace = await traceEvents({ ref: "ORD-1" });
    expect(names(trace.events)).toEqual(["order", "pick", "ship"]);
    expect(trace.events.map((e) => e.connectorKind)).toEqual(["erp", "wms", "wms"]);
    expect(trace.skus).toEqual(["A-1"]);
    expect(names(trace.followUps)).toEqual(["publish", "mkt"]);
    expect(trace.isTruncated).toBe(false);
  });

  it("follows an orderRef the same way, and finds nothing for an unknown reference", async () => {
    expect(names((await traceEvents({ ref: "SO-1" })).events)).toEqual(["order"]);
    expect(await traceEvents({ ref: "nothing-here" })).toEqual({ ref: "nothing-here", events: [], followUps: [], skus: [], orders: [], isTruncated: false });
  });
});
