// The demo's connector model over a simulated day, stepped like the history generator (a tick a
// minute): the stories the demo promises are in its traffic, and no channel forgets a change.
import { describe, expect, it } from "vitest";
import { DEMO_CHANNELS, demoSkus } from "@/server/demo/catalogue";
import { map846 } from "@/server/edi/map-846";
import { map850 } from "@/server/edi/map-850";
import { map997 } from "@/server/edi/map-997";
import { parseX12 } from "@/server/edi/parse";
import { DemoModel, FEED_CONNECTORS, type TDelivery, type TOutEvent } from "./model";

const START = Date.UTC(2026, 10, 2, 0, 0, 0);
const STEP = 60;

const CODE_OF_UPC = new Map(demoSkus(2000).map((s) => [s.upc, s.code]));

/** The contract events a delivery becomes (X12 through the same mapping as POST /api/v1/edi/x12; a UPC read back as its SKU code, as ingest resolves it). */
function eventsOf(d: TDelivery): TOutEvent[] {
  if (d.via !== "x12") return d.events;
  const ctx = { connectorCode: "edi", channel: "edi", defaultLocation: "WH-CENTRAL" };
  return parseX12(d.x12!).flatMap((interchange) =>
    interchange.groups.flatMap((group) =>
      group.transactions.flatMap((transaction) => {
        const src = { interchange, group, transaction };
        const events = (transaction.set === "846" ? map846(src, ctx) : transaction.set === "850" ? map850(src, ctx) : map997(src)).events as TOutEvent[];
        return events.map((e) => (typeof e.upc === "string" ? { ...e, sku: CODE_OF_UPC.get(e.upc) } : e));
      }),
    ),
  );
}

function simulateDay() {
  const model = new DemoModel(demoSkus(2000).map((s) => ({ code: s.code, upc: s.upc ?? undefined })), { runId: "t", counter: 0, wmsSequence: 0 }, 7);
  const sent: { connector: string; event: TOutEvent; atMs: number }[] = [];
  for (let second = 0; second < 86_400; second += STEP) {
    const atMs = START + second * 1000;
    for (const d of model.tick(atMs, { second, heartbeats: false })) for (const event of eventsOf(d)) sent.push({ connector: d.connector, event, atMs });
  }
  return sent;
}

describe("the demo model", () => {
  const sent = simulateDay();

  it("runs a hot SKU low where a slow channel sells it, shows the few left there, sells them to B2B, then takes an order there it cannot fill and cancels it", () => {
    const counts = sent.filter((s) => s.connector !== "erp" || s.event.location === "3PL-DALLAS").filter((s) => s.event.type === "stock.adjusted" && s.event.reason === "cycle count: shelf nearly empty");
    // the ERP books every warehouse count too, so ERP and WMS agree afterwards
    for (const c of counts.filter((s) => s.connector === "wms")) {
      expect(sent.some((s) => s.connector === "erp" && s.event.type === "stock.adjusted" && s.event.sku === c.event.sku && s.event.location === c.event.location && s.event.delta === c.event.delta)).toBe(true);
    }
    expect(counts.length).toBeGreaterThanOrEqual(6);
    const stories = new Set(counts.map((c) => `${c.event.sku}@${Math.floor((c.atMs - START) / 14_400_000)}`));
    expect(stories.size).toBe(6);
    for (const story of stories) {
      const [sku, slot] = story.split("@");
      const countedAt = START + Number(slot) * 14_400_000 + 7_200_000;
      const order = sent.find((s) => s.event.type === "order.created" && s.connector !== "erp" && s.event.sku === sku && s.atMs > countedAt && s.atMs <= countedAt + 180_000);
      expect(order, `an order for ${sku} after its shelves were counted empty`).toBeDefined();
      expect(["amazon", "edi"]).toContain(order!.connector);
      const cancel = sent.find((s) => s.event.type === "order.cancelled" && s.event.orderRef === order!.event.orderRef);
      expect(cancel?.event.reason).toBe("out_of_stock");
      // the channel showed a few units (a buffer of a few would have hidden them), which B2B then took
      const shown = sent.filter((s) => s.event.type === "channel.quantity.published" && s.event.sku === sku && s.atMs > countedAt && s.atMs < order!.atMs);
      expect(shown.length).toBeGreaterThan(0);
      expect(Number(shown.at(-1)!.event.quantity)).toBeGreaterThanOrEqual(Number(order!.event.quantity));
      expect(Number(shown.at(-1)!.event.quantity)).toBeLessThanOrEqual(12);
      expect(sent.some((s) => s.event.type === "order.created" && s.event.channel === "b2b" && s.event.sku === sku && s.atMs > countedAt && s.atMs < order!.atMs)).toBe(true);
    }
  });

  it("publishes every SKU whose stock moved on each feed's next rounds, however many moved", () => {
    for (const feed of FEED_CONNECTORS.filter((f) => f.channel === "shopify" || f.channel === "amazon")) {
      const published = sent.filter((s) => s.connector === feed.connector && s.event.type === "channel.quantity.published" && s.event.channel === feed.channel);
      expect(published.length).toBeGreaterThan(0);
      const lastPublish = new Map<string, number>();
      for (const p of published) lastPublish.set(String(p.event.sku), Math.max(lastPublish.get(String(p.event.sku)) ?? 0, p.atMs));
      // every SKU whose stock the WMS moved where the channel sells from, in the first half of the day, shows up in its feed later
      const eligible = DEMO_CHANNELS.find((c) => c.code === feed.channel)!.eligibleLocations;
      const moving = ["receipt.posted", "stock.adjusted", "shipment.posted", "return.received"];
      // (a re-sent duplicate is not a move: the first time its id was sent counts)
      const firstSent = new Set<string>();
      const received = sent.filter(
        (s) => moving.includes(s.event.type) && s.connector === "wms" && eligible.includes(String(s.event.location)) && s.atMs < START + 43_200_000 && !firstSent.has(s.event.eventId) && !!firstSent.add(s.event.eventId),
      );
      expect(received.length).toBeGreaterThan(50);
      const missing = received.filter((r) => !((lastPublish.get(String(r.event.sku)) ?? 0) >= r.atMs));
      expect(missing.length, `${feed.channel}: SKUs received but never published after`).toBe(0);
    }
  });
});

describe("the demo's orders and partner messages", () => {
  const sent = simulateDay();

  it("sends the EDI partner's exchange as X12: hourly 846s acknowledged by 997s (now and then rejected), and 850 purchase orders", () => {
    const advice = sent.filter((s) => s.connector === "edi" && s.event.type === "message.sent");
    expect(advice.length).toBeGreaterThanOrEqual(15);
    const acks = sent.filter((s) => s.event.type === "message.acknowledged");
    expect(acks.length).toBeGreaterThanOrEqual(10);
    expect(acks.every((a) => advice.some((m) => m.event.messageRef === a.event.messageRef))).toBe(true);
    expect(sent.some((s) => s.connector === "edi" && s.event.type === "order.created" && s.event.location === "WH-CENTRAL" && typeof s.event.promisedShipBy === "string")).toBe(true);
  });

  it("confirms most orders' reservations within minutes, leaves a few stuck past the SLO, and cancels stock-outs out of stock", () => {
    const orders = sent.filter((s) => s.event.type === "order.created" && s.connector !== "erp");
    const reservedAt = new Map(sent.filter((s) => s.event.type === "reservation.created" && s.connector === "erp").map((s) => [s.event.orderRef, s.atMs]));
    const created = new Map(orders.map((o) => [o.event.orderRef, o.atMs]));
    const delays = [...created].filter(([ref]) => reservedAt.has(ref)).map(([ref, at]) => reservedAt.get(ref)! - at);
    expect(delays.filter((d) => d <= 300_000).length / delays.length).toBeGreaterThan(0.9);
    expect(delays.some((d) => d > 900_000)).toBe(true);
    expect(sent.some((s) => s.event.type === "order.cancelled" && s.event.reason === "out_of_stock")).toBe(true);
    expect(sent.some((s) => s.event.type === "order.cancelled" && s.event.reason === "customer")).toBe(true);
  });
});
