// reconciliation.finished: a run's end reaches the endpoints that subscribe to it, signed like every
// message (verified with the standardwebhooks library by the receiver), written with the run's end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { logger } from "@/server/lib/logger";
import { setNotifyConfig } from "@/server/notifications/config";
import { deliverDue } from "@/server/notifications/deliver";
import { createEndpoint } from "@/server/notifications/endpoints";
import { startReceiver, type TReceiver } from "@/test/notify-receivers";
import { executeRun } from "./run";
import { startRun, sweepStaleRuns } from "./start";
import { saveReconciliationSettings } from "./settings";
import { makeReconWorld } from "./test-world";

const OPS = { email: "ops@example.com" };
let receiver: TReceiver;

beforeAll(async () => {
  receiver = await startReceiver();
  setNotifyConfig({ allowPrivate: true, publicUrl: "http://sightline.test", smtpUrl: null, isDemo: false });
});
afterAll(async () => receiver.close());

describe("reconciliation.finished", () => {
  it("goes to each endpoint that subscribes, with the run's totals and a link; others get nothing", async () => {
    await saveReconciliationSettings({ toleranceUnits: 0, tolerancePercent: 0 }, "admin@example.test");
    const subscribed = await createEndpoint({ kind: "webhook", url: receiver.url, eventTypes: ["reconciliation.finished"], description: "finance" }, OPS);
    receiver.secrets = [...receiver.secrets, subscribed.secret!];
    const other = await createEndpoint({ kind: "webhook", url: receiver.url, description: "exceptions only" }, OPS);
    const muted = await createEndpoint({ kind: "webhook", url: receiver.url, eventTypes: ["reconciliation.finished"], mutedUntil: new Date(Date.now() + 3_600_000).toISOString() }, OPS);

    const w = await makeReconWorld();
    await w.move("erp", "A", "WH", 10);
    await w.move("wms", "A", "WH", 8);
    const run = await w.run();
    expect(run.status).toBe("done");

    const messages = await db.notificationMessage.findMany({ where: { type: "reconciliation.finished" } });
    expect(messages.map((m) => m.endpointId)).toEqual([subscribed.id]);
    expect(await db.notificationMessage.count({ where: { endpointId: { in: [other.id, muted.id] } } })).toBe(0);

    await deliverDue(subscribed.id);
    const got = receiver.received.filter((r) => r.type === "reconciliation.finished");
    expect(got).toHaveLength(1);
    expect(got[0]!.verifiedWith).toBe(0);
    expect(got[0]!.id).toBe(messages[0]!.id);
    expect(got[0]!.body.data).toMatchObject({
      id: run.id,
      status: "done",
      trigger: "manual",
      totals: { lines: 1, variance: 1, varianceUnits: 2, newVariances: 1, persistent: 0 },
      error: null,
      url: `http://sightline.test/reconciliation/${run.id}`,
    });
  });

  it("says so when a run fails, in the transaction that marks it failed", async () => {
    const w = await makeReconWorld();
    const endpoint = await createEndpoint({ kind: "webhook", url: receiver.url, eventTypes: ["reconciliation.finished"] }, OPS);
    const stopping = await startRun({ scope: { skus: w.skus } }, { trigger: "manual", by: "ops@example.test" });
    expect(await db.notificationMessage.count({ where: { endpointId: endpoint.id } })).toBe(0);
    expect((await executeRun(stopping.id, { log: logger, signal: AbortSignal.abort() })).status).toBe("failed");
    const orphan = await startRun({ scope: { skus: w.skus } }, { trigger: "manual", by: "ops@example.test" });
    await db.reconciliationProgress.update({ where: { runId: orphan.id }, data: { heartbeatAt: new Date(Date.now() - 120_000) } });
    expect(await sweepStaleRuns()).toEqual([orphan.id]);

    const payloads = (await db.notificationMessage.findMany({ where: { endpointId: endpoint.id }, orderBy: { createdAt: "asc" } })).map((m) => (m.payload as { data: Record<string, unknown> }).data);
    expect(payloads).toEqual([
      expect.objectContaining({ id: stopping.id, status: "failed", totals: null, error: expect.stringMatching(/the server was stopping/) }),
      expect.objectContaining({ id: orphan.id, status: "failed", totals: null, error: expect.any(String) }),
    ]);
  });
});
