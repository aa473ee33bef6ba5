import { pgPool, type TTx } from "@/server/db";
import type { TChannelInput, TTargetContext } from "@/server/policies/compute-targets";

export type TWorldChannel = TChannelInput & { id: number; eligibleLocationIds: ReadonlySet<number>; freshnessSloSeconds: number; lastExposureAt: Date | null };
/** What every target computation needs besides a SKU's own stock: channels and what is stale. */
export type TTargetWorld = {
  channels: TWorldChannel[];
  ctx: TTargetContext;
  locationCode: ReadonlyMap<number, string>;
  staleChannelIds: number[];
  staleLocationIds: number[];
};

/**
 * Channels with their eligible locations and staleness, read once per batch. A channel's feed is
 * stale when its last channel.quantity.* (by occurredAt) is older than its freshness SLO (never
 * reported: not stale); a location's source is stale while its authoritative connector is silent.
 */
export async function loadWorld(tx: TTx): Promise<TTargetWorld> {
  const [channels, locations] = await Promise.all([
    tx.$queryRaw<{ id: number; code: string; slo: number; locs: number[] | null; last: Date | null; is_stale: boolean }[]>`
      select c.id, c.code, c.freshness_slo_seconds as slo,
             (select array_agg(cl.location_id order by cl.location_id) from channel_location cl where cl.channel_id = c.id) as locs,
             last.at as last,
             coalesce(last.at < now() - make_interval(secs => c.freshness_slo_seconds), false) as is_stale
      from channel c
      left join lateral (select e.occurred_at as at from channel_exposure e where e.channel_id = c.id order by e.occurred_at desc limit 1) last on true
      order by c.id`,
    tx.$queryRaw<{ id: number; code: string; is_stale: boolean }[]>`
      select l.id, l.code,
             coalesce(k.last_seen_at < now() - make_interval(secs => k.heartbeat_seconds), false) as is_stale
      from location l left join connector k on k.id = l.authoritative_connector_id
      order by l.id`,
  ]);
  const locationCode = new Map(locations.map((l) => [l.id, l.code]));
  const world: TWorldChannel[] = channels.map((c) => {
    const ids = c.locs ?? [];
    return {
      id: c.id,
      code: c.code,
      eligibleLocations: ids.map((id) => locationCode.get(id)!).filter(Boolean),
      eligibleLocationIds: new Set(ids),
      isFeedStale: c.is_stale,
      freshnessSloSeconds: c.slo,
      lastExposureAt: c.last,
    };
  });
  const staleLocations = locations.filter((l) => l.is_stale);
  return {
    channels: world,
    ctx: { channels: world, staleLocations: new Set(staleLocations.map((l) => l.code)) },
    locationCode,
    staleChannelIds: world.filter((c) => c.isFeedStale).map((c) => c.id),
    staleLocationIds: staleLocations.map((l) => l.id),
  };
}

export type TSkuStockRow = { id: number; code: string; locs: number[]; atps: number[]; chans: number[]; targets: number[] };

/** A SKU's positions and current targets as arrays, for a few SKUs (the worker's batch). */
export async function loadSkuStock(tx: TTx, skuIds: readonly number[]): Promise<TSkuStockRow[]> {
  if (skuIds.length === 0) return [];
  // One row per SKU with arrays: a single set-based read instead of a row per SKU × location × channel.
  return tx.$queryRaw<TSkuStockRow[]>`
    select s.id, s.code,
           coalesce(inv.locs, '{}') as locs, coalesce(inv.atps, '{}') as atps,
           coalesce(cp.chans, '{}') as chans, coalesce(cp.targets, '{}') as targets
    from sku s
    left join lateral (select array_agg(ip.location_id) as locs, array_agg(ip.on_hand - ip.reserved - ip.allocated) as atps
                       from inventory_position ip where ip.sku_id = s.id) inv on true
    left join lateral (select array_agg(p.channel_id) as chans, array_agg(p.target) as targets
                       from channel_position p where p.sku_id = s.id) cp on true
    where s.id = any(${[...skuIds]}::int[]) order by s.id`;
}

// The same for every SKU whose id is in [lo, hi]: range scans and hash aggregates.
const SKU_STOCK_RANGE_SQL = `
    select s.id, s.code,
           coalesce(inv.locs, '{}') as locs, coalesce(inv.atps, '{}') as atps,
           coalesce(cp.chans, '{}') as chans, coalesce(cp.targets, '{}') as targets
    from sku s
    left join (select sku_id, array_agg(location_id) as locs, array_agg(on_hand - reserved - allocated) as atps
               from inventory_position where sku_id between $1 and $2 group by sku_id) inv on inv.sku_id = s.id
    left join (select sku_id, array_agg(channel_id) as chans, array_agg(target) as targets
               from channel_position where sku_id between $1 and $2 group by sku_id) cp on cp.sku_id = s.id
    where s.id between $1 and $2 order by s.id`;

/** Every SKU whose id is in [lo, hi], for preview and publish. */
export async function loadSkuStockRange(tx: TTx, lo: number, hi: number): Promise<TSkuStockRow[]> {
  return tx.$queryRawUnsafe<TSkuStockRow[]>(SKU_STOCK_RANGE_SQL, lo, hi);
}

export type TRangeReader = { read: (lo: number, hi: number) => Promise<TSkuStockRow[]>; close: () => Promise<void> };

/**
 * A second connection reading ranges in `tx`'s own snapshot (exported, then imported read-only),
 * so one PostgreSQL backend reads the next range while the transaction's writes this one.
 * Its reads see exactly what `tx` saw when it opened the reader, never `tx`'s later writes: the
 * caller must only read ranges it has not written yet.
 */
export async function openSnapshotReader(tx: TTx): Promise<TRangeReader> {
  const [row] = await tx.$queryRaw<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`;
  const snapshot = row!.snapshot;
  if (!/^[0-9A-F-]+$/i.test(snapshot)) throw new Error(`unexpected snapshot id ${snapshot}`);
  const client = await pgPool().connect();
  try {
    await client.query("begin isolation level repeatable read read only");
    await client.query(`set transaction snapshot '${snapshot}'`);
  } catch (err) {
    client.release(true);
    throw err;
  }
  return {
    read: async (lo, hi) => (await client.query<TSkuStockRow>(SKU_STOCK_RANGE_SQL, [lo, hi])).rows,
    close: async () => {
      try {
        await client.query("commit");
        client.release();
      } catch {
        client.release(true);
      }
    },
  };
}

export async function skuIdBounds(tx: TTx): Promise<{ lo: number; hi: number } | null> {
  const [row] = await tx.$queryRaw<{ lo: number | null; hi: number | null }[]>`select min(id) as lo, max(id) as hi from sku`;
  return row?.lo == null || row.hi == null ? null : { lo: row.lo, hi: row.hi };
}
