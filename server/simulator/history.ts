import { db } from "@/server/db";
import { ingestX12 } from "@/server/edi/post-x12";
import { ingestBatch, touchConnector, type TIngestConnector } from "@/server/ingest/ingest-batch";
import type { TLogger } from "@/server/lib/logger";
import { mapShopifyWebhook } from "@/server/shopify/map-webhook";
import { drainTargetDirty } from "@/server/targets/worker";
import { DemoModel, type TOutEvent, type TSimSku, type TSimState } from "./model";

const STEP_SECONDS = 60;
const FLUSH_ORDER = ["shopify", "amazon", "edi", "erp", "crm", "wms"];
/** How long before each checkpoint the channels re-sync in full from Sightline's targets. */
const NIGHTLY_SYNC_BEFORE_MS = 3_600_000;

/** Every target, per channel code and SKU code, once the target queue is drained. */
async function currentTargets(): Promise<Map<string, Map<string, number>>> {
  while ((await drainTargetDirty()).marks > 0);
  const rows = await db.$queryRaw<{ channel: string; sku: string; target: number }[]>`
    select c.code as channel, s.code as sku, cp.target from channel_position cp
    join channel c on c.id = cp.channel_id join sku s on s.id = cp.sku_id`;
  const byChannel = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const map = byChannel.get(r.channel) ?? new Map<string, number>();
    map.set(r.sku, r.target);
    byChannel.set(r.channel, map);
  }
  return byChannel;
}

/**
 * A week of history for a fresh demo: the same model as the live simulator, stepped through the
 * past seven days and ingested directly (the HTTP path would take minutes for what this does in seconds).
 */
/** Something to do at a point of the history once everything before it is ingested (e.g. a nightly reconciliation). */
export type THistoryCheckpoint = { atMs: number; run: (atMs: number) => Promise<void> };

export async function generateHistory(opts: {
  skus: TSimSku[];
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
    // as the HTTP path does: a connector that sent events was seen then (its status and counts agree)
    await touchConnector(connector.id, receivedAt, true);
  };
  for (const d of model.openingBalances(startMs - 60_000)) {
    pending.set(d.connector, d.events);
    await flush(d.connector);
  }
  const x12: string[] = [];
  const later = (deliveries: ReturnType<typeof model.drain>) => {
    for (const d of deliveries) {
      if (d.via === "x12") x12.push(d.x12 ?? "");
      else if (!d.via) pending.set(d.connector, [...(pending.get(d.connector) ?? []), ...d.events]);
    }
  };
  const flushAll = async () => {
    for (const code of [...FLUSH_ORDER, ...pending.keys()]) await flush(code);
    const edi = connectors.get("edi");
    for (const body of x12.splice(0)) if (edi) total += (await ingestX12(edi, body, { log: opts.log, receivedAt })).received;
  };
  const checkpoints = (opts.checkpoints?.(startMs, endMs) ?? []).sort((a, b) => a.atMs - b.atMs);
  // Each night before a checkpoint (a reconciliation at 02:00) the channels re-sync in full from
  // Sightline's targets an hour earlier, as channels' nightly full inventory feeds do; in between
  // their feeds publish the model's estimates, which ignore the policies, so the night's run finds
  // the hour's changes (and the channels that lag) rather than every line off target.
  const syncs = checkpoints.map((c) => c.atMs - NIGHTLY_SYNC_BEFORE_MS).filter((at) => at > startMs);
  for (let t = startMs, second = 0; t < endMs; t += STEP_SECONDS * 1000, second += STEP_SECONDS) {
    while (syncs.length && syncs[0]! <= t) {
      syncs.shift();
      await flushAll();
      const targets = await currentTargets();
      later(model.fullSync(t, (channel) => targets.get(channel)));
      await flushAll();
    }
    while (checkpoints.length && checkpoints[0]!.atMs <= t) {
      const checkpoint = checkpoints.shift()!;
      for (const code of [...FLUSH_ORDER, ...pending.keys()]) await flush(code);
      await checkpoint.run(checkpoint.atMs);
    }
    receivedAt = new Date(t + STEP_SECONDS * 1000 - 1);
    for (const d of model.tick(t, { second, heartbeats: false })) {
      // X12 goes through the same mapping as POST /api/v1/edi/x12; after what the other connectors have pending, as it would over HTTP
      if (d.via === "x12") {
        for (const code of FLUSH_ORDER) await flush(code);
        const connector = connectors.get(d.connector);
        if (connector) total += (await ingestX12(connector, d.x12 ?? "", { log: opts.log, receivedAt })).received;
        continue;
      }
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
  later(model.drain(endMs));
  // a fresh demo starts with a few orders stuck in pending allocation and a few late to ship
  later(model.leftOpen(endMs));
  receivedAt = new Date(endMs);
  await flushAll();
  // The week ends with every channel re-syncing in full from Sightline's own targets, as the live
  // simulator's channels do: the history's feeds published the model's estimates (no policies), and
  // a channel left exposing those would be a thousand oversell risks the moment the demo starts.
  const targets = await currentTargets();
  later(model.fullSync(endMs, (channel) => targets.get(channel)));
  await flushAll();
  opts.log.info({ events: total, ms: Math.round(performance.now() - started) }, "demo history generated");
  return total;
}
