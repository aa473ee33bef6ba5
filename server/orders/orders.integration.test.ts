// Order life and demand counted once per order, through real ingest on a real PostgreSQL.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { kpiReport, toKpiResponse } from "@/server/kpis/report";
import { catchUpKpis } from "@/server/kpis/worker";
import { upsertMasterData } from "@/server/master-data/upsert";
import { applyPlan } from "@/server/replay/apply";
import { createPlan } from "@/server/replay/plan";
import { makeWorld, type TWorld } from "@/test/fixtures";
import { listOrders } from "./list";
import { orderLife } from "./life";
import { ZOrdersQuery } from "./orders.types";

const T0 = Date.UTC(2026, 0, 7, 8, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function ev(w: TWorld, type: string, quantity: number, s: number, extra: Record<string, unknown> = {}) {
  return { eventId: w.nextId(), type, sku: w.code("A"), location: w.code("WH"), quantity, occurredAt: at(s), ...extra };
}

async function ok(w: TWorld, connector: TWorld["wms"], events: unknown[]) {
  const r = await w.ingest(connector, events);
  expect(r.results.filter((x) => x.status !== "accepted"), JSON.stringify(r.results)).toEqual([]);
  return r;
}

async function orderOf(w: TWorld, ref: string, channel = "web") {
  return (await listOrders(ZOrdersQuery.parse({ channel: w.code(channel), orderRef: ref }))).items[0] ?? null;
}

describe("order life", () => {
  it("moves created → reserved → picked → shipped, with each step's time", async () => {
    const w = await makeWorld();
    const ref = w.nextId();
    await ok(w, w.wms, [ev(w, "receipt.posted", 20, 0)]);
    await ok(w, w.shop, [ev(w, "order.created", 2, 60, { channel: w.code("web"), orderRef: ref, promisedShipBy: at(86_400) })]);
    expect(await orderOf(w, ref)).toMatchObject({ state: "open", units: 2, createdAt: at(60), promisedShipBy: at(86_400) });
    await ok(w, w.erp, [ev(w, "reservation.created", 2, 120, { orderRef: ref })]);
    expect(await orderOf(w, ref)).toMatchObject({ state: "reserved", reservedAt: at(120) });
    await ok(w, w.wms, [ev(w, "pick.confirmed", 2, 600, { orderRef: ref })]);
    expect(await orderOf(w, ref)).toMatchObject({ state: "picked", pickedAt: at(600) });
    await ok(w, w.wms, [ev(w, "shipment.posted", 2, 900, { orderRef: ref })]);
    const shipped = await orderOf(w, ref);
    expect(shipped).toMatchObject({ state: "shipped", shippedAt: at(900), units: 2 });

    const life = await orderLife(w.code("web"), ref);
    expect(life.steps.map((s) => [s.step, s.sincePreviousSeconds])).toEqual([["created", null], ["reserved", 60], ["picked", 480], ["shipped", 300]]);
    expect(life.lines).toEqual([{ sku: w.code("A"), location: w.code("WH"), quantity: 2 }]);
    expect(life.trace.events.map((e) => e.type)).toEqual(["order.created", "reservation.created", "pick.confirmed", "shipment.posted"]);
    expect(life.trace.orders).toEqual([{ channel: w.code("web"), orderRef: ref, state: "shipped" }]);
    // the book: reserved once (the reservation named the same order), then picked and shipped
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 18, reserved: 0, allocated: 0 });
  });

  it("keeps a shipment seen before its order and applies it when the order arrives; late events land in the right state", async () => {
    const w = await makeWorld();
    const ref = w.nextId();
    await ok(w, w.wms, [ev(w, "receipt.posted", 20, 0)]);
    await ok(w, w.wms, [ev(w, "pick.confirmed", 3, 500, { orderRef: ref }), ev(w, "shipment.posted", 3, 700, { orderRef: ref })]);
    expect(await orderOf(w, ref)).toBeNull();
    expect((await listOrders(ZOrdersQuery.parse({ orderRef: ref }))).items).toEqual([]);
    await ok(w, w.shop, [ev(w, "order.created", 3, 100, { channel: w.code("web"), orderRef: ref })]);
    expect(await orderOf(w, ref)).toMatchObject({ state: "shipped", createdAt: at(100), pickedAt: at(500), shippedAt: at(700) });
    // a reservation that occurred before the pick but arrives last changes nothing it should not
    await ok(w, w.crm, [ev(w, "reservation.created", 3, 200, { orderRef: ref })]);
    expect(await orderOf(w, ref)).toMatchObject({ state: "shipped", reservedAt: at(200) });
  });

  it("records a cancellation with its reason, even when the cancel arrives before the order", async () => {
    const w = await makeWorld();
    const [a, b] = [w.nextId(), w.nextId()];
    await ok(w, w.shop, [ev(w, "order.created", 1, 10, { channel: w.code("web"), orderRef: a })]);
    await ok(w, w.crm, [ev(w, "order.cancelled", 1, 20, { channel: w.code("web"), orderRef: a, reason: "out_of_stock" })]);
    expect(await orderOf(w, a)).toMatchObject({ state: "cancelled", cancelledAt: at(20), cancelReason: "out_of_stock" });

    const early = await w.ingest(w.crm, [ev(w, "order.cancelled", 2, 40, { channel: w.code("web"), orderRef: b, reason: "customer" })]);
    expect(early.accepted).toBe(1);
    await ok(w, w.shop, [ev(w, "order.created", 2, 30, { channel: w.code("web"), orderRef: b })]);
    expect(await orderOf(w, b)).toMatchObject({ state: "cancelled", cancelReason: "customer" });
    const bad = await w.ingest(w.crm, [ev(w, "order.cancelled", 1, 50, { channel: w.code("web"), orderRef: a, reason: "oversold" })]);
    expect(bad.results[0]).toMatchObject({ status: "rejected", reasons: [{ code: "invalid_field", field: "reason" }] });
  });

  it("lists the stuck and late first, filters by channel, state and orderRef, and pages by cursor", async () => {
    const w = await makeWorld();
    await upsertMasterData({ channels: [{ code: w.code("web"), kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: [w.code("WH")], orderAllocationSloSeconds: 60 }] }, "test");
    const now = Date.now();
    const ago = (s: number) => new Date(now - s * 1000).toISOString();
    const refs = Array.from({ length: 6 }, () => w.nextId());
    const order = (ref: string, s: number, extra: Record<string, unknown> = {}) => ({ ...ev(w, "order.created", 1, 0, { channel: w.code("web"), orderRef: ref, ...extra }), occurredAt: ago(s) });
    await ok(w, w.shop, [
      order(refs[0]!, 30), // open, within the SLO
      order(refs[1]!, 600), // stuck: open past 60 s
      order(refs[2]!, 500, { promisedShipBy: ago(100) }), // reserved below, but late
      order(refs[3]!, 400), // shipped below
      order(refs[4]!, 300), // reserved below
      order(refs[5]!, 200), // cancelled below
    ]);
    await ok(w, w.erp, [{ ...ev(w, "reservation.created", 1, 0, { orderRef: refs[2] }), occurredAt: ago(490) }, { ...ev(w, "reservation.created", 1, 0, { orderRef: refs[4] }), occurredAt: ago(290) }]);
    await ok(w, w.wms, [{ ...ev(w, "shipment.posted", 1, 0, { orderRef: refs[3] }), occurredAt: ago(100) }]);
    await ok(w, w.crm, [{ ...ev(w, "order.cancelled", 1, 0, { channel: w.code("web"), orderRef: refs[5], reason: "fraud" }), occurredAt: ago(100) }]);

    const all = await listOrders(ZOrdersQuery.parse({ channel: w.code("web") }));
    expect(all.items.map((o) => [o.orderRef, o.state, o.attention])).toEqual([
      [refs[1], "open", ["unallocated"]],
      [refs[2], "reserved", ["late"]],
      [refs[4], "reserved", []],
      [refs[0], "open", []],
      [refs[5], "cancelled", []],
      [refs[3], "shipped", []],
    ]);
    const open = await listOrders(ZOrdersQuery.parse({ channel: w.code("web"), state: "open" }));
    expect(open.items.map((o) => o.orderRef)).toEqual([refs[1], refs[2], refs[4], refs[0]]);
    expect((await listOrders(ZOrdersQuery.parse({ channel: w.code("web"), state: "reserved" }))).items.map((o) => o.orderRef)).toEqual([refs[2], refs[4]]);
    expect((await listOrders(ZOrdersQuery.parse({ channel: w.code("web"), attention: "1" }))).items.map((o) => o.orderRef)).toEqual([refs[1], refs[2]]);
    expect((await listOrders(ZOrdersQuery.parse({ channel: w.code("b2b") }))).items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listOrders(ZOrdersQuery.parse({ channel: w.code("web"), limit: 2, ...(cursor ? { cursor } : {}) }));
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((o) => o.orderRef));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.items.map((o) => o.orderRef));
    expect(ZOrdersQuery.parse({ limit: "9000" }).limit).toBe(500);
  });
});

describe("demand is counted once per order", () => {
  async function reservedAfter(events: (w: TWorld, ref: string) => [TWorld["wms"], unknown][]) {
    const w = await makeWorld();
    const ref = w.nextId();
    await ok(w, w.wms, [ev(w, "receipt.posted", 50, 0)]);
    for (const [connector, event] of events(w, ref)) await ok(w, connector, [event]);
    return (await w.book("A", "WH"))!.reserved;
  }
  const order = (w: TWorld, ref: string | undefined, q: number, s: number) => ev(w, "order.created", q, s, { channel: w.code("web"), ...(ref ? { orderRef: ref } : {}) });
  const reservation = (w: TWorld, ref: string | undefined, q: number, s: number) => ev(w, "reservation.created", q, s, ref ? { orderRef: ref } : {});

  it("whichever of order.created and reservation.created arrives second moves only what exceeds the first", async () => {
    expect(await reservedAfter((w, ref) => [[w.shop, order(w, ref, 5, 10)], [w.erp, reservation(w, ref, 5, 20)]])).toBe(5);
    expect(await reservedAfter((w, ref) => [[w.erp, reservation(w, ref, 5, 10)], [w.shop, order(w, ref, 5, 20)]])).toBe(5);
    // partial: the smaller second moves nothing, the larger second moves the difference
    expect(await reservedAfter((w, ref) => [[w.shop, order(w, ref, 5, 10)], [w.erp, reservation(w, ref, 3, 20)]])).toBe(5);
    expect(await reservedAfter((w, ref) => [[w.erp, reservation(w, ref, 3, 10)], [w.shop, order(w, ref, 5, 20)]])).toBe(5);
    // both in one batch, either order of occurrence
    expect(await reservedAfter((w, ref) => [[w.crm, order(w, ref, 4, 20)], [w.crm, reservation(w, ref, 4, 10)]])).toBe(4);
  });

  it("counts events without an orderRef every time, and releases a cancelled order once", async () => {
    expect(await reservedAfter((w) => [[w.shop, order(w, undefined, 5, 10)], [w.erp, reservation(w, undefined, 5, 20)]])).toBe(10);
    expect(
      await reservedAfter((w, ref) => [
        [w.shop, order(w, ref, 5, 10)],
        [w.erp, reservation(w, ref, 5, 20)],
        [w.crm, ev(w, "order.cancelled", 5, 30, { channel: w.code("web"), orderRef: ref, reason: "customer" })],
        [w.erp, ev(w, "reservation.released", 5, 40, { orderRef: ref })],
      ]),
    ).toBe(0);
  });

  it("keeps the oversell KPI and replay's effects in agreement with the book", async () => {
    const w = await makeWorld();
    const [a, b] = [w.nextId(), w.nextId()];
    await ok(w, w.wms, [ev(w, "receipt.posted", 3, 0)]);
    // a takes 2 of 3 (its reservation names the same order), so b's 1 still fits: no oversell
    await ok(w, w.shop, [order(w, a, 2, 60)]);
    await ok(w, w.erp, [reservation(w, a, 2, 70)]);
    await ok(w, w.shop, [order(w, b, 1, 120)]);
    expect(await w.book("A", "WH")).toMatchObject({ reserved: 3, atp: 0 });
    await catchUpKpis();
    const kpis = toKpiResponse(await kpiReport({ from: at(0), to: at(3600), channel: w.code("web") }, new Date(T0 + 3600_000)));
    expect(kpis).toMatchObject({ orders: 2, oversoldOrders: 0 });

    // a reservation for b whose SKU was unknown is replayed once the alias exists: it is b's demand again, so it moves nothing
    const rejected = await w.ingest(w.erp, [{ ...reservation(w, b, 1, 130), sku: w.code("alias-b") }]);
    expect(rejected.results[0]!.status).toBe("rejected");
    await upsertMasterData({ skus: [{ code: w.code("A"), aliases: [w.code("alias-a"), w.code("alias-b")] }] }, "test");
    const plan = await createPlan({ connector: w.code("erp"), status: "rejected" }, "ops@example.com");
    expect(plan.wouldApply).toBe(1);
    expect(plan.effects.filter((e) => e.field === "reserved")).toEqual([]);
    await applyPlan(plan.id, "alias added", "ops@example.com");
    expect(await w.book("A", "WH")).toMatchObject({ reserved: 3, atp: 0 });
    const line = await db.orderDemand.findFirstOrThrow({ where: { orderRef: b } });
    expect(line).toMatchObject({ ordered: 1, reserved: 1 });
  });
});
