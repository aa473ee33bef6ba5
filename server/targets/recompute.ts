import { Prisma } from "@prisma/client";
import type { TTx } from "@/server/db";
import { isAvailabilityWanted } from "@/server/notifications/outbox";
import { computeTargets } from "@/server/policies/compute-targets";
import type { CompiledPolicy } from "@/server/policies/precedence";
import { loadSkuStock, loadWorld, openSnapshotReader, skuIdBounds, type TSkuStockRow, type TTargetWorld } from "./inputs";

/** Serialises target writers (the worker's batches, publish, rollback) across instances. */
export const TARGETS_LOCK_KEY = 741_852_001;
/** SKU ids per page of a whole-catalogue pass. */
export const RANGE = 5_000;
const BATCH = 5_000;

export type TTargetRow = { skuId: number; skuCode: string; channelIndex: number; before: number | null; after: number };

/**
 * Targets for one SKU's row on every channel that has eligible stock for it or already has a
 * channel_position row; `before` is the stored target (null: no row yet).
 */
export function targetsForRow(policy: CompiledPolicy, world: TTargetWorld, row: TSkuStockRow, emit: (t: TTargetRow) => void) {
  const atp = new Map<string, number>();
  for (let i = 0; i < row.locs.length; i++) {
    const code = world.locationCode.get(row.locs[i]!);
    if (code) atp.set(code, row.atps[i]!);
  }
  const targets = computeTargets(policy, world.ctx, { sku: row.code, atp });
  world.channels.forEach((channel, channelIndex) => {
    const at = row.chans.indexOf(channel.id);
    const before = at >= 0 ? row.targets[at]! : null;
    if (before === null && !row.locs.some((l) => channel.eligibleLocationIds.has(l))) return;
    emit({ skuId: row.id, skuCode: row.code, channelIndex, before, after: targets[channelIndex]! });
  });
}

type TColumns = { skuIds: number[]; channelIds: number[]; targets: number[]; befores: (number | null)[] };
const columns = (): TColumns => ({ skuIds: [], channelIds: [], targets: [], befores: [] });

/** Changed targets of a set of rows, split into rows to update and rows to create. */
function changedTargets(policy: CompiledPolicy, world: TTargetWorld, rows: readonly TSkuStockRow[]) {
  const updates = columns();
  const inserts = columns();
  for (const row of rows) {
    targetsForRow(policy, world, row, (t) => {
      if (t.before === t.after) return;
      const into = t.before === null ? inserts : updates;
      into.skuIds.push(t.skuId);
      into.channelIds.push(world.channels[t.channelIndex]!.id);
      into.targets.push(t.after);
      into.befores.push(t.before);
    });
  }
  return { updates, inserts };
}

/**
 * Writes changed targets set-based: one UPDATE over unnest'ed arrays for existing rows (bounded to
 * the SKU id range when it is dense, so PostgreSQL hash-joins one index range instead of probing
 * row by row), one upsert for new rows (ingest may create a row meanwhile). With `keepChanges`
 * (an endpoint wants availability.changed), the same statements also append what they changed to
 * the notification outbox (availability_change), in this transaction.
 */
async function writeTargets(tx: TTx, changed: { updates: TColumns; inserts: TColumns }, range?: { lo: number; hi: number }, keepChanges = false): Promise<number> {
  let written = 0;
  const { updates, inserts } = changed;
  if (updates.skuIds.length > 0) {
    let lo = range?.lo ?? Infinity;
    let hi = range?.hi ?? -Infinity;
    if (!range) for (const id of updates.skuIds) (lo = Math.min(lo, id)), (hi = Math.max(hi, id));
    const isDense = hi - lo < updates.skuIds.length * 4;
    const bound = isDense ? Prisma.sql`p.sku_id between ${lo} and ${hi} and` : Prisma.empty;
    const update = Prisma.sql`
      update channel_position p set target = u.target, target_updated_at = now(), rev = p.rev + 1
      from unnest(${updates.skuIds}::int[], ${updates.channelIds}::int[], ${updates.targets}::int[], ${updates.befores}::int[]) as u(sku_id, channel_id, target, before)
      where ${bound} p.sku_id = u.sku_id and p.channel_id = u.channel_id and p.target is distinct from u.target`;
    written += keepChanges ? await withChanges(tx, Prisma.sql`${update} returning p.sku_id, p.channel_id, u.before, p.target`) : await tx.$executeRaw(update);
  }
  if (inserts.skuIds.length > 0) {
    const upsert = Prisma.sql`
      insert into channel_position (sku_id, channel_id, target, target_updated_at, rev)
      select u.sku_id, u.channel_id, u.target, now(), 1
      from unnest(${inserts.skuIds}::int[], ${inserts.channelIds}::int[], ${inserts.targets}::int[]) as u(sku_id, channel_id, target)
      on conflict (sku_id, channel_id) do update
        set target = excluded.target, target_updated_at = excluded.target_updated_at, rev = channel_position.rev + 1
        where channel_position.target is distinct from excluded.target`;
    written += keepChanges ? await withChanges(tx, Prisma.sql`${upsert} returning sku_id, channel_id, null::int as before, target`) : await tx.$executeRaw(upsert);
  }
  return written;
}

/** Runs a target write that returns (sku_id, channel_id, before, target) and appends those rows to availability_change. */
async function withChanges(tx: TTx, write: Prisma.Sql): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`
    with w as (${write}),
    kept as (insert into availability_change (channel_id, sku_id, previous_target, target) select channel_id, sku_id, before, target from w returning 1)
    select count(*)::bigint as n from w`;
  return Number(row?.n ?? 0);
}

/** Recomputes every channel's target for these SKUs; returns how many targets changed. */
export async function recomputeSkus(tx: TTx, skuIds: readonly number[], policy: CompiledPolicy, world?: TTargetWorld): Promise<number> {
  const w = world ?? (await loadWorld(tx));
  const keepChanges = await isAvailabilityWanted(tx);
  let changed = 0;
  for (let from = 0; from < skuIds.length; from += BATCH) {
    const rows = await loadSkuStock(tx, skuIds.slice(from, from + BATCH));
    changed += await writeTargets(tx, changedTargets(policy, w, rows), undefined, keepChanges);
  }
  return changed;
}

// Lets a query just issued reach the socket before a stretch of synchronous computing.
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Recomputes the whole catalogue (publish, rollback) in SKU id ranges, pipelined: a second
 * connection reads the next range in this transaction's snapshot while this one writes the
 * previous range's targets and this process computes the current one. Only this transaction
 * writes targets meanwhile (it holds TARGETS_LOCK), and ingest's changes after the snapshot
 * leave target_dirty marks the worker recomputes once this commits.
 */
export async function recomputeAll(tx: TTx, policy: CompiledPolicy): Promise<{ skus: number; changed: number }> {
  const bounds = await skuIdBounds(tx);
  if (!bounds) return { skus: 0, changed: 0 };
  const world = await loadWorld(tx);
  const keepChanges = await isAvailabilityWanted(tx);
  const reader = await openSnapshotReader(tx);
  try {
    const rangeAt = (lo: number) => ({ lo, hi: Math.min(bounds.hi, lo + RANGE - 1) });
    let range = rangeAt(bounds.lo);
    let rows = await reader.read(range.lo, range.hi);
    let pendingWrite: Promise<number> = Promise.resolve(0);
    let skus = 0;
    let changed = 0;
    for (;;) {
      const nextRange = range.hi < bounds.hi ? rangeAt(range.hi + 1) : null;
      const nextRows = nextRange ? reader.read(nextRange.lo, nextRange.hi) : Promise.resolve([]);
      // A rejection is awaited below; until then it must not count as unhandled.
      nextRows.catch(() => undefined);
      await yieldToIo();
      const work = changedTargets(policy, world, rows);
      skus += rows.length;
      changed += await pendingWrite;
      rows = await nextRows;
      pendingWrite = writeTargets(tx, work, range, keepChanges);
      pendingWrite.catch(() => undefined);
      if (!nextRange) break;
      range = nextRange;
    }
    changed += await pendingWrite;
    return { skus, changed };
  } finally {
    await reader.close();
  }
}
