// POST /api/v1/edi/x12's domain on a real PostgreSQL: partner-shaped interchanges become events
// through the JSON ingest path; broken X12 is refused and kept; a 997 heals its 846's ack_overdue.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { evaluate } from "@/server/exceptions/test-world";
import { AppError } from "@/server/lib/errors";
import { logger } from "@/server/lib/logger";
import { upsertMasterData } from "@/server/master-data/upsert";
import { listOrders } from "@/server/orders/list";
import { ZOrdersQuery } from "@/server/orders/orders.types";
import { ingestX12 } from "./post-x12";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
type TConnector = { id: number; code: string; channelId: number | null };
let edi: TConnector;
let loose: TConnector;

beforeAll(async () => {
  await upsertMasterData(
    {
      skus: [
        { code: "EDI-HEX-M6", upc: "012345678905" },
        { code: "EDI-DRILL-18V", aliases: ["RET-778812"] },
        { code: "EDI-TAPE-48" },
      ],
      locations: [{ code: "DC-EAST", kind: "warehouse" }],
      channels: [{ code: "bigbox", kind: "edi", freshnessSloSeconds: 3600, eligibleLocations: ["DC-EAST"] }],
      connectors: [
        { code: "edi", kind: "edi", channel: "bigbox", defaultLocation: "DC-EAST", ackSloSeconds: 60 },
        { code: "edi-loose", kind: "edi" },
      ],
    },
    "test",
  );
  const rows = await db.connector.findMany({ where: { code: { in: ["edi", "edi-loose"] } } });
  const of = (code: string) => {
    const c = rows.find((r) => r.code === code)!;
    return { id: c.id, code: c.code, channelId: c.channelId };
  };
  edi = of("edi");
  loose = of("edi-loose");
});

const post = (connector: TConnector, body: string) => ingestX12(connector, body, { log: logger });

describe("846 inventory advice", () => {
  it("becomes channel quantities and a message.sent; an unknown UPC is a rejected event; a re-send is all duplicates", async () => {
    const r = await post(edi, fixture("846-inventory-advice.x12"));
    expect(r.transactions).toEqual([{ set: "846", control: "0001", events: 5, status: "partial" }]);
    expect(r).toMatchObject({ received: 5, accepted: 4, rejected: 1, duplicate: 0 });
    expect(r.results.map((x) => [x.eventId, x.status])).toEqual([
      ["000004711-0001-1", "accepted"],
      ["000004711-0001-2", "accepted"],
      ["000004711-0001-3", "accepted"],
      ["000004711-0001-4", "rejected"],
      ["000004711-0001-5", "accepted"],
    ]);
    expect(r.results[3]!.reasons).toEqual([expect.objectContaining({ code: "unknown_sku", field: "upc", value: "099999999993" })]);
    const exposures = await db.$queryRaw<{ sku: string; quantity: number }[]>`
      select s.code as sku, x.quantity from channel_exposure x join sku s on s.id = x.sku_id join channel c on c.id = x.channel_id where c.code = 'bigbox' order by s.code`;
    expect(exposures).toEqual([
      { sku: "EDI-DRILL-18V", quantity: 0 },
      { sku: "EDI-HEX-M6", quantity: 120 },
      { sku: "EDI-TAPE-48", quantity: 36 },
    ]);
    expect(await db.partnerMessage.findUniqueOrThrow({ where: { connectorId_messageRef: { connectorId: edi.id, messageRef: "4711" } } })).toMatchObject({
      documentType: "846",
      sentAt: new Date("2026-12-05T14:05:00Z"),
      ackedAt: null,
    });

    const again = await post(edi, fixture("846-inventory-advice.x12"));
    expect(again).toMatchObject({ received: 5, duplicate: 5, accepted: 0 });
    expect(again.results.every((x) => x.status === "duplicate")).toBe(true);
    expect(again.transactions[0]).toMatchObject({ status: "duplicate", events: 5 });
  });

  it("from a connector that names no channel: every event rejected with invalid_field", async () => {
    const r = await post(loose, fixture("846-inventory-advice.x12"));
    expect(r).toMatchObject({ received: 5, rejected: 5 });
    expect(r.results.every((x) => x.status === "rejected" && x.reasons?.[0]?.code === "invalid_field")).toBe(true);
    expect(r.transactions[0]).toMatchObject({ status: "rejected" });
  });
});

describe("997 functional acknowledgement", () => {
  it("resolves the 846's ack_overdue; a rejecting 997 opens ack_rejected", async () => {
    await evaluate();
    const overdue = await db.exceptionGroup.findFirstOrThrow({ where: { kind: "ack_overdue", messageRef: "4711", connectorId: edi.id } });
    expect(overdue.state).toBe("open");

    const r = await post(edi, fixture("997-accepted.x12"));
    expect(r.transactions).toEqual([{ set: "997", control: "0001", events: 1, status: "accepted" }]);
    await evaluate();
    expect(await db.exceptionGroup.findUniqueOrThrow({ where: { id: overdue.id } })).toMatchObject({ state: "resolved", resolution: "auto" });

    await post(edi, fixture("997-rejected.x12"));
    await evaluate();
    const rejected = await db.exceptionGroup.findFirstOrThrow({ where: { kind: "ack_rejected", messageRef: "4711", connectorId: edi.id } });
    expect(rejected).toMatchObject({ state: "open", severity: "high" });
  });
});

describe("850 purchase order", () => {
  it("becomes one order.created per PO1 on the connector's channel and default location", async () => {
    const r = await post(edi, fixture("850-purchase-order.x12"));
    expect(r).toMatchObject({ received: 2, accepted: 2 });
    const [order] = (await listOrders(ZOrdersQuery.parse({ channel: "bigbox", orderRef: "PO-4500012345" }))).items;
    expect(order).toMatchObject({ state: "open", units: 30, createdAt: "2026-12-05T09:15:00.000Z", promisedShipBy: "2026-12-10T23:59:59.000Z" });
  });
});

describe("what is not mapped or not X12", () => {
  it("answers an 810 as ignored, beside the sets it maps", async () => {
    const r = await post(edi, fixture("810-invoice.x12") + fixture("997-accepted.x12").replaceAll("000000978", "000000990"));
    expect(r.transactions.map((t) => [t.set, t.status, t.events])).toEqual([
      ["810", "ignored", 0],
      ["997", "accepted", 1],
    ]);
    expect(r.transactions[0]!.reasons).toEqual([expect.objectContaining({ code: "unsupported_set" })]);
  });

  it("refuses broken X12 (a missing IEA, a wrong segment count) with invalid_body and keeps the body", async () => {
    for (const body of [fixture("846-inventory-advice.x12").replace("IEA*1*000004711~\n", ""), fixture("850-purchase-order.x12").replace("SE*10*", "SE*11*")]) {
      const before = await db.deadLetterBody.count({ where: { connectorId: edi.id } });
      const error = await post(edi, body).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "invalid_body", status: 400 });
      const kept = await db.deadLetterBody.findMany({ where: { connectorId: edi.id }, orderBy: { id: "desc" }, take: 1 });
      expect(await db.deadLetterBody.count({ where: { connectorId: edi.id } })).toBe(before + 1);
      expect(kept[0]).toMatchObject({ body, contentType: "application/edi-x12" });
    }
  });
});
