// The read side against what the real ingest writes (not hand-made rows).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { listEvents } from "@/server/events/list";
import { skuTimeline, traceEvents } from "@/server/events/timeline";
import { listInventory } from "@/server/inventory/queries";
import { at, makeWorld, type TWorld } from "@/test/fixtures";
import { listChannelDrift } from "./channel-drift";
import { drainChannelDrift } from "./channel-mirror";
import { skuHistory } from "./sku-history";
import { listStaleness } from "./staleness";
import { listSystemDrift, refreshSystemDrift } from "./system-drift";

let w: TWorld;

beforeAll(async () => {
  w = await makeWorld();
  const sku = w.code("A");
  const WH = w.code("WH");
  await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku, location: WH, quantity: 20, occurredAt: at(0) }]);
  await w.ingest(w.erp, [{ eventId: w.nextId(), type: "balance.snapshot", sku, location: WH, balances: { onHand: 18 }, occurredAt: at(1) }]);
  await w.ingest(w.erp, [{ eventId: w.nextId(), type: "order.created", sku, location: WH, channel: w.code("web"), quantity: 3, orderRef: "SO-1", correlationId: "ORD-1", occurredAt: at(2) }]);
  await w.ingest(w.wms, [
    { eventId: w.nextId(), type: "pick.confirmed", sku, location: WH, quantity: 3, orderRef: "SO-1", correlationId: "ORD-1", occurredAt: at(3) },
    { eventId: w.nextId(), type: "shipment.posted", sku, location: WH, quantity: 3, orderRef: "SO-1", correlationId: "ORD-1", occurredAt: at(4) },
  ]);
  await w.ingest(w.shop, [
    { eventId: w.nextId(), type: "channel.quantity.published", sku, channel: w.code("web"), quantity: 25, occurredAt: at(5) },
    { eventId: w.nextId(), type: "channel.quantity.published", sku: "UNKNOWN-SKU-X", channel: w.code("web"), quantity: 1, occurredAt: at(5) },
  ]);
});

describe("drift over ingested events", () => {
  it("ranks the channel position ingest created once the drift worker's copy has it", async () => {
    expect(await listChannelDrift({ sku: w.code("A"), sort: "drift", limit: 50 })).toMatchObject({ items: [] });
    expect(await drainChannelDrift()).toBeGreaterThanOrEqual(1);
    const page = await listChannelDrift({ sku: w.code("A"), sort: "drift", limit: 50 });
    expect(page.items).toEqual([{ sku: w.code("A"), skuName: null, channel: w.code("web"), target: 0, exposed: 25, drift: 25, exposedAt: at(5) }]);
  });

  it("compares the ERP's reported book with the WMS's (queued by ingest's writes, refreshed by the worker's function)", async () => {
    expect(await refreshSystemDrift()).toBe(1);
    const page = await listSystemDrift({ sku: w.code("A"), limit: 50 });
    expect(page.items).toEqual([{ sku: w.code("A"), skuName: null, location: w.code("WH"), erpOnHand: 18, wmsOnHand: 17, drift: 1 }]);
  });

  it("shows the canonical book, the event log, the timeline and the order's trace", async () => {
    const book = await listInventory({ sku: w.code("A"), limit: 50 });
    expect(book.items).toMatchObject([{ location: w.code("WH"), onHand: 17, reserved: 0, allocated: 0, atp: 17 }]);
    const rejected = await listEvents({ connector: w.shop.code, status: "rejected", limit: 50 });
    expect(rejected.items).toHaveLength(1);
    expect(rejected.items[0]!.reasons?.[0]).toMatchObject({ code: "unknown_sku" });
    expect((await listEvents({ sku: "UNKNOWN-SKU-X", limit: 50 })).items.map((e) => e.id)).toEqual([rejected.items[0]!.id]);
    const timeline = await skuTimeline({ sku: w.code("A"), limit: 50 });
    expect(timeline.items.map((e) => e.type)).toEqual(["channel.quantity.published", "shipment.posted", "pick.confirmed", "order.created", "balance.snapshot", "receipt.posted"]);
    const trace = await traceEvents({ ref: "ORD-1" });
    expect(trace.events.map((e) => `${e.connector}:${e.type}`)).toEqual([`${w.erp.code}:order.created`, `${w.wms.code}:pick.confirmed`, `${w.wms.code}:shipment.posted`]);
    expect(trace.followUps.map((e) => e.type)).toEqual(["channel.quantity.published"]);
  });

  it("reads a channel's staleness from the exposures ingest keeps", async () => {
    const rows = (await listStaleness({ channel: w.code("web"), limit: 50 }, db, new Date(Date.parse(at(5)) + 400_000))).items;
    expect(rows.find((r) => r.channel === w.code("web"))).toMatchObject({ lastUpdateAt: at(5), staleSeconds: 400, sloSeconds: 300, isStale: true });
    // (connector.last_event_at is set by the HTTP layer, which the e2e specs exercise)
    expect(rows.find((r) => r.connector === w.shop.code)).toMatchObject({ channel: null, sloSeconds: 300 });
  });

  it("charts the history from the journal ingest wrote", async () => {
    const h = await skuHistory({ code: w.code("A") }, db, new Date(Date.parse(at(5)) + 3600_000));
    expect(h.points.at(-1)).toMatchObject({ onHand: 17, atp: 17, exposure: { [w.code("web")]: 25 } });
    expect(h.points[0]).toMatchObject({ onHand: 0, atp: 0, exposure: { [w.code("web")]: null } });
  });
});
