import { describe, expect, it } from "vitest";
import { kpiReport, toKpiResponse } from "@/server/kpis/report";
import { makeReconWorld, settleTargets } from "./test-world";

describe("reconciliation KPIs", () => {
  it("reconciliationVarianceRate and reconciliationBacklog come from the latest run finished in the range, overall and per channel", async () => {
    const before = await kpiReport({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() });
    expect(toKpiResponse(before)).toMatchObject({ reconciliationVarianceRate: null, reconciliationBacklog: null });

    const w = await makeReconWorld();
    await w.move("erp", "A", "WH", 10);
    await w.move("wms", "A", "WH", 8); // A@WH: variance
    await w.move("wms", "B", "WH", 6); // B@WH: match
    await settleTargets();
    await w.expose("A", 8); // A on web: match
    await w.expose("B", 9); // B on web: variance (target 6)
    await w.run();
    await w.move("wms", "B", "WH", 3); // B on web is fixed by the next run: target 9
    await settleTargets();
    await w.run();
    // the latest run: A@WH variance (2nd run), B@WH match, A on web match, B on web match
    const report = await kpiReport({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });
    const response = toKpiResponse(report);
    expect(response.reconciliationVarianceRate).toBe(0.25);
    expect(response.reconciliationBacklog).toBe(1);
    expect(response.byChannel[w.code("web")]).toMatchObject({ reconciliationVarianceRate: 0, reconciliationBacklog: 0 });
    // the trend's last point is the range's figure
    expect(report.points.at(-1)!.figures.reconciliationVarianceRate).toBe(0.25);
    // filtered on the channel: of its lines only
    const web = toKpiResponse(await kpiReport({ from: new Date(Date.now() - 3_600_000).toISOString(), channel: w.code("web") }));
    expect(web).toMatchObject({ reconciliationVarianceRate: 0, reconciliationBacklog: 0 });
    // a range before any run has none
    const earlier = toKpiResponse(await kpiReport({ from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" }));
    expect(earlier.reconciliationVarianceRate).toBeNull();
  });
});
