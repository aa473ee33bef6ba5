import { db } from "@/server/db";
import { ingestBatch, type TIngestConnector } from "@/server/ingest/ingest-batch";
import type { TLogger } from "@/server/lib/logger";
import { mapShopifyWebhook } from "@/server/shopify/map-webhook";
import { DemoModel, type TOutEvent, type TSimState } from "./model";

const STEP_SECONDS = 60;
const FLUSH_ORDER = ["shopify", "amazon", "edi", "erp", "crm", "wms"];

/**
 * A week of history for a fresh demo: the same model as the live simulator, stepped through the
 * past seven days and ingested directly (the HTTP path would take minutes for what this does in seconds).
 */
/** Something to do at a point of the history once everything before it is ingested (e.g. a nightly reconciliation). */
export type THistoryCheckpoint = { atMs: number; run: (atMs: number) => Promise<void> };

export async function generateHistory(opts: {
  skus: { code: string; shopifyItem?: string }[];
  state: TSimState;
  log: TLogger;
  days?: number;
  endMs?: number;
  checkpoints?: (startMs: number, endMs: number) => THistoryCheckpoint[];
}) {
  const started = performance.now();
  const connectors = new Map<string, TIngestConnector>(
    (await db.connector.findMany({ select: { id: true, code: true, channelId: true, channel: { select: { code: true } } } })).map((c) => [c.code, c]),
  );
  const shopifyChannel = (await db.channel.findUnique({ where: { code: "shopify" } }))?.code ?? "shopify";
  const model = new DemoModel(opts.skus, opts.state, 7);
  const endMs = opts.endMs ?? Date.now() - 60_000;
  const startMs = endMs - (opts.days ?? 7) * 86_400_000;
  const pending = new Map<string, TOutEvent[]>();
  let total = 0;
  // received when it happened, as if the connectors had been sending all week
  let receivedAt = new Date(startMs);
  const flush = async (code: string) => {
    const events = pending.get(code);
    const connector = connectors.get(code);
    if (!events?.length || !connector) return;
    pending.set(code, []);
    total += events.length;
    for (let i = 0; i < events.length; i += 1000) await ingestBatch(connector, events.slice(i, i + 1000), receivedAt);
  };
  for (const d of model.openingBalances(startMs - 60_000)) {
    pending.set(d.connector, d.events);
    await flush(d.connector);
  }
  const checkpoints = (opts.checkpoints?.(startMs, endMs) ?? []).sort((a, b) => a.atMs - b.atMs);
  for (let t = startMs, second = 0; t < endMs; t += STEP_SECONDS * 1000, second += STEP_SECONDS) {
    while (checkpoints.length && checkpoints[0]!.atMs <= t) {
      const checkpoint = checkpoints.shift()!;
      for (const code of [...FLUSH_ORDER, ...pending.keys()]) await flush(code);
      await checkpoint.run(checkpoint.atMs);
    }
    receivedAt = new Date(t + STEP_SECONDS * 1000 - 1);
    for (const d of model.tick(t, { second, heartbeats: false })) {
      const events =
        d.via === "shopify-webhook"
          ? (mapShopifyWebhook(d.webhookBody, { topic: d.topic!, webhookEventId: `hist-${opts.state.runId}-${++opts.state.counter}`, channel: shopifyChannel, fallbackLocation: "WH-EAST" }) as TOutEvent[])
          : d.events;
      const list = pending.get(d.connector) ?? [];
      list.push(...events);
      pending.set(d.connector, list);
      // Flush everyone together, order-takers first, so a pick is never applied before its order.
      if (list.length >= 1000) for (const code of FLUSH_ORDER) await flush(code);
    }
  }
  for (const d of model.drain(endMs)) {
    if (d.via) continue;
    pending.set(d.connector, [...(pending.get(d.connector) ?? []), ...d.events]);
  }
  for (const d of model.fullSync(endMs)) pending.set(d.connector, [...(pending.get(d.connector) ?? []), ...d.events]);
  receivedAt = new Date(endMs);
  for (const code of [...FLUSH_ORDER, ...pending.keys()]) await flush(code);
  opts.log.info({ events: total, ms: Math.round(performance.now() - started) }, "demo history generated");
  return total;
}
