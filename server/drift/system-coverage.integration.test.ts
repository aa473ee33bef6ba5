// The system view's empty state says why it is empty: the worker still comparing, one of the two
// systems not reporting yet, or nothing to compare.
import { describe, expect, it } from "vitest";
import { makeWorld } from "@/test/fixtures";
import { systemDriftCoverage, refreshSystemDrift } from "./system-drift";

describe("system drift coverage", () => {
  it("tells pending comparisons and which systems report", async () => {
    const w = await makeWorld();
    expect(await systemDriftCoverage()).toEqual({ pendingPairs: 0, erpReports: false, wmsReports: false });
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 5, occurredAt: new Date().toISOString() }]);
    expect(await systemDriftCoverage()).toMatchObject({ erpReports: false, wmsReports: true });
    await w.ingest(w.erp, [{ eventId: w.nextId(), type: "balance.snapshot", sku: w.code("A"), location: w.code("WH"), balances: { onHand: 5 }, occurredAt: new Date().toISOString() }]);
    const both = await systemDriftCoverage();
    expect(both).toMatchObject({ erpReports: true, wmsReports: true });
    expect(both.pendingPairs).toBeGreaterThan(0);
    while ((await refreshSystemDrift()) > 0);
    expect((await systemDriftCoverage()).pendingPairs).toBe(0);
  });
});
