// Inventory accuracy is a state, not an event: the worker samples channel_position into the current
// hour's row (overwriting the hour's earlier sample) within seconds of a change, so a range's
// accuracy is the share of accurate SKU × channel rows over the hours it covers.
import type { TTx } from "@/server/db";
import { loadKpiConfig } from "./config";

/** Writes the accuracy sample of `at`'s hour for every channel with an exposure; returns the channels sampled. */
export async function sampleAccuracy(tx: TTx, at = new Date()): Promise<number> {
  const { accuracyToleranceUnits: tolerance } = await loadKpiConfig(tx);
  return tx.$executeRaw`
    insert into kpi_hourly (hour, channel_id, accuracy_rows, accuracy_within, drift_units)
    select date_trunc('hour', ${at}::timestamptz, 'UTC'), cp.channel_id, count(*), count(*) filter (where abs(cp.exposed - cp.target) <= ${tolerance}),
           coalesce(sum(abs(cp.exposed - cp.target)), 0)
    from channel_position cp where cp.exposed is not null
    group by cp.channel_id order by cp.channel_id
    on conflict (hour, channel_id) do update
      set accuracy_rows = excluded.accuracy_rows, accuracy_within = excluded.accuracy_within, drift_units = excluded.drift_units`;
}

/**
 * Moves whenever a statement writes channel_position (a target or an exposure): its trigger appends
 * drift marks, whose sequence this reads. A cheap "changed since the last sample?".
 */
export async function channelPositionsVersion(tx: TTx): Promise<string> {
  const [row] = await tx.$queryRaw<{ v: string }[]>`select last_value::text || ':' || is_called::text as v from channel_drift_dirty_id_seq`;
  return row?.v ?? "";
}
