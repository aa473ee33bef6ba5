// Integration-test helpers: a world where an ERP, a WMS (authoritative) and a POS all report the
// same warehouse, plus a channel, built through the real master-data upsert and the real ingest.
import { db } from "@/server/db";
import { ingestBatch, type TIngestConnector } from "@/server/ingest/ingest-batch";
import { logger } from "@/server/lib/logger";
import { upsertMasterData } from "@/server/master-data/upsert";
import { drainTargetDirty } from "@/server/targets/worker";
import { executeRun, type TRunHooks } from "./run";
import type { TRunScope } from "./reconciliation.types";
import { startRun } from "./start";

let counter = 0;

export async function makeReconWorld() {
  const p = `r${++counter}${Math.random().toString(36).slice(2, 6)}`;
  const code = (s: string) => `${p}-${s}`;
  await upsertMasterData(
    {
      skus: ["A", "B", "C"].map((s) => ({ code: code(s), name: `Item ${s}` })),
      connectors: [
        { code: code("erp"), kind: "erp" },
        { code: code("wms"), kind: "wms" },
        { code: code("pos"), kind: "pos" },
        { code: code("shop"), kind: "channel", channel: code("web") },
      ],
      locations: [
        { code: code("WH"), kind: "warehouse", authoritativeConnector: code("wms") },
        { code: code("ST"), kind: "store", authoritativeConnector: code("pos") },
      ],
      channels: [{ code: code("web"), kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: [code("WH")] }],
    },
    "test",
  );
  const rows = await db.connector.findMany({ where: { code: { startsWith: `${p}-` } }, select: { id: true, code: true, channelId: true } });
  const connector = (s: string): TIngestConnector => rows.find((r) => r.code === code(s))!;
  let n = 0;
  const at = () => new Date(Date.UTC(2026, 0, 1, 8, 0, n)).toISOString();
  const skus = ["A", "B", "C"].map(code);
  return {
    code,
    skus,
    /** the connector's on hand at the location moves by `delta` (a receipt or an adjustment) */
    move: async (system: "erp" | "wms" | "pos", sku: string, location: string, delta: number) => {
      const event =
        delta > 0
          ? { eventId: `${p}-e${++n}`, type: "receipt.posted", sku: code(sku), location: code(location), quantity: delta, occurredAt: at() }
          : { eventId: `${p}-e${++n}`, type: "stock.adjusted", sku: code(sku), location: code(location), delta, occurredAt: at() };
      const result = await ingestBatch(connector(system), [event]);
      if (result.accepted !== 1) throw new Error(`not accepted: ${JSON.stringify(result.results)}`);
    },
    /** the channel publishes `quantity` for the SKU (just now, so after its target), then targets are recomputed as the worker would */
    expose: async (sku: string, quantity: number) => {
      const result = await ingestBatch(connector("shop"), [{ eventId: `${p}-e${++n}`, type: "channel.quantity.published", sku: code(sku), channel: code("web"), quantity, occurredAt: new Date(Date.now() + 60_000).toISOString() }]);
      if (result.accepted !== 1) throw new Error(`not accepted: ${JSON.stringify(result.results)}`);
      await settleTargets();
    },
    /** a run over this world's SKUs (so other tests' data stays out), executed here rather than by the queue */
    run: async (scope: TRunScope = {}, hooks?: TRunHooks) => {
      const started = await startRun({ scope: { skus: skus, ...scope } }, { trigger: "manual", by: "ops@example.test" });
      return executeRun(started.id, { log: logger, hooks });
    },
  };
}

export async function settleTargets() {
  while ((await drainTargetDirty()).marks > 0);
}
