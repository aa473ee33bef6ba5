import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { DEMO_CHANNELS, DEMO_CONNECTORS, DEMO_LOCATIONS, demoSkus } from "@/server/demo/catalogue";
import { logger } from "@/server/lib/logger";
import { upsertMasterData } from "@/server/master-data/upsert";
import { seedExceptionHistory } from "./demo-history";
import { exceptionSummary } from "./summary";

describe("the demo's exception history", () => {
  it("seeds resolved groups (by people and by themselves) and owned open ones, once", async () => {
    await upsertMasterData({ skus: demoSkus(400), locations: DEMO_LOCATIONS, channels: DEMO_CHANNELS, connectors: DEMO_CONNECTORS }, "test");
    await seedExceptionHistory({ log: logger });
    await seedExceptionHistory({ log: logger });
    const groups = await db.exceptionGroup.findMany();
    expect(groups.length).toBeGreaterThanOrEqual(18);
    expect(groups.filter((g) => g.resolution === "auto").length).toBeGreaterThan(5);
    expect(groups.filter((g) => g.resolution === "user").length).toBeGreaterThan(2);
    expect(groups.some((g) => g.state === "acknowledged" && g.assignee)).toBe(true);
    expect(groups.every((g) => g.resolvedAt === null || g.resolvedAt > g.openedAt)).toBe(true);
    expect(await db.exceptionNote.count()).toBeGreaterThan(3);
    const trail = await db.auditLog.findMany({ where: { targetType: "exception" } });
    expect(trail.some((a) => a.action === "exception.auto_resolve" && a.actorEmail === "system")).toBe(true);
    expect(trail.some((a) => a.action === "exception.resolve" && a.actorEmail === "ops@example.com")).toBe(true);
    const summary = await exceptionSummary();
    expect(summary.active).toBeGreaterThan(0);
    expect(summary.oldest).not.toBeNull();
  });
});
