// The demo's connector model over a simulated day, stepped like the history generator (a tick a
// minute): the stories the demo promises are in its traffic, and no channel forgets a change.
import { describe, expect, it } from "vitest";
import { DEMO_CHANNELS, demoSkus } from "@/server/demo/catalogue";
import { DemoModel, FEED_CONNECTORS, type TOutEvent } from "./model";

const START = Date.UTC(2026, 10, 2, 0, 0, 0);
const STEP = 60;

function simulateDay() {
  const model = new DemoModel(demoSkus(2000).map((s) => ({ code: s.code })), { runId: "t", counter: 0, wmsSequence: 0 }, 7);
  const sent: { connector: string; event: TOutEvent; atMs: number }[] = [];
  for (let second = 0; second < 86_400; second += STEP) {
    const atMs = START + second * 1000;
    for (const d of model.tick(atMs, { second, heartbeats: false })) for (const event of d.events) sent.push({ connector: d.connector, event, atMs });
  }
  return sent;
}

describe("the demo model", () => {
  const sent = simulateDay();

  it("runs a hot SKU out where a slow channel sells it, then takes an order there it cannot fill and cancels it", () => {
    const counts = sent.filter((s) => s.connector !== "erp" || s.event.location === "3PL-DALLAS").filter((s) => s.event.type === "stock.adjusted" && s.event.reason === "cycle count: shelf empty");
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
      const order = sent.find((s) => s.event.type === "order.created" && s.event.sku === sku && s.atMs > countedAt && s.atMs <= countedAt + 180_000);
      expect(order, `an order for ${sku} after its shelves were counted empty`).toBeDefined();
      expect(["amazon", "edi"]).toContain(order!.connector);
      const cancel = sent.find((s) => s.event.type === "order.cancelled" && s.event.orderRef === order!.event.orderRef);
      expect(cancel?.event.reason).toBe("oversold");
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
      const received = sent.filter((s) => moving.includes(s.event.type) && s.connector === "wms" && eligible.includes(String(s.event.location)) && s.atMs < START + 43_200_000);
      expect(received.length).toBeGreaterThan(50);
      const missing = received.filter((r) => !((lastPublish.get(String(r.event.sku)) ?? 0) >= r.atMs));
      expect(missing.length, `${feed.channel}: SKUs received but never published after`).toBe(0);
    }
  });
});
