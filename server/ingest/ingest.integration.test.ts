import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { at, makeWorld, type TWorld } from "@/test/fixtures";

function mv(w: TWorld, type: string, sku: string, location: string, quantity: number, minute = 1, extra: Record<string, unknown> = {}) {
  return { eventId: w.nextId(), type, sku: w.code(sku), location: w.code(location), quantity, occurredAt: at(minute), ...extra };
}

describe("ingest: every event type's effect on the canonical book", () => {
  it("applies movements by DESIGN.md's rules", async () => {
    const w = await makeWorld();
    const r = await w.ingest(w.wms, [
      mv(w, "receipt.posted", "A", "WH", 100),
      mv(w, "pick.confirmed", "A", "WH", 5),
      mv(w, "shipment.posted", "A", "WH", 3),
      mv(w, "return.received", "A", "WH", 2, 1, { disposition: "restockable" }),
      mv(w, "return.received", "A", "WH", 1, 1, { disposition: "damaged" }),
      mv(w, "return.received", "A", "WH", 1, 1, { disposition: "refurbishable" }),
      mv(w, "return.received", "A", "WH", 1, 1, { disposition: "quarantine" }),
      { eventId: w.nextId(), type: "stock.adjusted", sku: w.code("A"), location: w.code("WH"), delta: -4, occurredAt: at(1) },
    ]);
    expect(r.accepted).toBe(8);
    await w.ingest(w.crm, [
      mv(w, "order.created", "A", "WH", 10, 2, { channel: w.code("web"), orderRef: "o-1" }),
      mv(w, "reservation.created", "A", "WH", 6, 2, { orderRef: "r-1" }),
      mv(w, "reservation.released", "A", "WH", 2, 3, { orderRef: "r-1" }),
      mv(w, "order.cancelled", "A", "WH", 4, 3, { channel: w.code("web"), orderRef: "o-1" }),
    ]);
    // reserved: picks took 5 from 0 (clamped to 0, a reservation conflict), then +10 +6 −2 −4 = 10
    expect(await w.book("A", "WH")).toEqual({ onHand: 95, reserved: 10, allocated: 2, inTransit: 0, damaged: 1, quarantine: 2, atp: 83 });
  });

  it("moves transfers out at the source and in at the destination", async () => {
    const w = await makeWorld();
    await w.ingest(w.wms, [mv(w, "receipt.posted", "B", "WH", 20), mv(w, "transfer.shipped", "B", "WH", 8, 2, { toLocation: w.code("ST") })]);
    expect(await w.book("B", "WH")).toMatchObject({ onHand: 12 });
    expect(await w.book("B", "ST")).toMatchObject({ inTransit: 8, onHand: 0 });
    await w.ingest(w.erp, [mv(w, "transfer.received", "B", "ST", 8, 3)]);
    expect(await w.book("B", "ST")).toMatchObject({ inTransit: 0, onHand: 8 });
  });

  it("resolves SKUs by alias and UPC and locations by alias", async () => {
    const w = await makeWorld();
    const upc = (await db.sku.findUniqueOrThrow({ where: { code: w.code("A") } })).upc!;
    await w.ingest(w.wms, [
      { eventId: w.nextId(), type: "receipt.posted", sku: w.code("alias-a"), location: w.code("loc-alias"), quantity: 3, occurredAt: at(1) },
      { eventId: w.nextId(), type: "receipt.posted", upc, location: w.code("WH"), quantity: 4, occurredAt: at(1) },
    ]);
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 7 });
  });
});

describe("ingest: authority and reported books", () => {
  it("changes the canonical book only from the authoritative connector, but keeps every reporter's own book", async () => {
    const w = await makeWorld();
    await w.ingest(w.wms, [mv(w, "receipt.posted", "A", "WH", 50)]);
    const fromErp = await w.ingest(w.erp, [mv(w, "receipt.posted", "A", "WH", 47)]);
    expect(fromErp.accepted).toBe(1);
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 50 });
    expect(await w.reported("erp", "A", "WH")).toBe(47);
    expect(await w.reported("wms", "A", "WH")).toBe(50);
    const row = await db.event.findFirstOrThrow({ where: { connectorId: w.erp.id }, orderBy: { id: "desc" } });
    expect(row.flags).toMatchObject({ nonAuthoritative: true });
    // a location without an authority takes physical events from anyone
    await w.ingest(w.erp, [mv(w, "receipt.posted", "A", "ST", 5)]);
    expect(await w.book("A", "ST")).toMatchObject({ onHand: 5 });
  });

  it("lets demand events change reserved whoever sends them", async () => {
    const w = await makeWorld();
    await w.ingest(w.erp, [mv(w, "reservation.created", "C", "WH", 3)]);
    expect(await w.book("C", "WH")).toMatchObject({ reserved: 3 });
  });
});

describe("ingest: snapshots rebase the book", () => {
  it("sets each reported field to the snapshot + movements after it, and records late movements without double counting", async () => {
    const w = await makeWorld();
    await w.ingest(w.wms, [mv(w, "receipt.posted", "A", "WH", 10, 1), mv(w, "receipt.posted", "A", "WH", 5, 20)]);
    await w.ingest(w.crm, [mv(w, "reservation.created", "A", "WH", 2, 2)]);
    // snapshot at minute 10 says 30 on hand: the receipt at 20 comes on top; reserved is not reported → carries on
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "balance.snapshot", sku: w.code("A"), location: w.code("WH"), balances: { onHand: 30 }, occurredAt: at(10) }]);
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 35, reserved: 2 });

    // a late receipt that occurred before the snapshot: accepted, recorded, not applied to onHand
    const late = await w.ingest(w.wms, [mv(w, "receipt.posted", "A", "WH", 7, 5)]);
    expect(late.accepted).toBe(1);
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 35 });
    const lateRow = await db.event.findFirstOrThrow({ where: { eventId: late.results[0]!.eventId! } });
    expect(lateRow.flags).toMatchObject({ beforeSnapshot: true });

    // a movement at exactly the snapshot's instant is inside it
    await w.ingest(w.wms, [mv(w, "receipt.posted", "A", "WH", 4, 10)]);
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 35 });

    // an older snapshot is recorded but changes nothing
    const old = await w.ingest(w.wms, [{ eventId: w.nextId(), type: "balance.snapshot", sku: w.code("A"), location: w.code("WH"), balances: { onHand: 999 }, occurredAt: at(3) }]);
    expect(old.accepted).toBe(1);
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 35 });

    // a non-authoritative snapshot only rebases that connector's own book (for ERP vs WMS drift)
    await w.ingest(w.erp, [{ eventId: w.nextId(), type: "balance.snapshot", sku: w.code("A"), location: w.code("WH"), balances: { onHand: 33 }, occurredAt: at(30) }]);
    expect(await w.reported("erp", "A", "WH")).toBe(33);
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 35 });
  });
});

describe("ingest: idempotency, conflicts and sequences", () => {
  it("changes the book once when the same new event is posted 10 times concurrently", async () => {
    const w = await makeWorld();
    const event = mv(w, "receipt.posted", "B", "WH", 9);
    const results = await Promise.all(Array.from({ length: 10 }, () => w.ingest(w.wms, [event])));
    const statuses = results.map((r) => r.results[0]!.status).sort();
    expect(statuses.filter((s) => s === "accepted")).toHaveLength(1);
    expect(statuses.filter((s) => s === "duplicate")).toHaveLength(9);
    expect(await w.book("B", "WH")).toMatchObject({ onHand: 9 });
    expect(await db.event.count({ where: { connectorId: w.wms.id, eventId: event.eventId } })).toBe(1);
  });

  it("keeps a reused eventId with different content aside as a conflict, book unchanged", async () => {
    const w = await makeWorld();
    const first = mv(w, "receipt.posted", "B", "WH", 9);
    await w.ingest(w.wms, [first]);
    // same content, keys in another order: a duplicate
    const reordered = Object.fromEntries(Object.entries(first).reverse());
    expect((await w.ingest(w.wms, [reordered])).results[0]!.status).toBe("duplicate");
    const r = await w.ingest(w.wms, [{ ...first, quantity: 90 }]);
    expect(r.results[0]!.status).toBe("conflict");
    expect(await w.book("B", "WH")).toMatchObject({ onHand: 9 });
    const original = await db.event.findFirstOrThrow({ where: { connectorId: w.wms.id, eventId: first.eventId } });
    const kept = await db.eventConflict.findMany({ where: { eventPk: original.id } });
    expect(kept).toHaveLength(1);
    expect(kept[0]!.payload).toMatchObject({ quantity: 90 });
    // the same eventId from another connector is a different event
    expect((await w.ingest(w.erp, [first])).results[0]!.status).toBe("accepted");
  });

  it("answers a re-sent batch from the look-up alone: duplicates, rejected ones included, counted once each", async () => {
    const w = await makeWorld();
    const hourly = async () => db.ingestHourly.aggregate({ where: { connectorId: w.wms.id }, _sum: { received: true, accepted: true, duplicate: true, rejected: true, conflict: true } });
    const batch = [mv(w, "receipt.posted", "B", "WH", 4), mv(w, "receipt.posted", "B", "WH", 6), { eventId: w.nextId(), type: "receipt.posted", sku: w.code("B"), location: w.code("WH"), quantity: 0, occurredAt: at(1) }];
    const first = await w.ingest(w.wms, batch);
    expect(first.results.map((r) => r.status)).toEqual(["accepted", "accepted", "rejected"]);
    const again = await w.ingest(w.wms, batch);
    expect(again).toMatchObject({ received: 3, accepted: 0, duplicate: 3, rejected: 0 });
    expect(again.results).toEqual(batch.map((e, index) => ({ index, eventId: e.eventId, status: "duplicate" })));
    expect(await w.book("B", "WH")).toMatchObject({ onHand: 10 });
    expect((await hourly())._sum).toEqual({ received: 6, accepted: 2, duplicate: 3, rejected: 1, conflict: 0 });
    // mixed with a new event, a changed one and a repeat inside the batch: the full path
    const fresh = mv(w, "receipt.posted", "B", "WH", 1);
    const mixed = await w.ingest(w.wms, [batch[0], fresh, { ...batch[1]!, quantity: 60 }, fresh]);
    expect(mixed.results.map((r) => r.status)).toEqual(["duplicate", "accepted", "conflict", "duplicate"]);
    expect(await w.book("B", "WH")).toMatchObject({ onHand: 11 });
    // a sequenced batch re-sent, and one that overlaps the stored stream
    const seq = (n: number) => mv(w, "receipt.posted", "B", "WH", 1, n, { sequence: n });
    const s1 = [seq(1), seq(2)];
    await w.ingest(w.wms, s1);
    expect((await w.ingest(w.wms, s1)).results.map((r) => r.status)).toEqual(["duplicate", "duplicate"]);
    expect((await w.ingest(w.wms, [s1[1], seq(3)])).results.map((r) => r.status)).toEqual(["duplicate", "accepted"]);
    expect(await w.book("B", "WH")).toMatchObject({ onHand: 14 });
    expect(await db.connector.findUniqueOrThrow({ where: { id: w.wms.id }, select: { lastSequence: true } })).toEqual({ lastSequence: 3n });
  });

  it("holds events after a sequence gap and releases them in order when it fills", async () => {
    const w = await makeWorld();
    const seq = (n: number, q: number) => mv(w, "receipt.posted", "C", "WH", q, n, { sequence: n });
    const a = await w.ingest(w.wms, [seq(1, 1), seq(2, 2), seq(4, 4), seq(5, 5)]);
    expect(a.results.map((r) => r.status)).toEqual(["accepted", "accepted", "held", "held"]);
    expect(await w.book("C", "WH")).toMatchObject({ onHand: 3 });
    const b = await w.ingest(w.wms, [seq(3, 3)]);
    expect(b.results[0]!.status).toBe("accepted");
    expect(await w.book("C", "WH")).toMatchObject({ onHand: 15 });
    const released = await db.event.findMany({ where: { connectorId: w.wms.id, sequence: { in: [4n, 5n] } } });
    expect(released.map((e) => e.status)).toEqual(["accepted", "accepted"]);
    expect(released.every((e) => (e.flags as { releasedBy?: string }).releasedBy === "gap_filled")).toBe(true);
    // events without a sequence are never held; late sequence numbers are not held either
    const c = await w.ingest(w.wms, [mv(w, "receipt.posted", "C", "WH", 1), seq(2, 100)]);
    expect(c.results.map((r) => r.status)).toEqual(["accepted", "accepted"]);
  });
});

describe("ingest: rejections are answered and kept", () => {
  it("rejects unknown references and channel-scope violations with reasons, storing them as dead letters", async () => {
    const w = await makeWorld();
    const r = await w.ingest(w.shop, [
      { eventId: w.nextId(), type: "channel.quantity.observed", sku: "NO-SUCH-SKU", channel: w.code("web"), quantity: 1, occurredAt: at(1) },
      { eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: "NOWHERE", quantity: 1, occurredAt: at(1) },
      { eventId: w.nextId(), type: "channel.quantity.observed", sku: w.code("A"), channel: "nope", quantity: 1, occurredAt: at(1) },
      { eventId: w.nextId(), type: "channel.quantity.observed", sku: w.code("A"), channel: w.code("b2b"), quantity: 1, occurredAt: at(1) },
      { type: "receipt.posted" },
    ]);
    expect(r.rejected).toBe(5);
    expect(r.results.map((x) => x.reasons?.[0]?.code)).toEqual(["unknown_sku", "unknown_location", "unknown_channel", "invalid_field", "missing_field"]);
    expect(r.results[4]!.eventId).toBeNull();
    const dead = await db.event.findMany({ where: { connectorId: w.shop.id, status: "rejected" } });
    expect(dead).toHaveLength(5);
    expect(dead.find((d) => (d.payload as { sku?: string }).sku === "NO-SUCH-SKU")?.reasons).toEqual([
      { code: "unknown_sku", field: "sku", message: "no SKU has the code or alias NO-SUCH-SKU", value: "NO-SUCH-SKU" },
    ]);
    const hourly = await db.ingestHourly.findMany({ where: { connectorId: w.shop.id } });
    expect(hourly.reduce((s, h) => s + h.rejected, 0)).toBe(5);
  });
});

describe("ingest: exposures and reservation conflicts", () => {
  it("sums the latest quantity per channel location into the channel's exposure", async () => {
    const w = await makeWorld();
    const obs = (q: number, minute: number, location?: string) => ({
      eventId: w.nextId(),
      type: "channel.quantity.observed",
      sku: w.code("A"),
      channel: w.code("web"),
      quantity: q,
      occurredAt: at(minute),
      ...(location ? { location: w.code(location) } : {}),
    });
    await w.ingest(w.shop, [obs(5, 1, "WH"), obs(7, 3, "WH"), obs(6, 2, "WH"), obs(2, 1, "ST")]);
    const pos = await db.channelPosition.findFirstOrThrow({ where: { channelId: w.shop.channelId!, skuId: (await db.sku.findUniqueOrThrow({ where: { code: w.code("A") } })).id } });
    expect(pos.exposed).toBe(9);
    // an older report does not replace a newer one
    await w.ingest(w.shop, [obs(100, 0, "WH")]);
    expect((await db.channelPosition.findFirstOrThrow({ where: { channelId: w.shop.channelId!, skuId: pos.skuId } })).exposed).toBe(9);
    // sold out is 0, not missing
    await w.ingest(w.shop, [obs(0, 9, "WH"), obs(0, 9, "ST")]);
    expect((await db.channelPosition.findFirstOrThrow({ where: { channelId: w.shop.channelId!, skuId: pos.skuId } })).exposed).toBe(0);
  });

  it("flags a release naming an order with nothing open, and reserved that would go negative", async () => {
    const w = await makeWorld();
    const r = await w.ingest(w.crm, [
      mv(w, "reservation.created", "B", "WH", 2, 1, { orderRef: "R-1" }),
      mv(w, "reservation.released", "B", "WH", 2, 2, { orderRef: "R-404" }),
      mv(w, "reservation.released", "B", "WH", 5, 3),
    ]);
    expect(r.accepted).toBe(3);
    const rows = await db.event.findMany({ where: { connectorId: w.crm.id }, orderBy: { id: "asc" } });
    expect(rows.map((e) => (e.flags as { reservationConflict?: string } | null)?.reservationConflict ?? null)).toEqual([null, "unknown_order", "negative_reserved"]);
    expect(await w.book("B", "WH")).toMatchObject({ reserved: 0 });
  });
});

describe("ingest: concurrency", () => {
  it("8 clients × 1,000 events on 10 SKUs in parallel give exactly the sequential result", async () => {
    const w = await makeWorld();
    const skus = Array.from({ length: 10 }, (_, i) => `P${i}`);
    await db.$executeRaw`select 1`;
    const { upsertMasterData } = await import("@/server/master-data/upsert");
    await upsertMasterData({ skus: skus.map((s) => ({ code: w.code(s) })) }, "test");
    const expected = new Map<string, number>();
    const clients = Array.from({ length: 8 }, (_, c) =>
      Array.from({ length: 1000 }, (_, i) => {
        const sku = skus[(c * 7 + i) % skus.length]!;
        const delta = ((i * 31 + c) % 9) - 3 || 1;
        expected.set(sku, (expected.get(sku) ?? 0) + delta);
        return { eventId: `${w.code("par")}-${c}-${i}`, type: "stock.adjusted", sku: w.code(sku), location: w.code("WH"), delta, occurredAt: at(i % 50) };
      }),
    );
    const results = await Promise.all(clients.map(async (events) => {
      const out = [];
      for (let i = 0; i < events.length; i += 250) out.push(await w.ingest(w.wms, events.slice(i, i + 250)));
      return out;
    }));
    expect(results.flat().reduce((s, r) => s + r.accepted, 0)).toBe(8000);
    for (const sku of skus) expect((await w.book(sku, "WH"))!.onHand).toBe(expected.get(sku));
  });
});
