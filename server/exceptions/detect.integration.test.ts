import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { saveConfig } from "./config";
import { listExceptions, toContract } from "./queries";
import { ZExceptionListQuery } from "./exceptions.types";
import {
  auditOf,
  detect,
  evaluate,
  groupsOf,
  idOf,
  insertEvent,
  onlyGroup,
  resetWorld,
  seedWorld,
  setChannelPosition,
  setExposure,
  setPosition,
  setReported,
} from "./test-world";

beforeAll(seedWorld);
beforeEach(resetWorld);

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
const unknownSku = (value: string) => [{ code: "unknown_sku" as const, field: "sku", message: `unknown SKU ${value}`, value }];

async function expectAutoResolved(groupId: number) {
  const g = await db.exceptionGroup.findUniqueOrThrow({ where: { id: groupId } });
  expect(g).toMatchObject({ state: "resolved", resolution: "auto" });
  expect((await auditOf(groupId)).map((a) => [a.actorEmail, a.action])).toContainEqual(["system", "exception.auto_resolve"]);
}

describe("rejected_event", () => {
  it("groups dead letters by connector + failing value, clears when none is left rejected, reopens on recurrence", async () => {
    await insertEvent({ connector: "erp", status: "rejected", reasons: unknownSku("GHOST-1"), quantity: 4 });
    await insertEvent({ connector: "erp", status: "rejected", reasons: unknownSku("GHOST-1"), quantity: 2 });
    await insertEvent({ connector: "erp", status: "rejected", reasons: unknownSku("GHOST-2") });
    await insertEvent({ connector: "wms", status: "rejected", reasons: unknownSku("GHOST-1") });
    await detect();
    const groups = await groupsOf("rejected_event");
    expect(groups).toHaveLength(3);
    const page = await listExceptions(ZExceptionListQuery.parse({ kind: "rejected_event", connector: "erp", sku: "GHOST-1" }), null);
    expect(page.items).toHaveLength(1);
    const item = toContract(page.items[0]!);
    expect(item).toMatchObject({ kind: "rejected_event", scope: { connector: "erp", sku: "GHOST-1" }, state: "open", count: 2, unitsAtRisk: 6, assignee: null });
    expect(item.resolution).toBeUndefined();

    // the alias was added and the dead letters replayed: nothing is rejected any more
    await db.event.updateMany({ where: { status: "rejected", connectorId: await idOf("connector", "erp") }, data: { status: "accepted" } });
    await evaluate();
    await expectAutoResolved(item.id);
    const resolved = toContract((await listExceptions(ZExceptionListQuery.parse({ sku: "GHOST-1", connector: "erp" }), null)).items[0]!);
    expect(resolved).toMatchObject({ state: "resolved", resolution: "auto" });
    // the wms group still has its dead letter
    expect((await groupsOf("rejected_event")).filter((g) => g.state === "open")).toHaveLength(1);

    await insertEvent({ connector: "erp", status: "rejected", reasons: unknownSku("GHOST-1"), quantity: 1 });
    await detect();
    const again = await db.exceptionGroup.findUniqueOrThrow({ where: { id: item.id } });
    expect(again).toMatchObject({ state: "open", resolution: null, count: 3, unitsAtRisk: 1 });
    expect((await auditOf(item.id)).map((x) => x.action)).toEqual(["exception.auto_resolve", "exception.reopen"]);
    expect(await db.exceptionOccurrence.count({ where: { groupId: item.id } })).toBe(3);
  });
});

describe("conflicting_duplicate", () => {
  it("raises from event_conflict and resolves after its quiet period", async () => {
    const original = await insertEvent({ connector: "shop", type: "channel.quantity.published", sku: "S-1", channel: "web", quantity: 3 });
    await db.eventConflict.create({ data: { eventPk: original, connectorId: await idOf("connector", "shop"), eventId: "dup-1", payload: { q: 4 }, bodyHash: "x" } });
    await db.eventConflict.create({ data: { eventPk: original, connectorId: await idOf("connector", "shop"), eventId: "dup-1", payload: { q: 5 }, bodyHash: "y" } });
    await detect();
    const g = await onlyGroup("conflicting_duplicate");
    expect(g).toMatchObject({ state: "open", count: 2, skuId: await idOf("sku", "S-1") });

    await evaluate();
    expect((await onlyGroup("conflicting_duplicate")).state).toBe("open");
    await saveConfig(db, { conflictQuietSeconds: 60 });
    await db.exceptionGroup.update({ where: { id: g.id }, data: { lastSeenAt: ago(120) } });
    await evaluate();
    await expectAutoResolved(g.id);
  });
});

describe("sequence_gap", () => {
  it("raises per connector while events are held and clears when the gap fills", async () => {
    await insertEvent({ connector: "wms", status: "held", type: "receipt.posted", sku: "S-1", location: "W1", quantity: 5, sequence: 7 });
    await insertEvent({ connector: "wms", status: "held", type: "receipt.posted", sku: "S-2", location: "W1", quantity: 3, sequence: 8 });
    await detect();
    const g = await onlyGroup("sequence_gap");
    expect(g).toMatchObject({ state: "open", count: 2, unitsAtRisk: 8, severity: "high" });
    await evaluate();
    expect((await onlyGroup("sequence_gap")).state).toBe("open");
    await db.event.updateMany({ where: { status: "held" }, data: { status: "accepted", flags: { releasedBy: "gap_filled" } } });
    await evaluate();
    await expectAutoResolved(g.id);
  });
});

describe("reservation_conflict", () => {
  it("raises from the projection's flag and clears when the order it named arrives", async () => {
    await insertEvent({ connector: "erp", type: "order.cancelled", sku: "S-1", location: "W1", channel: "web", quantity: 2, orderRef: "SO-9", flags: { reservationConflict: "unknown_order" } });
    await detect();
    const g = await onlyGroup("reservation_conflict");
    expect(g).toMatchObject({ state: "open", count: 1, unitsAtRisk: 2 });
    await evaluate();
    expect((await onlyGroup("reservation_conflict")).state).toBe("open");
    await insertEvent({ connector: "erp", type: "order.created", sku: "S-1", location: "W1", channel: "web", quantity: 2, orderRef: "SO-9" });
    await evaluate();
    await expectAutoResolved(g.id);
  });

  it("a negative-reserved conflict clears when an authoritative snapshot rebases reserved", async () => {
    await insertEvent({ connector: "erp", type: "reservation.released", sku: "S-2", location: "W1", quantity: 3, flags: { reservationConflict: "negative_reserved" } });
    await detect();
    const g = await onlyGroup("reservation_conflict");
    await setPosition("S-2", "W1", { onHand: 10, snapshotAt: new Date(Date.now() + 1000), snapshotFields: 0b11 });
    await evaluate();
    await expectAutoResolved(g.id);
  });
});

describe("push_failed", () => {
  it("raises per channel × SKU and clears when the channel publishes after the failure", async () => {
    const failedAt = ago(30);
    await insertEvent({ connector: "shop", type: "channel.push.failed", sku: "S-3", channel: "web", quantity: 4, occurredAt: failedAt });
    await setExposure("web", "S-3", 4, ago(60));
    await detect();
    const g = await onlyGroup("push_failed");
    expect(g).toMatchObject({ state: "open", unitsAtRisk: 4 });
    await evaluate();
    expect((await onlyGroup("push_failed")).state).toBe("open");
    await setExposure("web", "S-3", 4, ago(1));
    await evaluate();
    await expectAutoResolved(g.id);
  });
});

describe("negative_atp", () => {
  it("raises when an event touches a position whose ATP is below zero, and clears when ATP recovers", async () => {
    await setPosition("S-1", "W1", { onHand: 2, reserved: 5, allocated: 1 });
    await setPosition("S-2", "W1", { onHand: 2, reserved: 5 });
    await insertEvent({ connector: "erp", type: "order.created", sku: "S-1", location: "W1", channel: "web", quantity: 5 });
    await detect();
    const g = await onlyGroup("negative_atp");
    expect(g).toMatchObject({ state: "open", unitsAtRisk: 4, skuId: await idOf("sku", "S-1"), locationId: await idOf("location", "W1") });
    expect(g.details).toMatchObject({ atp: -4, onHand: 2, reserved: 5, allocated: 1 });

    // the sweep finds the untouched one too
    await evaluate({ sweep: true });
    expect(await groupsOf("negative_atp")).toHaveLength(2);

    await setPosition("S-1", "W1", { onHand: 10, reserved: 5, allocated: 1 });
    await evaluate();
    await expectAutoResolved(g.id);
  });
});

describe("oversell_risk", () => {
  it("raises where a channel exposes more than its target and clears when it no longer does", async () => {
    await setChannelPosition("S-4", "web", 4, 10);
    await setChannelPosition("S-4", "amz", 4, 4);
    await insertEvent({ connector: "shop", type: "channel.quantity.observed", sku: "S-4", channel: "web", quantity: 10 });
    await detect();
    const g = await onlyGroup("oversell_risk");
    expect(g).toMatchObject({ state: "open", unitsAtRisk: 6, channelId: await idOf("channel", "web") });
    expect(g.severity).toBe("medium");
    await setChannelPosition("S-4", "web", 4, 3);
    await evaluate();
    await expectAutoResolved(g.id);
  });
});

describe("system_drift", () => {
  it("opens at |ERP − WMS| ≥ the threshold and clears when they agree", async () => {
    await setReported("erp", "S-5", "W1", 10);
    await setReported("wms", "S-5", "W1", 7);
    await setReported("erp", "S-6", "W1", 10);
    await setReported("wms", "S-6", "W1", 10);
    await insertEvent({ connector: "wms", type: "stock.adjusted", sku: "S-5", location: "W1", quantity: -3 });
    await insertEvent({ connector: "wms", type: "stock.adjusted", sku: "S-6", location: "W1", quantity: -1 });
    await detect();
    const g = await onlyGroup("system_drift");
    expect(g).toMatchObject({ state: "open", unitsAtRisk: 3, details: { erpOnHand: 10, wmsOnHand: 7, drift: 3 } });
    await setReported("wms", "S-5", "W1", 10);
    await evaluate();
    await expectAutoResolved(g.id);
  });

  it("respects a configured threshold", async () => {
    await saveConfig(db, { systemDriftThreshold: 5 });
    await setReported("erp", "S-5", "W2", 10);
    await setReported("wms", "S-5", "W2", 7);
    await evaluate({ sweep: true });
    expect(await groupsOf("system_drift")).toHaveLength(0);
    await setReported("wms", "S-5", "W2", 4);
    await evaluate({ sweep: true });
    expect(await onlyGroup("system_drift")).toMatchObject({ unitsAtRisk: 6 });
    await saveConfig(db, { systemDriftThreshold: 1 });
  });
});

describe("stale_feed", () => {
  it("raises for a channel past its freshness SLO (never-reported channels are not stale) and clears when it reports", async () => {
    await setExposure("web", "S-1", 3, ago(400));
    await evaluate();
    const g = await onlyGroup("stale_feed");
    expect(g).toMatchObject({ state: "open", channelId: await idOf("channel", "web") });
    expect(g.details).toMatchObject({ sloSeconds: 300 });
    await evaluate();
    expect(await onlyGroup("stale_feed")).toMatchObject({ state: "open", count: 1 });
    await setExposure("web", "S-2", 3, ago(5));
    await evaluate();
    await expectAutoResolved(g.id);
  });
});

describe("silent_connector", () => {
  it("raises when nothing arrived for heartbeatSeconds (never-seen connectors are not silent) and clears when it reports", async () => {
    await db.connector.update({ where: { code: "wms" }, data: { lastSeenAt: ago(200) } });
    await db.connector.update({ where: { code: "erp" }, data: { lastSeenAt: ago(10) } });
    await evaluate();
    const g = await onlyGroup("silent_connector");
    expect(g).toMatchObject({ state: "open", connectorId: await idOf("connector", "wms"), severity: "high" });
    await db.connector.update({ where: { code: "wms" }, data: { lastSeenAt: new Date() } });
    await evaluate();
    await expectAutoResolved(g.id);
  });
});

describe("time", () => {
  it("wakes snoozed groups whose snooze ran out and marks SLA breaches once, audited", async () => {
    await db.connector.update({ where: { code: "wms" }, data: { lastSeenAt: ago(200) } });
    await evaluate();
    const g = await onlyGroup("silent_connector");
    await db.exceptionGroup.update({ where: { id: g.id }, data: { state: "snoozed", snoozedUntil: ago(1), slaDueAt: ago(60) } });
    await evaluate();
    const woke = await db.exceptionGroup.findUniqueOrThrow({ where: { id: g.id } });
    expect(woke.state).toBe("open");
    expect(woke.slaBreachedAt).not.toBeNull();
    await evaluate();
    const actions = (await auditOf(g.id)).map((a) => a.action);
    expect(actions).toEqual(["exception.snooze_expired", "exception.sla_breached"]);
  });
});

describe("the horizon", () => {
  it("never skips a row that commits after a row with a higher id", async () => {
    const { pgPool } = await import("@/server/db");
    const client = await pgPool().connect();
    try {
      await client.query("begin");
      const connectorId = await idOf("connector", "erp");
      await client.query(
        `insert into event (connector_id, event_id, type, status, payload, body_hash, reasons, received_at)
         values ($1, 'late-1', 'order.created', 'rejected', '{}', 'h', $2::jsonb, now())`,
        [connectorId, JSON.stringify(unknownSku("LATE-1"))],
      );
      await insertEvent({ connector: "erp", status: "rejected", reasons: unknownSku("EARLY-1") });
      const first = await detect(undefined, { tries: 5 }).catch(() => null);
      // the open transaction holds back the horizon: nothing past it is read yet
      expect(first).toBeNull();
      expect(await groupsOf("rejected_event")).toHaveLength(0);
      await client.query("commit");
    } finally {
      client.release();
    }
    await detect();
    expect((await groupsOf("rejected_event")).map((g) => g.scopeValue).sort()).toEqual(["EARLY-1", "LATE-1"]);
  });
});

describe("recurrence of condition kinds", () => {
  it("an auto-resolved group reopens when its condition returns, counting a new occurrence", async () => {
    await setPosition("S-3", "W2", { onHand: 0, reserved: 2 });
    await evaluate({ sweep: true });
    const g = await onlyGroup("negative_atp");
    await evaluate({ sweep: true });
    expect(await onlyGroup("negative_atp")).toMatchObject({ state: "open", count: 1 });
    await setPosition("S-3", "W2", { onHand: 5, reserved: 2 });
    await evaluate();
    await expectAutoResolved(g.id);
    await setPosition("S-3", "W2", { onHand: 1, reserved: 4 });
    await insertEvent({ connector: "erp", type: "order.created", sku: "S-3", location: "W2", quantity: 2 });
    await detect();
    expect(await onlyGroup("negative_atp")).toMatchObject({ id: g.id, state: "open", count: 2, unitsAtRisk: 3, resolution: null });
  });

  it("a person's resolve while the condition still holds is not undone; the group reopens only after it clears and returns", async () => {
    const { actOnException } = await import("./actions");
    await setPosition("S-6", "W1", { onHand: 0, reserved: 3 });
    await evaluate({ sweep: true });
    const g = await onlyGroup("negative_atp");
    await actOnException(g.id, { action: "resolve", note: "known, stock arriving" }, { email: "ops@example.test" });
    expect(await onlyGroup("negative_atp")).toMatchObject({ state: "resolved", resolution: "user", awaitingClear: true });
    await evaluate({ sweep: true });
    await insertEvent({ connector: "erp", type: "order.created", sku: "S-6", location: "W1", quantity: 1 });
    await detect();
    expect(await onlyGroup("negative_atp")).toMatchObject({ state: "resolved", resolution: "user" });
    await setPosition("S-6", "W1", { onHand: 10, reserved: 3 });
    await evaluate();
    expect(await onlyGroup("negative_atp")).toMatchObject({ state: "resolved", resolution: "user", awaitingClear: false });
    await setPosition("S-6", "W1", { onHand: 1, reserved: 3 });
    await evaluate({ sweep: true });
    expect(await onlyGroup("negative_atp")).toMatchObject({ state: "open", resolution: null, count: 2 });
  });
});

describe("the worker", () => {
  it("raises an exception within 10 s of the event, from inside the process", async () => {
    const { startExceptionWorker } = await import("./worker");
    const { logger } = await import("@/server/lib/logger");
    const worker = startExceptionWorker({ log: logger });
    try {
      const started = Date.now();
      await insertEvent({ connector: "wms", status: "rejected", reasons: unknownSku("LIVE-1") });
      let found = false;
      while (!found && Date.now() - started < 10_000) {
        await new Promise((r) => setTimeout(r, 200));
        found = (await groupsOf("rejected_event")).some((g) => g.scopeValue === "LIVE-1");
      }
      expect(found).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
