import { describe, expect, it } from "vitest";
import { DEMO_CHANNELS, DEMO_CONNECTORS, DEMO_LOCATIONS, demoSkus } from "@/server/demo/catalogue";
import { seedExceptionHistory } from "@/server/exceptions/demo-history";
import { logger } from "@/server/lib/logger";
import { upsertMasterData } from "@/server/master-data/upsert";
import { applyPlan } from "./apply";
import { seedReplayHistory } from "./demo-history";
import { listPlans, planDetail } from "./queries";

describe("the demo's replay history", () => {
  it("seeds applied runs (linked to their exception groups, audited) and a discarded plan, once", async () => {
    await upsertMasterData({ skus: demoSkus(400), locations: DEMO_LOCATIONS, channels: DEMO_CHANNELS, connectors: DEMO_CONNECTORS }, "test");
    await seedExceptionHistory({ log: logger });
    await seedReplayHistory({ log: logger });
    await seedReplayHistory({ log: logger });
    const { items } = await listPlans({ limit: 50 });
    expect(items.map((p) => p.status)).toEqual(["cancelled", "applied", "applied", "applied"]);
    const first = items.at(-1)!;
    expect(first).toMatchObject({ events: 14, result: { applied: 14 }, appliedBy: "ops@example.com" });
    expect(first.selector.exceptionId).toBeGreaterThan(0);
    const detail = await planDetail(first.id);
    expect(detail.audit).toMatchObject([{ action: "replay.apply", actorEmail: "ops@example.com", id: first.result!.auditId }]);
    expect(detail.plan.effects.length).toBeGreaterThan(0);
    await expect(applyPlan(first.id, "again", "ops@example.com")).rejects.toMatchObject({ code: "plan_already_applied" });
    await expect(applyPlan(items[0]!.id, "again", "ops@example.com")).rejects.toMatchObject({ code: "conflict" });
  });
});
