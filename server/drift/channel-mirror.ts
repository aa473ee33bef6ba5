import { db, type TTx } from "@/server/db";

// channel_drift is channel_position's rows with an exposure, copied for the drift explorer's
// ranking indexes (migration channel_drift_mirror says why). Writers never touch it: a trigger
// on channel_position appends the SKUs each statement changed to channel_drift_dirty, and the
// drift worker copies those SKUs' rows here, a batch at a time.

/** Any constant: one drift worker (or drain) at a time across instances. */
export const DRIFT_WORKER_LOCK = 727_105;

/** Dirty marks taken per round: up to this many SKUs (about six rows each). */
export const CHANNEL_DRIFT_BATCH = 10_000;

/**
 * Copies the oldest dirty SKUs' channel rows into channel_drift; returns how many marks it took.
 * The marks go first, then the rows are read: a writer's mark commits with its change, so every
 * change whose mark was taken is visible to the read, and a later change leaves a new mark.
 */
export async function refreshChannelDriftBatch(tx: TTx, batch = CHANNEL_DRIFT_BATCH): Promise<number> {
  const taken = await tx.$queryRaw<{ sku_ids: number[] | null; marks: bigint }[]>`
    with taken as (
      delete from channel_drift_dirty where id = any(array(select id from channel_drift_dirty order by id limit ${batch})) returning sku_id
    )
    select array_agg(distinct sku_id order by sku_id) as sku_ids, count(*) as marks from taken`;
  const skuIds = taken[0]?.sku_ids ?? [];
  if (skuIds.length === 0) return 0;
  // One statement: the SKUs' rows with an exposure (read once), copied in (sku, channel) order (the
  // only writer here is this worker, under its lock, and a rename), and the SKUs' rows without one
  // taken out. The two sets are disjoint, so the delete and the upsert never meet on a row.
  await tx.$executeRaw`
    with src as materialized (
      select cp.sku_id, cp.channel_id, s.code, cp.target, cp.exposed, cp.exposed_at
      from channel_position cp join sku s on s.id = cp.sku_id
      where cp.sku_id = any(${skuIds}::int[]) and cp.exposed is not null),
    gone as (
      delete from channel_drift d
      where d.sku_id = any(${skuIds}::int[]) and not exists (select 1 from src where src.sku_id = d.sku_id and src.channel_id = d.channel_id))
    insert into channel_drift (sku_id, channel_id, sku_code, target, exposed, exposed_at)
    select sku_id, channel_id, code, target, exposed, exposed_at from src
    order by sku_id, channel_id
    on conflict (sku_id, channel_id) do update
      set target = excluded.target, exposed = excluded.exposed, exposed_at = excluded.exposed_at, sku_code = excluded.sku_code
      where (channel_drift.target, channel_drift.exposed, channel_drift.exposed_at, channel_drift.sku_code)
        is distinct from (excluded.target, excluded.exposed, excluded.exposed_at, excluded.sku_code)`;
  return Number(taken[0]!.marks);
}

/** SKUs changed but not yet copied (counted over the oldest million marks at most). */
export async function pendingChannelDriftSkus(tx: TTx = db): Promise<number> {
  const rows = await tx.$queryRaw<{ n: bigint }[]>`select count(distinct sku_id) as n from (select sku_id from channel_drift_dirty limit 1000000) d`;
  return Number(rows[0]!.n);
}

/** Copies every pending SKU now, waiting for the drift worker's lock (tests and benchmarks). */
export async function drainChannelDrift(): Promise<number> {
  let total = 0;
  for (;;) {
    const marks = await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`select pg_advisory_xact_lock(${DRIFT_WORKER_LOCK})`;
        return refreshChannelDriftBatch(tx);
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
    total += marks;
    if (marks < CHANNEL_DRIFT_BATCH) return total;
  }
}
