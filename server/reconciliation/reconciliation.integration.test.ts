import { describe, expect, it } from "vitest";
import { db, pgPool } from "@/server/db";
import { logger } from "@/server/lib/logger";
import { listLines } from "./lines";
import { getRun } from "./queries";
import { ZLinesQuery } from "./reconciliation.types";
import { executeRun } from "./run";
import { saveReconciliationSettings } from "./settings";
import { startRun, sweepStaleRuns } from "./start";
import { makeReconWorld, settleTargets } from "./test-world";

const lines = (runId: number, query: Record<string, unknown> = {}) => listLines(runId, ZLinesQuery.parse(query));
const line = async (runId: number, query: Record<string, unknown>) => {
  const page = await lines(runId, query);
  expect(page.items).toHaveLength(1);
  return page.items[0]!;
};

describe("a reconciliation run", () => {
  it("ERP 10, WMS 8, POS 10 at one location → one line, spread 2, variance, with every system side by side", async () => {
    await saveReconciliationSettings({ toleranceUnits: 0, tolerancePercent: 0 }, "admin@example.test");
    const w = await makeReconWorld();
    await w.move("erp", "A", "WH", 10);
    await w.move("wms", "A", "WH", 8);
    await w.move("pos", "A", "WH", 10);
    const run = await w.run();
    expect(run.status).toBe("done");
    const page = await lines(run.id, { kind: "location" });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      kind: "location",
      sku: w.code("A"),
      location: w.code("WH"),
      systems: { [w.code("erp")]: 10, [w.code("wms")]: 8, [w.code("pos")]: 10 },
      book: 8,
      spread: 2,
      status: "variance",
      runs: 1,
      since: run.id,
      movedBy: w.code("pos"),
    });
    const detail = await getRun(run.id);
    expect(detail.totals).toMatchObject({ lines: 1, variance: 1, varianceUnits: 2, newVariances: 1, persistent: 0, match: 0 });
    expect(detail.byLocation[w.code("WH")]).toMatchObject({ lines: 1, variance: 1 });
    expect(detail.systems).toEqual([w.code("erp"), w.code("pos"), w.code("wms")].sort());
    expect(detail.progress).toBe(1);
  });

  it("a tolerance of 2 units makes that line within_tolerance; a change applies from the next run only", async () => {
    const w = await makeReconWorld();
    await w.move("erp", "A", "WH", 10);
    await w.move("wms", "A", "WH", 8);
    await saveReconciliationSettings({ toleranceUnits: 2, tolerancePercent: 0 }, "admin@example.test");
    const started = await startRun({ scope: { skus: w.skus } }, { trigger: "manual", by: "ops@example.test" });
    // changed after the run started: that run keeps 2 units
    await saveReconciliationSettings({ toleranceUnits: 0 }, "admin@example.test");
    await executeRun(started.id, { log: logger });
    expect(await line(started.id, { sku: w.code("A") })).toMatchObject({ spread: 2, status: "within_tolerance", runs: 0, since: null });
    expect((await getRun(started.id)).toleranceUnits).toBe(2);
    const next = await w.run();
    expect(await line(next.id, { sku: w.code("A") })).toMatchObject({ status: "variance" });
  });

  it("a percent tolerance is of the book: 5 % of 100 covers a spread of 5, not 6", async () => {
    const w = await makeReconWorld();
    await w.move("wms", "A", "WH", 100);
    await w.move("erp", "A", "WH", 105);
    await w.move("wms", "B", "WH", 100);
    await w.move("erp", "B", "WH", 106);
    await saveReconciliationSettings({ toleranceUnits: 0, tolerancePercent: 5 }, "admin@example.test");
    const run = await w.run();
    await saveReconciliationSettings({ toleranceUnits: 0, tolerancePercent: 0 }, "admin@example.test");
    expect(await line(run.id, { sku: w.code("A") })).toMatchObject({ book: 100, spread: 5, status: "within_tolerance" });
    expect(await line(run.id, { sku: w.code("B") })).toMatchObject({ book: 100, spread: 6, status: "variance" });
  });

  it("ages lines: a second run → runs 2 with the same since; fixed → match and the streak ends; again → a new streak", async () => {
    const w = await makeReconWorld();
    await w.move("erp", "A", "WH", 10);
    await w.move("wms", "A", "WH", 8);
    const first = await w.run();
    const second = await w.run();
    expect(await line(second.id, { sku: w.code("A") })).toMatchObject({ status: "variance", runs: 2, since: first.id });
    expect((await getRun(second.id)).totals).toMatchObject({ variance: 1, newVariances: 0, persistent: 1 });
    expect((await getRun(second.id)).previousRunId).toBe(first.id);
    expect((await lines(second.id, { minRuns: 2 })).items).toHaveLength(1);
    expect((await lines(second.id, { minRuns: 3 })).items).toHaveLength(0);

    await w.move("erp", "A", "WH", -2); // someone books the WMS's count in the ERP too
    const fixed = await w.run();
    expect(await line(fixed.id, { sku: w.code("A") })).toMatchObject({ status: "match", spread: 0, runs: 0, since: null });

    await w.move("wms", "A", "WH", -1);
    const again = await w.run();
    expect(await line(again.id, { sku: w.code("A") })).toMatchObject({ status: "variance", runs: 1, since: again.id });
  });

  it("writes channel lines: target against exposed, spread |exposed − target|", async () => {
    const w = await makeReconWorld();
    await w.move("wms", "A", "WH", 20);
    await w.move("wms", "B", "WH", 7);
    await settleTargets();
    await w.expose("A", 25);
    await w.expose("B", 7);
    const run = await w.run();
    const a = await line(run.id, { kind: "channel", sku: w.code("A") });
    expect(a).toMatchObject({ kind: "channel", channel: w.code("web"), target: 20, exposed: 25, spread: 5, status: "variance", movedBy: "exposure" });
    expect(a).not.toHaveProperty("systems");
    expect(await line(run.id, { channel: w.code("web"), sku: w.code("B") })).toMatchObject({ target: 7, exposed: 7, spread: 0, status: "match" });
    // C has no exposure: no channel line
    expect((await lines(run.id, { kind: "channel", sku: w.code("C") })).items).toHaveLength(0);
    const detail = await getRun(run.id);
    expect(detail.byChannel[w.code("web")]).toMatchObject({ lines: 2, variance: 1, match: 1, varianceUnits: 5 });
  });

  it("a scoped run touches only its scope, and ages against the previous run of the same scope", async () => {
    const w = await makeReconWorld();
    await w.move("erp", "A", "WH", 10);
    await w.move("wms", "A", "WH", 8);
    await w.move("erp", "A", "ST", 3);
    await w.move("pos", "A", "ST", 4);
    await w.move("wms", "B", "WH", 5);
    await settleTargets();
    await w.expose("A", 1);
    const full = await w.run();
    expect((await getRun(full.id)).totals?.lines).toBe(4); // A@WH, A@ST, B@WH, A on web

    const onlyStore = await w.run({ locations: [w.code("ST")] });
    const items = (await lines(onlyStore.id)).items;
    expect(items.map((l) => `${l.sku}@${l.location ?? l.channel}`)).toEqual([`${w.code("A")}@${w.code("ST")}`]);
    expect(items[0]).toMatchObject({ runs: 1, since: onlyStore.id }); // its own first run, not the full run's streak
    expect((await getRun(onlyStore.id)).byChannel).toEqual({});

    const onlyChannel = await w.run({ channels: [w.code("web")] });
    expect((await lines(onlyChannel.id)).items.map((l) => l.kind)).toEqual(["channel"]);

    const onlyB = await startRun({ scope: { skus: [w.code("B")] } }, { trigger: "manual", by: "ops@example.test" });
    await executeRun(onlyB.id, { log: logger });
    expect((await lines(onlyB.id)).items.map((l) => l.sku)).toEqual([w.code("B")]);
    // and the full scope's next run continues the full scope's streaks
    const fullAgain = await w.run();
    expect(await line(fullAgain.id, { sku: w.code("A"), location: w.code("WH") })).toMatchObject({ runs: 2, since: full.id });
  });

  it("refuses a second start while one runs (409 run_in_progress) and an unknown code in the scope (400)", async () => {
    const w = await makeReconWorld();
    const first = await startRun({ scope: { skus: w.skus } }, { trigger: "manual", by: "ops@example.test" });
    await expect(startRun({}, { trigger: "manual", by: "ops@example.test" })).rejects.toMatchObject({ code: "run_in_progress", status: 409 });
    await executeRun(first.id, { log: logger });
    await expect(startRun({ scope: { locations: ["NOPE-404"] } }, { trigger: "manual", by: "ops@example.test" })).rejects.toMatchObject({ code: "invalid_field", status: 400 });
  });

  it("a crash mid-run leaves it failed with no lines, never running, and the next run may start", async () => {
    const w = await makeReconWorld();
    await w.move("erp", "A", "WH", 10);
    await w.move("wms", "A", "WH", 8);
    // the database connection of the run dies between two statements
    const crashed = await w.run({}, {
      afterRange: async () => {
        await pgPool().query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and state = 'idle in transaction' and pid <> pg_backend_pid()`);
      },
    });
    expect(crashed.status).toBe("failed");
    const run = await getRun(crashed.id);
    expect(run).toMatchObject({ status: "failed", totals: null });
    expect(run.error).toMatch(/database connection was lost/);
    expect(run.finishedAt).not.toBeNull();
    expect(await db.reconciliationLine.count({ where: { runId: crashed.id } })).toBe(0);

    // the server stops mid-run: the job queue aborts the job, and the run fails at once
    const stopping = await startRun({ scope: { skus: w.skus } }, { trigger: "manual", by: "ops@example.test" });
    expect((await executeRun(stopping.id, { log: logger, signal: AbortSignal.abort() })).status).toBe("failed");
    expect((await getRun(stopping.id)).error).toMatch(/the server was stopping/);

    // the process running it dies: no heartbeat, so the sweeper marks it failed
    const orphan = await startRun({ scope: { skus: w.skus } }, { trigger: "manual", by: "ops@example.test" });
    await db.reconciliationProgress.update({ where: { runId: orphan.id }, data: { heartbeatAt: new Date(Date.now() - 120_000) } });
    expect(await sweepStaleRuns()).toEqual([orphan.id]);
    expect((await getRun(orphan.id)).status).toBe("failed");
    // a late job for it changes nothing
    expect((await executeRun(orphan.id, { log: logger })).status).toBe("skipped");
    expect((await w.run()).status).toBe("done");
  });
});
