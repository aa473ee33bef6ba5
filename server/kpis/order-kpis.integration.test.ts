// Order fallout, stock cancellations and partner ack delay on a known set, through real ingest,
// the real roll-up and the real report.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { newHorizonState } from "@/server/exceptions/horizon";
import { upsertMasterData } from "@/server/master-data/upsert";
import { makeWorld, type TWorld } from "@/test/fixtures";
import { kpiReport, toKpiResponse } from "./report";
import { ORDER_HOURS_KEY } from "./orders-rollup";
import { catchUpKpis, runKpiTick, runOrderRollup } from "./worker";

const T0 = Date.UTC(2026, 0, 9, 8, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

async function ok(w: TWorld, connector: TWorld["wms"], events: unknown[]) {
  const r = await w.ingest(connector, events);
  expect(r.results.filter((x) => x.status !== "accepted"), JSON.stringify(r.results)).toEqual([]);
}

describe("order KPIs", () => {
  it("counts fallout (cancelled not by the customer, or unallocated past the SLO) and stock cancellations over orders, by channel", async () => {
    const w = await makeWorld();
    await upsertMasterData({ channels: [{ code: w.code("web"), kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: [w.code("WH")], orderAllocationSloSeconds: 600 }] }, "test");
    await ok(w, w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 500, occurredAt: at(0) }]);
    const refs = Array.from({ length: 10 }, () => w.nextId());
    const line = (type: string, ref: string, s: number, extra: Record<string, unknown> = {}) => ({ eventId: w.nextId(), type, sku: w.code("A"), location: w.code("WH"), quantity: 1, orderRef: ref, occurredAt: at(s), ...extra });
    const web = { channel: w.code("web") };
    await ok(w, w.shop, refs.map((ref, i) => line("order.created", ref, 60 + i, web)));
    await ok(w, w.crm, [
      line("order.cancelled", refs[0]!, 300, { ...web, reason: "out_of_stock" }),
      line("order.cancelled", refs[1]!, 300, { ...web, reason: "out_of_stock" }),
      line("order.cancelled", refs[2]!, 300, { ...web, reason: "customer" }),
      line("order.cancelled", refs[3]!, 300, { ...web, reason: "fraud" }),
    ]);
    // refs[4] is never allocated (past its 600 s SLO now); refs[5] is reserved 20 minutes in (late); the rest on time
    await ok(w, w.erp, [line("reservation.created", refs[5]!, 1300), ...refs.slice(6).map((ref) => line("reservation.created", ref, 200))]);

    // the same set on b2b, none of it fallout: b2b's figures stand apart
    const b2b = w.nextId();
    await ok(w, w.crm, [{ ...line("order.created", b2b, 100), channel: w.code("b2b") }, line("reservation.created", b2b, 110)]);

    await catchUpKpis();
    const k = toKpiResponse(await kpiReport({ from: at(0), to: at(3600) }, new Date(T0 + 7200_000)));
    expect(k.byChannel[w.code("web")]).toMatchObject({ orderFalloutRate: 0.5, stockCancellationRate: 0.2 });
    expect(k.byChannel[w.code("b2b")]).toMatchObject({ orderFalloutRate: 0, stockCancellationRate: 0 });
    const only = toKpiResponse(await kpiReport({ from: at(0), to: at(3600), channel: w.code("web") }, new Date(T0 + 7200_000)));
    expect(only).toMatchObject({ orderFalloutRate: 0.5, stockCancellationRate: 0.2 });
  });

  it("recomputes an earlier hour in the next orders pass once a later event names one of its orders", async () => {
    const w = await makeWorld();
    await upsertMasterData({ channels: [{ code: w.code("web"), kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: [w.code("WH")], orderAllocationSloSeconds: 600 }] }, "test");
    const ref = w.nextId();
    const line = (type: string, s: number, extra: Record<string, unknown> = {}) => ({ eventId: w.nextId(), type, sku: w.code("A"), location: w.code("WH"), quantity: 1, orderRef: ref, channel: w.code("web"), occurredAt: at(s), ...extra });
    await ok(w, w.shop, [line("order.created", 60)]);
    await ok(w, w.erp, [line("reservation.created", 70)]);
    await catchUpKpis();
    const report = async () => toKpiResponse(await kpiReport({ from: at(0), to: at(3600), channel: w.code("web") }, new Date(T0 + 7200_000)));
    expect(await report()).toMatchObject({ orderFalloutRate: 0, stockCancellationRate: 0 });

    // two hours later the order is cancelled for stock: the roll-up notes its hour (08:00) ...
    await ok(w, w.crm, [line("order.cancelled", 7200, { reason: "out_of_stock" })]);
    const hour = new Date(T0).toISOString();
    const state = newHorizonState();
    await expect
      .poll(async () => {
        await runKpiTick(state);
        const row = await db.appSetting.findUnique({ where: { key: ORDER_HOURS_KEY } });
        return ((row?.value ?? []) as string[]).map((h) => new Date(h).toISOString());
      })
      .toContain(hour);
    // ... and the worker's next orders pass recomputes it and takes the note
    await runOrderRollup(false, new Date());
    expect(await report()).toMatchObject({ orderFalloutRate: 1, stockCancellationRate: 1 });
    expect(await db.appSetting.findUnique({ where: { key: ORDER_HOURS_KEY } })).toBeNull();
  });

  it("takes the ack delay p95 over messages sent in the range, by the sender's channel", async () => {
    const w = await makeWorld();
    const sent = (ref: string, s: number) => ({ eventId: w.nextId(), type: "message.sent", messageRef: ref, documentType: "846", occurredAt: at(s) });
    const ack = (ref: string, s: number) => ({ eventId: w.nextId(), type: "message.acknowledged", messageRef: ref, result: "accepted", occurredAt: at(s) });
    // delays 10, 20, 30, 40 s and, for one of twenty, 50 s: the 95th percentile (nearest rank) is 40 s
    const delays = [...Array(19).fill(0).map((_, i) => [10, 20, 30, 40][i % 4]!), 50];
    await ok(w, w.shop, delays.map((_, i) => sent(`M-${i}`, 100 + i)));
    await ok(w, w.shop, delays.map((d, i) => ack(`M-${i}`, 100 + i + d)));
    await ok(w, w.shop, [sent("NEVER", 200)]);
    await catchUpKpis();
    const k = toKpiResponse(await kpiReport({ from: at(0), to: at(3600), channel: w.code("web") }, new Date(T0 + 7200_000)));
    expect(k.ackDelayP95Seconds).toBe(40);
    expect(toKpiResponse(await kpiReport({ from: at(0), to: at(3600), channel: w.code("b2b") }, new Date(T0 + 7200_000))).ackDelayP95Seconds).toBeNull();
  });
});
