import { describe, expect, it } from "vitest";
import { DEMO_CHANNELS, DEMO_CONNECTORS, DEMO_LOCATIONS, demoSkus } from "@/server/demo/catalogue";
import { db } from "@/server/db";
import { upsertMasterData } from "@/server/master-data/upsert";
import { seedDemoPolicies } from "./demo-policies";
import { analyzeRules } from "./analyze";
import { listPolicies } from "./versions";

describe("seedDemoPolicies", () => {
  it("gives the demo two published versions in the past, once, with no ineffective rules", async () => {
    await upsertMasterData({ skus: demoSkus(20), locations: DEMO_LOCATIONS, channels: DEMO_CHANNELS, connectors: DEMO_CONNECTORS }, "demo-seed");
    await seedDemoPolicies();
    await seedDemoPolicies();
    const list = await listPolicies();
    expect(list.current).toBe(2);
    expect(list.versions.map((v) => v.by)).toEqual(["merchandiser@example.com", "merchandiser@example.com"]);
    expect(list.versions.every((v) => v.publishedAt.getTime() < Date.now() - 86_400_000)).toBe(true);
    expect(await analyzeRules(list.versions[0]!.rules)).toEqual([]);
    expect(await db.auditLog.count({ where: { action: "policy.published" } })).toBe(2);
  });
});
