// DESIGN.md: KPIs follow an event within 10 s. Accuracy is sampled from the positions, so an
// exposure change must reach the current hour's accuracy within 10 s (it was sampled once a minute).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "@/server/lib/logger";
import { drainTargetDirty } from "@/server/targets/worker";
import { makeWorld, type TWorld } from "@/test/fixtures";
import { kpiReport, toKpiResponse } from "./report";
import { startKpiWorker } from "./worker";

let w: TWorld;
let worker: ReturnType<typeof startKpiWorker>;
const now = () => new Date().toISOString();

async function currentHourAccuracy() {
  const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  return toKpiResponse(await kpiReport({ from: hour.toISOString(), to: new Date(hour.getTime() + 3_600_000).toISOString(), channel: w.code("web") })).accuracy;
}

async function within(ms: number, probe: () => Promise<boolean>) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await probe()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

beforeAll(async () => {
  w = await makeWorld();
  await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 10, occurredAt: now() }]);
  while ((await drainTargetDirty()).marks > 0);
  await w.ingest(w.shop, [{ eventId: w.nextId(), type: "channel.quantity.published", sku: w.code("A"), channel: w.code("web"), quantity: 10, occurredAt: now() }]);
  worker = startKpiWorker({ log: logger });
});
afterAll(async () => {
  await worker?.stop();
});

describe("accuracy follows an exposure change", () => {
  it("shows it in the current hour's accuracy within 10 s", async () => {
    expect(await within(10_000, async () => (await currentHourAccuracy()) === 1)).not.toBeNull();
    // the channel now shows 14 against a target of 10: no longer accurate
    await w.ingest(w.shop, [{ eventId: w.nextId(), type: "channel.quantity.published", sku: w.code("A"), channel: w.code("web"), quantity: 14, occurredAt: now() }]);
    expect(await within(10_000, async () => (await currentHourAccuracy()) === 0)).not.toBeNull();
  });
});
