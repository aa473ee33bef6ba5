import { beforeAll, describe, expect, it } from "vitest";
import { listInventory, ZInventoryPage, ZInventoryQuery } from "@/server/inventory/queries";
import { skuHistory } from "./sku-history";
import { skuDetail } from "./sku-view";
import { insertEvent, insertMovement, masterData, setBook, setChannelPosition, setExposure, setReported } from "./test-helpers";

const NOW = new Date("2026-06-08T12:30:00.000Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);

beforeAll(async () => {
  await masterData({
    connectors: [
      { code: "erp", kind: "erp" },
      { code: "wms", kind: "wms" },
      { code: "shop", kind: "channel" },
    ],
    locations: [
      { code: "L1", kind: "warehouse" },
      { code: "L2", kind: "store" },
    ],
    channels: [
      { code: "web", kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: ["L1"] },
      { code: "mkt", kind: "marketplace", freshnessSloSeconds: 600, eligibleLocations: ["L1", "L2"] },
      { code: "pos", kind: "pos", freshnessSloSeconds: 60, eligibleLocations: ["L2"] },
    ],
    skus: [{ code: "A-1", name: "Hammer", category: "Tools", upc: "111111110001", aliases: ["shop:900"] }, { code: "A-2" }],
  });
  await setBook("A-1", "L1", { onHand: 10, reserved: 4, allocated: 8, inTransit: 3, damaged: 1, quarantine: 2, updatedAt: hoursAgo(1) });
  await setBook("A-1", "L2", { onHand: 5 });
  await setBook("A-2", "L1", { onHand: 7, reserved: 1 });
  await setReported("erp", "A-1", "L1", 11);
  await setReported("wms", "A-1", "L1", 10);
  await setChannelPosition("A-1", "web", { target: 6, exposed: 9, exposedAt: new Date(NOW.getTime() - 100_000) });
  await setChannelPosition("A-1", "mkt", { target: 3, exposed: null });
  await setExposure("web", "A-2", "", 4, new Date(NOW.getTime() - 400_000)); // web's latest quantity, for any SKU

  // The journal: +5 received 2 h ago, −3 adjusted and +2 reserved 30 h ago (book 0 = canonical).
  const receipt = await insertEvent({ connector: "wms", type: "receipt.posted", sku: "A-1", location: "L1", quantity: 5, occurredAt: hoursAgo(2) });
  await insertMovement(receipt, "A-1", "L1", hoursAgo(2), { onHand: 5 });
  const adjust = await insertEvent({ connector: "wms", type: "stock.adjusted", sku: "A-1", location: "L1", quantity: -3, occurredAt: hoursAgo(30) });
  await insertMovement(adjust, "A-1", "L1", hoursAgo(30), { onHand: -3, reserved: 2 });
  await insertMovement(adjust, "A-1", "L1", hoursAgo(30), { onHand: 99 }, 7); // another book: not the canonical one

  // Exposure: web reported 4 before the window and 7 five hours ago; mkt reports per channel location.
  await insertEvent({ connector: "shop", type: "channel.quantity.published", sku: "A-1", channel: "web", quantity: 4, occurredAt: hoursAgo(8 * 24) });
  await insertEvent({ connector: "shop", type: "channel.quantity.published", sku: "A-1", channel: "web", quantity: 7, occurredAt: hoursAgo(5) });
  await insertEvent({ connector: "shop", type: "channel.quantity.observed", sku: "A-1", channel: "mkt", quantity: 3, location: "L1", occurredAt: hoursAgo(4) });
  await insertEvent({ connector: "shop", type: "channel.quantity.observed", sku: "A-1", channel: "mkt", quantity: 2, location: "L2", occurredAt: hoursAgo(3) });
  await insertEvent({ connector: "shop", type: "channel.quantity.observed", sku: "A-1", channel: "mkt", quantity: 50, occurredAt: hoursAgo(3), status: "rejected" });
});

describe("inventory (GET /api/v1/inventory)", () => {
  it("lists the canonical book per SKU × location with ATP (which may be negative)", async () => {
    const page = await listInventory(ZInventoryQuery.parse({}));
    expect(page.items.map((i) => `${i.sku}@${i.location}`)).toEqual(["A-1@L1", "A-1@L2", "A-2@L1"]);
    expect(page.items[0]).toEqual({ sku: "A-1", location: "L1", onHand: 10, reserved: 4, allocated: 8, inTransit: 3, damaged: 1, quarantine: 2, atp: -2, asOf: hoursAgo(1).toISOString() });
    expect(Object.keys(ZInventoryPage.parse(page).items[0]!)).toHaveLength(10);
  });

  it("filters by SKU and location and pages", async () => {
    expect((await listInventory(ZInventoryQuery.parse({ sku: "A-2" }))).items.map((i) => i.location)).toEqual(["L1"]);
    expect((await listInventory(ZInventoryQuery.parse({ location: "L1" }))).items.map((i) => i.sku)).toEqual(["A-1", "A-2"]);
    expect((await listInventory(ZInventoryQuery.parse({ sku: "NOPE" }))).items).toEqual([]);
    const first = await listInventory(ZInventoryQuery.parse({ limit: "2" }));
    const second = await listInventory(ZInventoryQuery.parse({ limit: "2", cursor: first.nextCursor }));
    expect([...first.items, ...second.items].map((i) => `${i.sku}@${i.location}`)).toEqual(["A-1@L1", "A-1@L2", "A-2@L1"]);
    expect(second.nextCursor).toBeNull();
    expect(ZInventoryQuery.safeParse({ sku: "has space" }).success).toBe(false);
  });
});

describe("SKU page", () => {
  it("shows the book per location, each connector's reported book and every channel", async () => {
    const detail = await skuDetail({ code: "A-1" }, undefined, NOW);
    expect(detail.sku).toEqual({ code: "A-1", name: "Hammer", category: "Tools", upc: "111111110001", aliases: ["shop:900"] });
    expect(detail.books.canonical.map((b) => [b.location, b.onHand, b.atp])).toEqual([["L1", 10, -2], ["L2", 5, 5]]);
    expect(detail.books.reported.map((b) => [b.location, b.connector, b.connectorKind, b.onHand])).toEqual([["L1", "erp", "erp", 11], ["L1", "wms", "wms", 10]]);
    expect(detail.total).toEqual({ onHand: 15, atp: 3 });
    expect(detail.channels.map((c) => [c.channel, c.target, c.exposed, c.drift])).toEqual([
      ["mkt", 3, null, null],
      ["pos", null, null, null],
      ["web", 6, 9, 3],
    ]);
    // The feed is the channel's (its latest quantity for any SKU: 400 s ago), against its 300 s SLO.
    expect(detail.channels.map((c) => c.isFeedStale)).toEqual([null, null, true]);
  });

  it("is a 404 for an unknown SKU", async () => {
    await expect(skuDetail({ code: "NOPE" })).rejects.toMatchObject({ code: "not_found" });
    await expect(skuHistory({ code: "NOPE" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("reconstructs 7 days of on-hand and ATP from the journal and each channel's exposure from its events", async () => {
    const h = await skuHistory({ code: "A-1" }, undefined, NOW);
    expect(h.channels).toEqual(["mkt", "web"]);
    expect(h.points.length).toBe(7 * 24 + 2); // hourly from the hour 7 days back, plus now
    const at = (hours: number) => h.points.find((p) => p.t === Math.floor(NOW.getTime() / 3600_000) * 3600_000 - hours * 3600_000)!;
    const now = h.points.at(-1)!;
    expect(now).toMatchObject({ t: NOW.getTime(), onHand: 15, atp: 3, exposure: { web: 7, mkt: 5 } });
    expect(at(0)).toMatchObject({ onHand: 15, atp: 3 }); // 12:00, after the 10:30 receipt
    expect(at(2)).toMatchObject({ onHand: 10, atp: -2, exposure: { web: 7, mkt: 5 } }); // 10:00: before the 10:30 receipt
    expect(at(3)).toMatchObject({ exposure: { web: 7, mkt: 3 } }); // 09:00: L1 reported at 08:30, L2 not until 09:30
    expect(at(5)).toMatchObject({ exposure: { web: 4, mkt: null } }); // 07:00: web's 7 came at 07:30, mkt had not reported
    expect(at(31)).toMatchObject({ onHand: 13, atp: 3, exposure: { web: 4, mkt: null } }); // before the adjustment (−3 on hand, +2 reserved)
  });
});
