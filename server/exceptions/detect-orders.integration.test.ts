// The order and partner-message kinds open and heal, on a real PostgreSQL, from events through real ingest.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { upsertMasterData } from "@/server/master-data/upsert";
import { makeWorld, type TWorld } from "@/test/fixtures";
import { ZExceptionListQuery } from "./exceptions.types";
import { listExceptions, toContract } from "./queries";
import { auditOf, evaluate } from "./test-world";

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

async function ok(w: TWorld, connector: TWorld["wms"], events: unknown[]) {
  const r = await w.ingest(connector, events);
  expect(r.results.filter((x) => x.status !== "accepted"), JSON.stringify(r.results)).toEqual([]);
}

async function groupsOf(w: TWorld, kind: string) {
  const page = await listExceptions(ZExceptionListQuery.parse({ kind, state: "open,acknowledged,snoozed,resolved", limit: 500 }), null);
  return page.items.filter((g) => g.scope.channel === w.code("web") || g.scope.connector?.startsWith(w.code("")));
}

async function world() {
  const w = await makeWorld();
  // short SLOs, so a test need not wait: 60 s to allocate an order, 60 s to acknowledge a message
  await upsertMasterData(
    {
      channels: [{ code: w.code("web"), kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: [w.code("WH")], orderAllocationSloSeconds: 60 }],
      connectors: [{ code: w.code("erp"), kind: "erp", ackSloSeconds: 60 }],
    },
    "test",
  );
  await ok(w, w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 100, occurredAt: ago(3600) }]);
  return w;
}

const order = (w: TWorld, ref: string, s: number, extra: Record<string, unknown> = {}) => ({
  eventId: w.nextId(), type: "order.created", sku: w.code("A"), location: w.code("WH"), channel: w.code("web"), quantity: 7, orderRef: ref, occurredAt: ago(s), ...extra,
});
const step = (w: TWorld, type: string, ref: string, s: number) => ({ eventId: w.nextId(), type, sku: w.code("A"), location: w.code("WH"), quantity: 7, orderRef: ref, occurredAt: ago(s) });

describe("order_unallocated", () => {
  it("opens for an order not reserved within its channel's SLO, with its units, and resolves itself once reserved", async () => {
    const w = await world();
    const [stuck, fresh] = [w.nextId(), w.nextId()];
    await ok(w, w.shop, [order(w, stuck, 120), order(w, fresh, 10)]);
    await evaluate();
    const [g, ...rest] = await groupsOf(w, "order_unallocated");
    expect(rest).toEqual([]);
    expect(toContract(g!)).toMatchObject({ kind: "order_unallocated", scope: { channel: w.code("web"), orderRef: stuck }, state: "open", unitsAtRisk: 7, severity: "medium" });
    expect(g!.slaDueAt).not.toBeNull();

    // evaluating again raises nothing new
    await evaluate();
    expect(await groupsOf(w, "order_unallocated")).toHaveLength(1);

    await ok(w, w.erp, [step(w, "reservation.created", stuck, 5)]);
    await evaluate();
    const healed = (await groupsOf(w, "order_unallocated"))[0]!;
    expect(healed).toMatchObject({ state: "resolved", resolution: "auto" });
    expect((await auditOf(healed.id)).map((a) => a.action)).toContain("exception.auto_resolve");
  });
});

describe("order_late", () => {
  it("opens when promisedShipBy passed with no shipment, and resolves itself on the shipment", async () => {
    const w = await world();
    const ref = w.nextId();
    await ok(w, w.shop, [order(w, ref, 600, { promisedShipBy: ago(30) })]);
    await ok(w, w.erp, [step(w, "reservation.created", ref, 590)]);
    await evaluate();
    expect(await groupsOf(w, "order_unallocated")).toEqual([]);
    const [late] = await groupsOf(w, "order_late");
    expect(toContract(late!)).toMatchObject({ scope: { channel: w.code("web"), orderRef: ref }, state: "open", unitsAtRisk: 7 });
    await ok(w, w.wms, [step(w, "pick.confirmed", ref, 20), step(w, "shipment.posted", ref, 10)]);
    await evaluate();
    expect((await groupsOf(w, "order_late"))[0]).toMatchObject({ state: "resolved", resolution: "auto" });
  });
});

describe("ack_overdue and ack_rejected", () => {
  it("opens for a message not acknowledged in time and resolves when the acknowledgement arrives", async () => {
    const w = await world();
    await ok(w, w.erp, [{ eventId: w.nextId(), type: "message.sent", messageRef: "GS-1", documentType: "846", occurredAt: ago(120) }]);
    await ok(w, w.erp, [{ eventId: w.nextId(), type: "message.sent", messageRef: "GS-2", documentType: "856", ackDueSeconds: 3600, occurredAt: ago(120) }]);
    await evaluate();
    const overdue = await groupsOf(w, "ack_overdue");
    expect(overdue.map((g) => toContract(g))).toMatchObject([{ kind: "ack_overdue", scope: { connector: w.code("erp"), messageRef: "GS-1" }, state: "open" }]);
    await ok(w, w.erp, [{ eventId: w.nextId(), type: "message.acknowledged", messageRef: "GS-1", result: "accepted", occurredAt: ago(5) }]);
    await evaluate();
    expect((await groupsOf(w, "ack_overdue"))[0]).toMatchObject({ state: "resolved", resolution: "auto" });
    expect(await groupsOf(w, "ack_rejected")).toEqual([]);
  });

  it("opens ack_rejected for a rejection (high) and for errors (low); an accepting acknowledgement heals it", async () => {
    const w = await world();
    await ok(w, w.erp, [
      { eventId: w.nextId(), type: "message.sent", messageRef: "R-1", documentType: "846", occurredAt: ago(50) },
      { eventId: w.nextId(), type: "message.sent", messageRef: "E-1", documentType: "846", occurredAt: ago(50) },
    ]);
    await ok(w, w.erp, [
      { eventId: w.nextId(), type: "message.acknowledged", messageRef: "R-1", result: "rejected", errors: ["846 0001: rejected — one or more segments in error"], occurredAt: ago(40) },
      { eventId: w.nextId(), type: "message.acknowledged", messageRef: "E-1", result: "accepted_with_errors", occurredAt: ago(40) },
    ]);
    await evaluate();
    const byRef = new Map((await groupsOf(w, "ack_rejected")).map((g) => [g.scope.messageRef, g]));
    expect(byRef.get("R-1")).toMatchObject({ state: "open", severity: "high" });
    expect(byRef.get("R-1")!.details.errors).toContain("one or more segments in error");
    expect(byRef.get("E-1")).toMatchObject({ state: "open", severity: "low" });
    await ok(w, w.erp, [{ eventId: w.nextId(), type: "message.acknowledged", messageRef: "R-1", result: "accepted", occurredAt: ago(10) }]);
    await evaluate();
    const after = new Map((await groupsOf(w, "ack_rejected")).map((g) => [g.scope.messageRef, g]));
    expect(after.get("R-1")).toMatchObject({ state: "resolved", resolution: "auto" });
    expect(after.get("E-1")).toMatchObject({ state: "open" });
  });

  it("keeps an acknowledgement for an unknown messageRef and matches it when the message arrives", async () => {
    const w = await world();
    const now = Date.now();
    await ok(w, w.erp, [{ eventId: w.nextId(), type: "message.acknowledged", messageRef: "EARLY", result: "accepted", occurredAt: new Date(now - 30_000).toISOString() }]);
    const connectorId = (await db.connector.findUniqueOrThrow({ where: { code: w.code("erp") } })).id;
    expect(await db.partnerMessage.findUniqueOrThrow({ where: { connectorId_messageRef: { connectorId, messageRef: "EARLY" } } })).toMatchObject({ sentAt: null, result: "accepted" });
    await ok(w, w.erp, [{ eventId: w.nextId(), type: "message.sent", messageRef: "EARLY", documentType: "846", occurredAt: new Date(now - 300_000).toISOString() }]);
    const m = await db.partnerMessage.findUniqueOrThrow({ where: { connectorId_messageRef: { connectorId, messageRef: "EARLY" } } });
    expect(m.ackedAt!.getTime() - m.sentAt!.getTime()).toBe(270_000);
    await evaluate();
    expect(await groupsOf(w, "ack_overdue")).toEqual([]);
  });
});
