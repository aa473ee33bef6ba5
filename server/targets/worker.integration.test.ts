import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { startDriftWorker } from "@/server/drift/drift-worker";
import { logger } from "@/server/lib/logger";
import { upsertMasterData } from "@/server/master-data/upsert";
import { createDraft, publishDraft } from "@/server/policies/versions";
import { markTargetsDirty } from "./dirty";
import { checkStalenessTransitions } from "./staleness";
import { drainTargetDirty, pendingTargetSkus, startTargetWorker } from "./worker";

const ids = { sku: 0, other: 0, east: 0, store: 0, web: 0, edi: 0, wms: 0 };

async function setStock(skuId: number, locationId: number, onHand: number) {
  await db.$transaction(async (tx) => {
    await tx.inventoryPosition.upsert({
      where: { skuId_locationId: { skuId, locationId } },
      create: { skuId, locationId, onHand },
      update: { onHand, rev: { increment: 1 } },
    });
    await markTargetsDirty(tx, { skuIds: [skuId] });
  });
}

async function target(skuId: number, channelId: number) {
  return (await db.channelPosition.findUnique({ where: { skuId_channelId: { skuId, channelId } } }))?.target ?? null;
}

async function waitFor<T>(read: () => Promise<T>, expected: T, timeoutMs = 5_000) {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (value !== expected && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

beforeAll(async () => {
  await upsertMasterData(
    {
      skus: [{ code: "W-1" }, { code: "W-2" }],
      connectors: [{ code: "wms", kind: "wms", heartbeatSeconds: 60 }],
      locations: [
        { code: "EAST", kind: "warehouse", authoritativeConnector: "wms" },
        { code: "STORE", kind: "store" },
      ],
      channels: [
        { code: "web", kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: ["EAST", "STORE"] },
        { code: "edi", kind: "edi", freshnessSloSeconds: 3600, eligibleLocations: ["EAST"] },
      ],
    },
    "setup",
  );
  const [sku, other, east, store, web, edi, wms] = await Promise.all([
    db.sku.findUniqueOrThrow({ where: { code: "W-1" } }),
    db.sku.findUniqueOrThrow({ where: { code: "W-2" } }),
    db.location.findUniqueOrThrow({ where: { code: "EAST" } }),
    db.location.findUniqueOrThrow({ where: { code: "STORE" } }),
    db.channel.findUniqueOrThrow({ where: { code: "web" } }),
    db.channel.findUniqueOrThrow({ where: { code: "edi" } }),
    db.connector.findUniqueOrThrow({ where: { code: "wms" } }),
  ]);
  Object.assign(ids, { sku: sku.id, other: other.id, east: east.id, store: store.id, web: web.id, edi: edi.id, wms: wms.id });
  const draft = await createDraft(
    {
      rules: [
        { kind: "safety_buffer", scope: { channel: "edi" }, units: 5 },
        { kind: "outage_fallback", scope: { channel: "edi" }, mode: "zero" },
        { kind: "outage_fallback", scope: { channel: "web" }, mode: "percent", percent: 50 },
      ],
    },
    "merch@example.test",
  );
  await publishDraft(draft.id, "worker test policy", "merch@example.test");
  await db.targetDirty.deleteMany();
});

describe("the target worker", () => {
  it("drains target_dirty: an inventory change updates that SKU's targets, creating the rows", async () => {
    await setStock(ids.sku, ids.east, 40);
    await setStock(ids.sku, ids.store, 7);
    expect(await pendingTargetSkus()).toBe(1);
    expect(await drainTargetDirty()).toMatchObject({ skus: 1, changed: 2 });
    expect(await target(ids.sku, ids.web)).toBe(47);
    expect(await target(ids.sku, ids.edi)).toBe(35);
    expect(await pendingTargetSkus()).toBe(0);
    // a SKU with no stock and no rows gets none
    expect(await target(ids.other, ids.web)).toBeNull();

    const before = await db.channelPosition.findUniqueOrThrow({ where: { skuId_channelId: { skuId: ids.sku, channelId: ids.edi } } });
    await setStock(ids.sku, ids.store, 9); // STORE is not eligible for edi
    expect(await drainTargetDirty()).toMatchObject({ skus: 1, changed: 1 });
    const after = await db.channelPosition.findUniqueOrThrow({ where: { skuId_channelId: { skuId: ids.sku, channelId: ids.edi } } });
    expect(after.rev).toBe(before.rev);
    expect(after.targetUpdatedAt).toEqual(before.targetUpdatedAt);
    expect(await target(ids.sku, ids.web)).toBe(49);
    expect(await drainTargetDirty()).toEqual({ skus: 0, changed: 0, marks: 0 });
  });

  it("runs in the background: targets follow an inventory change within 2 s", async () => {
    const worker = startTargetWorker({ log: logger, drainEveryMs: 50, stalenessEveryMs: 60_000 });
    try {
      await setStock(ids.sku, ids.east, 60);
      expect(await waitFor(() => target(ids.sku, ids.edi), 55, 2_000)).toBe(55);
    } finally {
      await worker.stop();
    }
  });

  it("applies the outage fallback while a feed or an authoritative source is stale, and lifts it after", async () => {
    expect((await checkStalenessTransitions()).state).toEqual({ channels: [], locations: [] }); // the worker above recorded it
    await db.targetDirty.deleteMany();
    // edi reported two hours ago (SLO 1 h): its feed is stale
    await db.channelExposure.create({ data: { channelId: ids.edi, skuId: ids.sku, quantity: 3, occurredAt: new Date(Date.now() - 2 * 3600_000), eventPk: 1n } });
    const flip = await checkStalenessTransitions();
    expect(flip).toMatchObject({ changed: true, state: { channels: [ids.edi], locations: [] } });
    expect(await pendingTargetSkus()).toBe(2);
    await drainTargetDirty();
    expect(await target(ids.sku, ids.edi)).toBe(0);
    expect(await target(ids.sku, ids.web)).toBe(69);
    expect((await checkStalenessTransitions()).changed).toBe(false);

    // the WMS (authoritative at EAST) goes silent: web's fallback halves it too
    await db.connector.update({ where: { id: ids.wms }, data: { lastSeenAt: new Date(Date.now() - 10 * 60_000) } });
    expect((await checkStalenessTransitions()).state.locations).toEqual([ids.east]);
    await drainTargetDirty();
    expect(await target(ids.sku, ids.web)).toBe(34);

    // both recover
    await db.connector.update({ where: { id: ids.wms }, data: { lastSeenAt: new Date() } });
    await db.channelExposure.updateMany({ data: { occurredAt: new Date() } });
    expect((await checkStalenessTransitions()).state).toEqual({ channels: [], locations: [] });
    await drainTargetDirty();
    expect(await target(ids.sku, ids.web)).toBe(69);
    expect(await target(ids.sku, ids.edi)).toBe(55);
  });

  it("does nothing while another writer holds the targets lock", async () => {
    await setStock(ids.sku, ids.east, 1);
    const { TARGETS_LOCK_KEY } = await import("./recompute");
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(${TARGETS_LOCK_KEY})`;
      expect(await drainTargetDirty()).toEqual({ skus: 0, changed: 0, marks: 0 });
    });
    expect(await pendingTargetSkus()).toBe(1);
    expect((await drainTargetDirty()).skus).toBe(1);
  });

  it("wakes the drift worker's channel copy after a round that changed targets, rather than leaving it to its timer", async () => {
    await db.channelPosition.update({ where: { skuId_channelId: { skuId: ids.sku, channelId: ids.edi } }, data: { exposed: 3 } });
    // the copy's timer is a minute here: only the first round (at start) and a wake can run it
    const drift = startDriftWorker({ log: logger, intervalMs: 60_000 });
    const copied = () => db.channelDrift.findUnique({ where: { skuId_channelId: { skuId: ids.sku, channelId: ids.edi } } }).then((r) => r?.target ?? null);
    const targets = startTargetWorker({ log: logger, drainEveryMs: 50, stalenessEveryMs: 60_000 });
    try {
      expect(await waitFor(copied, await target(ids.sku, ids.edi), 2_000)).toBe(await target(ids.sku, ids.edi));
      await setStock(ids.sku, ids.east, 40);
      expect(await waitFor(() => target(ids.sku, ids.edi), 35, 2_000)).toBe(35);
      expect(await waitFor(copied, 35, 2_000)).toBe(35);
    } finally {
      await targets.stop();
      await drift.stop();
    }
  });
});
