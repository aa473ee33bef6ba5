// Ingest queues work for the targets and system-drift workers as append-only marks: a batch never
// waits for a worker's round that holds marks for the same SKU (it used to, while holding its own
// book locks, so every batch behind it waited too).
import { beforeAll, describe, expect, it } from "vitest";
import { pgPool } from "@/server/db";
import { refreshSystemDrift } from "@/server/drift/system-drift";
import { drainTargetDirty, pendingTargetSkus } from "@/server/targets/worker";
import { at, makeWorld, type TWorld } from "@/test/fixtures";

let w: TWorld;

const receipt = (quantity: number, minute: number) => ({ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity, occurredAt: at(minute) });

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);
}

beforeAll(async () => {
  w = await makeWorld();
  await w.ingest(w.erp, [{ eventId: w.nextId(), type: "balance.snapshot", sku: w.code("A"), location: w.code("WH"), balances: { onHand: 5 }, occurredAt: at(0) }]);
  await drainTargetDirty();
  await refreshSystemDrift();
});

describe("ingest and the workers' queues", () => {
  it("goes on while a worker's round holds marks for the same SKU, and its marks wait for the next round", async () => {
    await w.ingest(w.wms, [receipt(2, 1)]);
    const round = await pgPool().connect();
    try {
      // what a round does first: take the marks, and keep them until it commits
      await round.query("begin");
      const taken = await round.query("delete from target_dirty returning sku_id");
      const takenPairs = await round.query("delete from system_drift_dirty returning sku_id");
      expect(taken.rowCount).toBeGreaterThan(0);
      expect(takenPairs.rowCount).toBeGreaterThan(0);

      const result = await within(5_000, w.ingest(w.wms, [receipt(3, 2)]));
      expect(result.accepted).toBe(1);
      expect(await w.book("A", "WH")).toMatchObject({ onHand: 5 });
      // the new marks are there besides the held ones
      expect(await pendingTargetSkus()).toBe(1);
    } finally {
      await round.query("rollback");
      round.release();
    }
    // the round rolled back: its marks are back, and both rounds' SKU is recomputed once
    expect(await drainTargetDirty()).toMatchObject({ skus: 1, marks: 2 });
    expect(await pendingTargetSkus()).toBe(0);
    expect(await refreshSystemDrift()).toBe(1);
  });
});
