// oversell_risk is judged only against a target computed after the latest book change behind it
// (issue: thousands of groups opened and resolved by themselves after a large load, while the
// target worker was still behind). Real ingest, the real target worker's drain, the real detector.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { drainTargetDirty } from "@/server/targets/worker";
import { makeWorld, type TWorld } from "@/test/fixtures";
import { newDetectorState } from "./detect-events";
import { detect, evaluate } from "./test-world";

let w: TWorld;
const state = newDetectorState();
const now = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

async function drainTargets() {
  while ((await drainTargetDirty()).marks > 0);
}

async function oversellGroups() {
  return db.$queryRaw<{ state: string; resolution: string | null; exposed: number; target: number }[]>`
    select g.state, g.resolution, (g.details->>'exposed')::int as exposed, (g.details->>'target')::int as target
    from exception_group g join sku s on s.id = g.sku_id where g.kind = 'oversell_risk' and s.code = ${w.code("A")}`;
}

beforeAll(async () => {
  w = await makeWorld();
  await drainTargets();
  await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 10, occurredAt: now(-60_000) }]);
  await drainTargets();
  await w.ingest(w.shop, [{ eventId: w.nextId(), type: "channel.quantity.published", sku: w.code("A"), channel: w.code("web"), quantity: 10, occurredAt: now(-50_000) }]);
  await detect(state);
});

describe("oversell_risk against current targets only", () => {
  it("does not judge a SKU whose targets still wait for the target worker, and judges it once they caught up", async () => {
    // The book rises to 30 and the channel already shows 25; the target (10) is not recomputed yet.
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 20, occurredAt: now(-40_000) }]);
    await w.ingest(w.shop, [{ eventId: w.nextId(), type: "channel.quantity.published", sku: w.code("A"), channel: w.code("web"), quantity: 25, occurredAt: now(-30_000) }]);
    await detect(state);
    await evaluate({ sweep: true });
    expect(await oversellGroups()).toEqual([]);
    expect(state.oversellDue.size).toBeGreaterThan(0);

    await drainTargets();
    await detect(state);
    await evaluate({ sweep: true });
    expect(await oversellGroups()).toEqual([]);
    expect(state.oversellDue.size).toBe(0);
  });

  it("still opens a true oversell once the targets are current, and never clears it against a stale target", async () => {
    // 25 units leave the warehouse: ATP 5, the channel still shows 25.
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "stock.adjusted", sku: w.code("A"), location: w.code("WH"), delta: -25, occurredAt: now(-20_000) }]);
    await detect(state);
    expect(await oversellGroups()).toEqual([]);
    await drainTargets();
    await detect(state);
    expect(await oversellGroups()).toEqual([{ state: "open", resolution: null, exposed: 25, target: 5 }]);

    // The channel lowers its quantity to 4 while 2 more units leave (ATP 3): against the old target
    // (5) it would look healed, then reopen once the target is 3. It stays open instead.
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "stock.adjusted", sku: w.code("A"), location: w.code("WH"), delta: -2, occurredAt: now(-10_000) }]);
    await w.ingest(w.shop, [{ eventId: w.nextId(), type: "channel.quantity.published", sku: w.code("A"), channel: w.code("web"), quantity: 4, occurredAt: now(-5_000) }]);
    await evaluate({ sweep: true });
    expect(await oversellGroups()).toMatchObject([{ state: "open" }]);
    await drainTargets();
    await detect(state);
    await evaluate({ sweep: true });
    expect(await oversellGroups()).toMatchObject([{ state: "open", resolution: null }]);

    // The channel catches up: exposure 3 ≤ target 3, and the group resolves by itself.
    await w.ingest(w.shop, [{ eventId: w.nextId(), type: "channel.quantity.published", sku: w.code("A"), channel: w.code("web"), quantity: 3, occurredAt: now(-1_000) }]);
    await evaluate({ sweep: true });
    expect(await oversellGroups()).toMatchObject([{ state: "resolved", resolution: "auto" }]);
  });
});
