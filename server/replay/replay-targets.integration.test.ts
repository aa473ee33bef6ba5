import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createDraft, publishDraft } from "@/server/policies/versions";
import { drainTargetDirty } from "@/server/targets/worker";
import { at, makeWorld } from "@/test/fixtures";
import { applyPlan } from "./apply";
import { addSkuAlias } from "./fixes";
import { createPlan } from "./plan";

const OPS = "ops@example.test";

async function target(skuCode: string, channelCode: string) {
  const [row] = await db.$queryRaw<{ target: number }[]>`
    select p.target from channel_position p join sku s on s.id = p.sku_id join channel c on c.id = p.channel_id where s.code = ${skuCode} and c.code = ${channelCode}`;
  return row?.target ?? null;
}

async function publish(rules: unknown[], reason: string) {
  const draft = await createDraft({ rules: rules as never, note: reason }, "merch@example.test");
  await publishDraft(draft.id, reason, "merch@example.test");
}

describe("targets in a replay preview", () => {
  it("are the engine's own computation under the published policy: what the targets worker writes after the apply", async () => {
    const w = await makeWorld();
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 10, occurredAt: at(0) }]);
    await publish([{ kind: "safety_buffer", scope: { channel: w.code("web") }, units: 3 }], "web keeps 3 back");
    await drainTargetDirty();
    expect([await target(w.code("A"), w.code("web")), await target(w.code("A"), w.code("b2b"))]).toEqual([7, 10]);

    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: "TGT-OLD", location: w.code("WH"), quantity: 5, occurredAt: at(1) }]);
    await addSkuAlias({ sku: w.code("A"), alias: "TGT-OLD" }, OPS);
    const plan = await createPlan({ sku: "TGT-OLD" }, OPS);
    expect(plan.effects).toEqual([
      { sku: w.code("A"), location: w.code("WH"), field: "onHand", before: 10, after: 15 },
      { sku: w.code("A"), channel: w.code("b2b"), field: "target", before: 10, after: 15 },
      { sku: w.code("A"), channel: w.code("web"), field: "target", before: 7, after: 12 },
    ]);
    // the preview wrote nothing: targets are as they were
    expect(await target(w.code("A"), w.code("web"))).toBe(7);
    await applyPlan(plan.id, "alias added", OPS);
    await drainTargetDirty();
    expect([await target(w.code("A"), w.code("web")), await target(w.code("A"), w.code("b2b"))]).toEqual([12, 15]);
  });

  it("a target the plan touches that changed since the preview makes the plan stale", async () => {
    const w = await makeWorld();
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("B"), location: w.code("WH"), quantity: 4, occurredAt: at(0) }]);
    await drainTargetDirty();
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: "TGT-OLD-2", location: w.code("WH"), quantity: 2, occurredAt: at(1) }]);
    await addSkuAlias({ sku: w.code("B"), alias: "TGT-OLD-2" }, OPS);
    const plan = await createPlan({ sku: "TGT-OLD-2" }, OPS);
    expect(plan.effects).toContainEqual({ sku: w.code("B"), channel: w.code("web"), field: "target", before: 4, after: 6 });
    // the book is untouched, but a new policy moves the target the preview was computed against
    await publish([{ kind: "safety_buffer", scope: { channel: w.code("web") }, units: 1 }], "web keeps 1 back");
    expect(await target(w.code("B"), w.code("web"))).toBe(3);
    await expect(applyPlan(plan.id, "too late", OPS)).rejects.toMatchObject({ code: "plan_stale" });
    const again = await createPlan({ sku: "TGT-OLD-2" }, OPS);
    expect(again.effects).toContainEqual({ sku: w.code("B"), channel: w.code("web"), field: "target", before: 3, after: 5 });
    expect(await applyPlan(again.id, "previewed again", OPS)).toMatchObject({ applied: 1 });
  });
});
