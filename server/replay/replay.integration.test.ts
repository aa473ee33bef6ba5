import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { detect, evaluate } from "@/server/exceptions/test-world";
import { at, makeWorld, type TWorld } from "@/test/fixtures";
import { applyPlan, cancelPlan } from "./apply";
import { addLocationAlias, addSkuAlias, editRejectedPayload, payloadEdits } from "./fixes";
import { createPlan } from "./plan";
import { getPlan, listPlans } from "./queries";
import { ZReplayPlan, type TEffect } from "./replay.types";
import { runReplayChunk } from "./worker";

const OPS = "ops@example.test";
const book = (effects: TEffect[]) => effects.filter((e) => e.field !== "target");
const targets = (effects: TEffect[]) => effects.filter((e) => e.field === "target");

async function pkOf(w: TWorld, connectorId: number, eventId: string) {
  return String((await db.event.findFirstOrThrow({ where: { connectorId, eventId } })).id);
}

async function status(pk: string) {
  return (await db.event.findUniqueOrThrow({ where: { id: BigInt(pk) } })).status;
}

/** Everything a plan must leave alone: events, books, targets queued, streams. */
async function fingerprint() {
  const [events, positions, dirty, connectors, movements] = await Promise.all([
    db.$queryRaw<{ s: string }[]>`select string_agg(id || ':' || status || ':' || coalesce(reasons::text, ''), ',' order by id) as s from event`,
    db.$queryRaw<{ s: string }[]>`select string_agg(sku_id || ':' || location_id || ':' || on_hand || ':' || reserved || ':' || rev, ',' order by sku_id, location_id) as s from inventory_position`,
    db.targetDirty.count(),
    db.$queryRaw<{ s: string }[]>`select string_agg(id || ':' || last_sequence, ',' order by id) as s from connector`,
    db.movement.count(),
  ]);
  return { events: events[0]?.s, positions: positions[0]?.s, dirty, connectors: connectors[0]?.s, movements };
}

async function applyAudits(planId: string) {
  return db.auditLog.findMany({ where: { targetType: "replay_plan", targetId: planId }, orderBy: { id: "asc" } });
}

beforeAll(() => {
  delete process.env.SIGHTLINE_REPLAY_CHUNK;
});

describe("plan and apply", () => {
  it("previews the exact effect without changing anything, then applies it once", async () => {
    const w = await makeWorld();
    const events = [
      { eventId: w.nextId(), type: "receipt.posted", sku: "OLD-A1", location: w.code("WH"), quantity: 6, occurredAt: at(1) },
      { eventId: w.nextId(), type: "receipt.posted", sku: "OLD-A1", location: w.code("WH"), quantity: 4, occurredAt: at(2) },
      { eventId: w.nextId(), type: "receipt.posted", sku: "OLD-ZZ", location: w.code("WH"), quantity: 1, occurredAt: at(3) },
    ];
    await w.ingest(w.wms, events);
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("B"), location: w.code("WH"), quantity: 3, occurredAt: at(0) }]);
    await addSkuAlias({ sku: w.code("A"), alias: "OLD-A1" }, OPS);
    const pks = await Promise.all(events.map((e) => pkOf(w, w.wms.id, e.eventId)));

    const before = await fingerprint();
    const plan = await createPlan({ connector: w.wms.code }, OPS);
    expect(await fingerprint()).toEqual(before);
    ZReplayPlan.strict().parse(plan);
    expect(plan).toMatchObject({ status: "planned", events: 3, wouldApply: 2, wouldSkip: 0, wouldFail: 1, stale: 0 });
    // a position that does not exist yet starts from 0
    expect(book(plan.effects)).toEqual([{ sku: w.code("A"), location: w.code("WH"), field: "onHand", before: 0, after: 10 }]);
    // the targets engine's own computation on the book the replay leaves (no policy yet: target = pooled ATP)
    expect(targets(plan.effects)).toEqual([
      { sku: w.code("A"), channel: w.code("b2b"), field: "target", before: 0, after: 10 },
      { sku: w.code("A"), channel: w.code("web"), field: "target", before: 0, after: 10 },
    ]);
    expect(plan.failing).toMatchObject([{ id: pks[2], sku: "OLD-ZZ", reasons: [{ code: "unknown_sku", value: "OLD-ZZ" }] }]);

    const result = await applyPlan(plan.id, "alias OLD-A1 added for the ERP's legacy code", OPS);
    expect(result).toMatchObject({ status: "applied", applied: 2, skipped: 0, failed: 1 });
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 10 });
    expect(await Promise.all(pks.map(status))).toEqual(["accepted", "accepted", "rejected"]);
    const audits = await applyAudits(plan.id);
    expect(audits).toMatchObject([{ action: "replay.apply", actorEmail: OPS, reason: "alias OLD-A1 added for the ERP's legacy code", details: { applied: 2, skipped: 0, failed: 1 } }]);
    expect(result.auditId).toBe(String(audits[0]!.id));
    expect(await getPlan(plan.id)).toMatchObject({ status: "applied", appliedBy: OPS, progress: 3, result: { applied: 2, skipped: 0, failed: 1 } });
  });

  it("replaying twice applies once: the same plan is refused, a second plan skips, and both applies are audited", async () => {
    const w = await makeWorld();
    const e = { eventId: w.nextId(), type: "receipt.posted", sku: "OLD-B1", location: w.code("WH"), quantity: 5, occurredAt: at(1) };
    await w.ingest(w.wms, [e]);
    await addSkuAlias({ sku: w.code("B"), alias: "OLD-B1" }, OPS);
    const pk = await pkOf(w, w.wms.id, e.eventId);
    const first = await createPlan({ eventIds: [pk] }, OPS);
    expect(await applyPlan(first.id, "first", OPS)).toMatchObject({ applied: 1, skipped: 0, failed: 0 });
    await expect(applyPlan(first.id, "again", OPS)).rejects.toMatchObject({ code: "plan_already_applied", status: 409 });

    const second = await createPlan({ eventIds: [pk] }, OPS);
    expect(second).toMatchObject({ events: 1, wouldApply: 0, wouldSkip: 1, wouldFail: 0, effects: [] });
    expect(await applyPlan(second.id, "second", OPS)).toMatchObject({ applied: 0, skipped: 1, failed: 0 });
    expect(await w.book("B", "WH")).toMatchObject({ onHand: 5 });
    expect(await db.movement.count({ where: { eventPk: BigInt(pk), book: 0 } })).toBe(1);
    const audits = await db.auditLog.findMany({ where: { action: "replay.apply", targetId: { in: [first.id, second.id] } } });
    expect(audits).toHaveLength(2);
  });

  it("refuses a stale plan (409 plan_stale) and applies nothing; a new preview goes through", async () => {
    const w = await makeWorld();
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("C"), location: w.code("WH"), quantity: 2, occurredAt: at(0) }]);
    const e = { eventId: w.nextId(), type: "receipt.posted", sku: "OLD-C1", location: w.code("WH"), quantity: 7, occurredAt: at(1) };
    await w.ingest(w.wms, [e]);
    await addSkuAlias({ sku: w.code("C"), alias: "OLD-C1" }, OPS);
    const plan = await createPlan({ sku: "OLD-C1" }, OPS);
    expect(book(plan.effects)).toEqual([{ sku: w.code("C"), location: w.code("WH"), field: "onHand", before: 2, after: 9 }]);
    // the book moves after the preview
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "stock.adjusted", sku: w.code("C"), location: w.code("WH"), delta: -1, occurredAt: at(5) }]);
    await expect(applyPlan(plan.id, "too late", OPS)).rejects.toMatchObject({ code: "plan_stale", status: 409 });
    expect(await status(await pkOf(w, w.wms.id, e.eventId))).toBe("rejected");
    expect(await getPlan(plan.id)).toMatchObject({ status: "planned", result: null });
    expect(await w.book("C", "WH")).toMatchObject({ onHand: 1 });

    const again = await createPlan({ sku: "OLD-C1" }, OPS);
    expect(book(again.effects)).toEqual([{ sku: w.code("C"), location: w.code("WH"), field: "onHand", before: 1, after: 8 }]);
    expect(await applyPlan(again.id, "previewed again", OPS)).toMatchObject({ applied: 1 });
    expect(await w.book("C", "WH")).toMatchObject({ onHand: 8 });
  });

  it("a selector that matches nothing is a plan of 0 events, which applies to nothing", async () => {
    const plan = await createPlan({ sku: "NO-SUCH-CODE-EVER" }, OPS);
    expect(plan).toMatchObject({ events: 0, wouldApply: 0, wouldSkip: 0, wouldFail: 0, effects: [], failing: [] });
    expect(await applyPlan(plan.id, "nothing to do", OPS)).toMatchObject({ applied: 0, skipped: 0, failed: 0, status: "applied" });
    await expect(applyPlan(plan.id, "nothing to do", OPS)).rejects.toMatchObject({ code: "plan_already_applied" });
    await expect(createPlan({ exceptionId: 999_999 }, OPS)).rejects.toMatchObject({ code: "not_found" });
    await expect(applyPlan("rp_doesnotexist", "x", OPS)).rejects.toMatchObject({ code: "not_found" });
  });

  it("flags events older than the latest authoritative snapshot as stale: accepted, the snapshot's fields untouched", async () => {
    const w = await makeWorld();
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "balance.snapshot", sku: w.code("A"), location: w.code("WH"), balances: { onHand: 50 }, occurredAt: at(10) }]);
    const late = { eventId: w.nextId(), type: "receipt.posted", sku: "OLD-SNAP", location: w.code("WH"), quantity: 5, occurredAt: at(5) };
    const after = { eventId: w.nextId(), type: "order.created", sku: "OLD-SNAP", location: w.code("WH"), channel: w.code("web"), quantity: 2, orderRef: "SO-1", occurredAt: at(12) };
    await w.ingest(w.wms, [late, after]);
    await addSkuAlias({ sku: w.code("A"), alias: "OLD-SNAP" }, OPS);
    const plan = await createPlan({ sku: "OLD-SNAP" }, OPS);
    expect(plan).toMatchObject({ events: 2, wouldApply: 2, stale: 1 });
    expect(plan.staleEvents).toMatchObject([{ eventId: late.eventId, sku: w.code("A"), location: w.code("WH") }]);
    // onHand came from the snapshot (it already includes the receipt); reserved was not reported, so the order counts
    expect(book(plan.effects)).toEqual([{ sku: w.code("A"), location: w.code("WH"), field: "reserved", before: 0, after: 2 }]);
    const result = await applyPlan(plan.id, "legacy code mapped", OPS);
    expect(result).toMatchObject({ applied: 2, failed: 0 });
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 50, reserved: 2 });
    expect((await db.event.findFirstOrThrow({ where: { eventId: late.eventId } })).flags).toMatchObject({ beforeSnapshot: true, releasedBy: "replay" });
  });

  it("releases a held gap by hand (status held), recorded as released by an operator", async () => {
    const w = await makeWorld();
    const seq = (n: number) => ({ eventId: w.nextId(), type: "receipt.posted", sku: w.code("B"), location: w.code("WH"), quantity: n, occurredAt: at(n), sequence: n });
    await w.ingest(w.wms, [seq(1), seq(3), seq(4)]);
    const plan = await createPlan({ status: "held", connector: w.wms.code }, OPS);
    expect(plan).toMatchObject({ events: 2, wouldApply: 2 });
    expect(book(plan.effects)).toEqual([{ sku: w.code("B"), location: w.code("WH"), field: "onHand", before: 1, after: 8 }]);
    expect(await applyPlan(plan.id, "sequence 2 is lost for good", OPS)).toMatchObject({ applied: 2 });
    expect(await w.book("B", "WH")).toMatchObject({ onHand: 8 });
    const flags = (await db.event.findMany({ where: { connectorId: w.wms.id, sequence: { in: [3n, 4n] } } })).map((e) => e.flags);
    expect(flags).toEqual([{ releasedBy: "operator" }, { releasedBy: "operator" }]);
    expect((await db.connector.findUniqueOrThrow({ where: { id: w.wms.id } })).lastSequence).toBe(4n);
  });

  it("replays a rejected_event group, which then resolves itself", async () => {
    const w = await makeWorld();
    const code = `GONE-${w.code("x")}`;
    await w.ingest(w.erp, [
      { eventId: w.nextId(), type: "order.created", sku: code, location: w.code("ST"), channel: w.code("b2b"), quantity: 3, orderRef: "SO-9", occurredAt: at(1) },
      { eventId: w.nextId(), type: "order.created", sku: code, location: w.code("ST"), channel: w.code("b2b"), quantity: 1, orderRef: "SO-10", occurredAt: at(2) },
    ]);
    await detect();
    const group = await db.exceptionGroup.findFirstOrThrow({ where: { kind: "rejected_event", scopeValue: code } });
    const plan = await createPlan({ exceptionId: group.id }, OPS);
    expect(plan).toMatchObject({ events: 2, wouldApply: 0, wouldFail: 2 });
    await addSkuAlias({ sku: w.code("C"), alias: code }, OPS);
    const fixed = await createPlan({ exceptionId: group.id }, OPS);
    expect(fixed).toMatchObject({ events: 2, wouldApply: 2, effects: [{ sku: w.code("C"), location: w.code("ST"), field: "reserved", before: 0, after: 4 }] });
    await applyPlan(fixed.id, "alias added", OPS);
    await evaluate();
    expect(await db.exceptionGroup.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({ state: "resolved", resolution: "auto" });
  });
});

describe("fix, then replay", () => {
  it("adds SKU and location aliases through the master-data upsert, keeping the existing ones, audited", async () => {
    const w = await makeWorld();
    expect(await addSkuAlias({ sku: w.code("A"), alias: `${w.code("legacy")}` }, OPS)).toMatchObject({ isNew: true });
    expect(await addSkuAlias({ sku: w.code("A"), alias: `${w.code("legacy")}` }, OPS)).toMatchObject({ isNew: false });
    const aliases = await db.skuAlias.findMany({ where: { sku: { code: w.code("A") } }, orderBy: { alias: "asc" } });
    expect(aliases.map((a) => a.alias).sort()).toEqual([w.code("alias-a"), w.code("legacy")].sort());
    await expect(addSkuAlias({ sku: w.code("B"), alias: w.code("legacy") }, OPS)).rejects.toMatchObject({ code: "invalid_field" });
    await expect(addSkuAlias({ sku: "NOPE-NOPE", alias: "x" }, OPS)).rejects.toMatchObject({ code: "not_found" });

    const e = { eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: "DC-OLD-7", quantity: 2, occurredAt: at(1) };
    await w.ingest(w.wms, [e]);
    await addLocationAlias({ location: w.code("WH"), alias: "DC-OLD-7" }, OPS);
    const locAliases = await db.locationAlias.findMany({ where: { location: { code: w.code("WH") } } });
    expect(locAliases.map((a) => a.alias).sort()).toEqual(["DC-OLD-7", w.code("loc-alias")].sort());
    expect(await db.auditLog.count({ where: { action: "master_data.upsert", actorEmail: OPS } })).toBeGreaterThanOrEqual(2);
    const plan = await createPlan({ eventIds: [await pkOf(w, w.wms.id, e.eventId)] }, OPS);
    expect(book(plan.effects)).toEqual([{ sku: w.code("A"), location: w.code("WH"), field: "onHand", before: 0, after: 2 }]);
  });

  it("edits a rejected event's payload, keeping the original and auditing it, then replays it", async () => {
    const w = await makeWorld();
    const e = { eventId: w.nextId(), type: "receipt.posted", sku: w.code("B"), location: w.code("ST"), quantity: -4, occurredAt: at(1) };
    const r = await w.ingest(w.erp, [e]);
    expect(r.results[0]).toMatchObject({ status: "rejected", reasons: [{ code: "bad_quantity" }] });
    const pk = await pkOf(w, w.erp.id, e.eventId);
    await expect(editRejectedPayload({ id: pk, payload: { ...e, eventId: "other" } }, OPS)).rejects.toMatchObject({ code: "invalid_field" });
    await expect(editRejectedPayload({ id: pk, payload: e }, OPS)).rejects.toMatchObject({ code: "invalid_field" });

    const edit = await editRejectedPayload({ id: pk, payload: { ...e, quantity: 4 }, reason: "sign flipped by the ERP export" }, OPS);
    expect(edit.outcome).toMatchObject({ outcome: "applied" });
    expect(await payloadEdits(pk)).toMatchObject([{ byEmail: OPS, reason: "sign flipped by the ERP export", original: { quantity: -4 }, edited: { quantity: 4 } }]);
    expect(await db.auditLog.findFirst({ where: { action: "replay.payload_edit", targetId: pk } })).toMatchObject({ actorEmail: OPS, details: { changed: ["quantity"] } });
    expect(await status(pk)).toBe("rejected");
    const plan = await createPlan({ eventIds: [pk] }, OPS);
    expect(await applyPlan(plan.id, "corrected quantity", OPS)).toMatchObject({ applied: 1 });
    expect(await w.book("B", "ST")).toMatchObject({ onHand: 4 });
    // the connector re-sending its original is still a duplicate of the stored event, not a conflict
    expect((await w.ingest(w.erp, [e])).results[0]!.status).toBe("duplicate");
    await expect(editRejectedPayload({ id: pk, payload: { ...e, quantity: 5 } }, OPS)).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("large plans in the background", () => {
  it("applies chunk by chunk with progress, exactly once, and can be cancelled midway", async () => {
    process.env.SIGHTLINE_REPLAY_CHUNK = "3";
    try {
      const w = await makeWorld();
      const events = Array.from({ length: 10 }, (_, i) => ({ eventId: w.nextId(), type: "receipt.posted", sku: "BULK-OLD", location: w.code("WH"), quantity: i + 1, occurredAt: at(i) }));
      await w.ingest(w.wms, events);
      await addSkuAlias({ sku: w.code("A"), alias: "BULK-OLD" }, OPS);
      const plan = await createPlan({ sku: "BULK-OLD" }, OPS);
      expect(plan).toMatchObject({ events: 10, wouldApply: 10 });
      expect(book(plan.effects)).toMatchObject([{ field: "onHand", before: 0, after: 55 }]);
      const started = await applyPlan(plan.id, "bulk", OPS);
      expect(started).toMatchObject({ status: "applying", progress: 0, events: 10 });
      await expect(applyPlan(plan.id, "bulk", OPS)).rejects.toMatchObject({ code: "plan_already_applied" });
      const progress: number[] = [];
      for (let i = 0; i < 10; i++) {
        const step = await runReplayChunk();
        if (!step) break;
        progress.push(step.progress);
      }
      expect(progress).toEqual([3, 6, 9, 10]);
      expect(await runReplayChunk()).toBeNull();
      expect(await w.book("A", "WH")).toMatchObject({ onHand: 55 });
      expect(await getPlan(plan.id)).toMatchObject({ status: "applied", progress: 10, result: { applied: 10, skipped: 0, failed: 0 } });
      expect((await applyAudits(plan.id)).map((a) => a.action)).toEqual(["replay.apply_started", "replay.apply"]);

      const more = Array.from({ length: 7 }, (_, i) => ({ eventId: w.nextId(), type: "receipt.posted", sku: "BULK-OLD-2", location: w.code("ST"), quantity: 1, occurredAt: at(20 + i) }));
      await w.ingest(w.wms, more);
      await addSkuAlias({ sku: w.code("A"), alias: "BULK-OLD-2" }, OPS);
      const second = await createPlan({ sku: "BULK-OLD-2" }, OPS);
      expect(second).toMatchObject({ events: 7 });
      await applyPlan(second.id, "bulk 2", OPS);
      expect(await runReplayChunk()).toMatchObject({ planId: second.id, progress: 3 });
      expect(await cancelPlan(second.id, OPS)).toMatchObject({ status: "cancelled", progress: 3, applied: 3 });
      expect(await runReplayChunk()).toBeNull();
      expect(await w.book("A", "ST")).toMatchObject({ onHand: 3 });
      await expect(applyPlan(second.id, "again", OPS)).rejects.toMatchObject({ code: "conflict" });
      await expect(cancelPlan(second.id, OPS)).rejects.toMatchObject({ code: "conflict" });
      const listed = await listPlans({ limit: 500 });
      expect(listed.items.find((p) => p.id === second.id)).toMatchObject({ status: "cancelled", events: 7, progress: 3 });
    } finally {
      delete process.env.SIGHTLINE_REPLAY_CHUNK;
    }
  });
});

describe("nothing is double-counted when ingest races a replay", () => {
  it("an apply and a late ingest on the same position both count", async () => {
    const w = await makeWorld();
    const e = { eventId: w.nextId(), type: "receipt.posted", sku: "RACE-OLD-2", location: w.code("WH"), quantity: 3, occurredAt: at(1) };
    await w.ingest(w.wms, [e]);
    await addSkuAlias({ sku: w.code("A"), alias: "RACE-OLD-2" }, OPS);
    const plan = await createPlan({ sku: "RACE-OLD-2" }, OPS);
    await Promise.all([
      applyPlan(plan.id, "race", OPS),
      w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("ST"), quantity: 1, occurredAt: at(2) }]),
    ]);
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 3 });
    expect(await w.book("A", "ST")).toMatchObject({ onHand: 1 });
  });
});
