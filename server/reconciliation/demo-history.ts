// The demo's week of nightly reconciliation runs: real runs, taken at 02:00 UTC of each simulated
// night while the history is generated, so each one reads the books exactly as they stood then.
// The story told on top of the simulator's own faults: on the second day a WMS cycle count at
// WH-EAST writes 6 units off that the ERP never books; three nightly runs report it, persisting,
// until on the fifth day someone books the count in the ERP and the next run finds a match.
import { db } from "@/server/db";
import { demoSkus } from "@/server/demo/catalogue";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import type { TLogger } from "@/server/lib/logger";
import { currentPolicy } from "@/server/policies/current";
import type { THistoryCheckpoint } from "@/server/simulator/history";
import { loadWorld } from "@/server/targets/inputs";
import { recomputeSkus } from "@/server/targets/recompute";
import { executeRun } from "./run";
import { startRun } from "./start";

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const STORY_LOCATION = "WH-EAST";
export const STORY_UNITS = 6;

/** A SKU the simulator does not snapshot (its hot SKUs are every 7th), so only people fix its books. */
export function storySku(): string {
  return demoSkus()[12]!.code;
}

/**
 * Targets as they stood at that moment of the history. The target worker judges staleness against
 * the real clock, which would call every feed of a week ago stale; in the history they were live.
 */
async function settleTargetsAsOfThen() {
  await db.$transaction(
    async (tx) => {
      const marks = await tx.$queryRaw<{ sku_id: number }[]>`delete from target_dirty returning sku_id`;
      const skuIds = [...new Set(marks.map((m) => m.sku_id))].sort((a, b) => a - b);
      if (!skuIds.length) return;
      const world = await loadWorld(tx);
      const channels = world.channels.map((c) => ({ ...c, isFeedStale: false }));
      const live = { ...world, channels, ctx: { channels, staleLocations: new Set<string>() }, staleChannelIds: [], staleLocationIds: [] };
      await recomputeSkus(tx, skuIds, (await currentPolicy(tx)).policy, live);
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

async function nightlyRun(atMs: number, log: TLogger) {
  await settleTargetsAsOfThen();
  const started = performance.now();
  const { id } = await startRun({}, { trigger: "schedule", by: null });
  const outcome = await executeRun(id, { log });
  const took = Math.max(1, Math.round(performance.now() - started));
  // it ran now, over the books as they stood at 02:00 that night: it is dated then. When each
  // system's book last moved is known only in today's clock, so the lines do not say.
  await db.$executeRaw`update reconciliation_run set started_at = ${new Date(atMs)}, snapshot_at = ${new Date(atMs)}, finished_at = ${new Date(atMs + took)} where id = ${id}`;
  await db.$executeRaw`update reconciliation_line set moved_at = null where run_id = ${id}`;
  log.debug({ runId: id, status: outcome.status, lines: outcome.lines }, "demo reconciliation run");
}

async function adjust(connectorCode: "wms" | "erp", atMs: number, eventId: string, reason: string) {
  const connector = await db.connector.findUniqueOrThrow({ where: { code: connectorCode }, select: { id: true, code: true, channelId: true } });
  const occurredAt = new Date(atMs).toISOString();
  await ingestBatch(connector, [{ eventId, type: "stock.adjusted", sku: storySku(), location: STORY_LOCATION, delta: -STORY_UNITS, reason, occurredAt }], new Date(atMs + 2_000));
}

/** The checkpoints the history generator runs: nightly runs at 02:00 UTC and the story's two adjustments. */
export function reconciliationCheckpoints(log: TLogger) {
  return (startMs: number, endMs: number): THistoryCheckpoint[] => {
    const nights: number[] = [];
    for (let t = Math.ceil(startMs / DAY) * DAY + 2 * HOUR; t < endMs; t += DAY) if (t > startMs) nights.push(t);
    const out: THistoryCheckpoint[] = nights.map((atMs) => ({ atMs, run: (at) => nightlyRun(at, log) }));
    // the count the ERP missed, the afternoon after the second night; booked the morning after the fifth
    if (nights.length >= 5) {
      out.push({ atMs: nights[1]! + 13 * HOUR + 20 * 60_000, run: (at) => adjust("wms", at, "demo-recon-cycle-count", `cycle count: ${STORY_UNITS} damaged, written off`) });
      out.push({ atMs: nights[4]! + 8 * HOUR + 5 * 60_000, run: (at) => adjust("erp", at, "demo-recon-erp-fix", "cycle count booked after reconciliation flagged it") });
    }
    return out;
  };
}
