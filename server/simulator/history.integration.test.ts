// The demo's history, as a fresh demo loads it, followed by the real workers' rounds: no
// oversell_risk may open and then heal by itself with no new exposure (the demo once opened about
// 4,400 right after start: its channels ended the week exposing the model's policy-less estimates).
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { DEMO_CHANNELS, DEMO_CONNECTORS, DEMO_LOCATIONS, demoSkus } from "@/server/demo/catalogue";
import { newDetectorState } from "@/server/exceptions/detect-events";
import { runDetectorTick, runEvaluatorTick } from "@/server/exceptions/worker";
import { logger } from "@/server/lib/logger";
import { upsertMasterData } from "@/server/master-data/upsert";
import { seedDemoPolicies } from "@/server/policies/demo-policies";
import { checkStalenessTransitions } from "@/server/targets/staleness";
import { drainTargetDirty } from "@/server/targets/worker";
import { generateHistory } from "./history";
import { demoSkusForSimulator } from "./state";

describe("the demo history", () => {
  it("ends with every channel exposing its target, so detection opens no oversell risk", { timeout: 240_000 }, async () => {
    await upsertMasterData({ skus: demoSkus(), locations: DEMO_LOCATIONS, channels: DEMO_CHANNELS, connectors: DEMO_CONNECTORS }, "test");
    await seedDemoPolicies();
    const events = await generateHistory({ skus: await demoSkusForSimulator(), state: { runId: "test", counter: 0, wmsSequence: 0 }, log: logger, days: 1 });
    expect(events).toBeGreaterThan(20_000);

    // the workers' rounds, detector first (the order that once judged against old targets)
    const state = newDetectorState();
    for (let round = 0; round < 200; round++) {
      const read = await runDetectorTick(state, { forceOversell: true });
      await checkStalenessTransitions();
      const targets = await drainTargetDirty();
      await runEvaluatorTick({ sweep: true });
      if (read === 0 && targets.marks === 0 && state.oversellDue.size === 0) break;
    }
    expect(state.oversellDue.size).toBe(0);
    const [row] = await db.$queryRaw<{ opened: number; over: number }[]>`
      select (select count(*) from exception_group where kind = 'oversell_risk')::int as opened,
             (select count(*) from channel_position where exposed > target)::int as over`;
    expect(row).toEqual({ opened: 0, over: 0 });
  });

  it("leaves every connector that sent events seen when it last sent them (its status agrees with its counts)", async () => {
    const rows = await db.$queryRaw<{ code: string; last_seen_at: Date | null; last_received: Date }[]>`
      select c.code, c.last_seen_at, max(e.received_at) as last_received from connector c join event e on e.connector_id = c.id group by c.code, c.last_seen_at`;
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) expect({ code: r.code, seen: r.last_seen_at?.getTime() ?? null }).toEqual({ code: r.code, seen: r.last_received.getTime() });
  });
});
