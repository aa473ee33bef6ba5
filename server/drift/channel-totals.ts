import { Prisma } from "@prisma/client";
import { db, type TTx } from "@/server/db";
import type { TChannelTotal } from "./channel-drift";
import type { TDriftFilters } from "./drift.types";

// Totals per channel kept by triggers (migration channel_drift_totals): the compacted row plus
// the deltas not folded in yet. Filters that only choose channels (channel, location) or a sign
// can be answered from them; filters that choose SKUs or rows cannot.

export function canUseStoredTotals(f: TDriftFilters): boolean {
  return !f.sku && !f.q && !f.category && !f.minDrift;
}

type TRow = { channel: string; drifting: bigint; oversell_rows: bigint; oversell_units: bigint; lost_rows: bigint; lost_units: bigint };

export function storedTotalsSql(f: TDriftFilters): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`true`];
  if (f.channel) where.push(Prisma.sql`ch.code = ${f.channel}`);
  if (f.location) where.push(Prisma.sql`ch.id in (select cl.channel_id from channel_location cl join location l on l.id = cl.location_id where l.code = ${f.location})`);
  return Prisma.sql`
    select ch.code as channel, sum(x.drifting_rows)::int8 as drifting, sum(x.oversell_rows)::int8 as oversell_rows, sum(x.oversell_units)::int8 as oversell_units,
      sum(x.lost_rows)::int8 as lost_rows, sum(x.lost_units)::int8 as lost_units
    from (
      select channel_id, drifting_rows, oversell_rows, oversell_units, lost_rows, lost_units from channel_drift_totals
      union all
      select channel_id, drifting_rows, oversell_rows, oversell_units, lost_rows, lost_units from channel_drift_totals_delta
    ) x join channel ch on ch.id = x.channel_id
    where ${Prisma.join(where, " and ")}
    group by ch.code
    order by ch.code`;
}

export async function storedChannelTotals(f: TDriftFilters, tx: TTx = db): Promise<TChannelTotal[]> {
  const rows = await tx.$queryRaw<TRow[]>(storedTotalsSql(f));
  return rows
    .map((r) => {
      const t = { channel: r.channel, oversellRows: Number(r.oversell_rows), oversellUnits: Number(r.oversell_units), lostRows: Number(r.lost_rows), lostUnits: Number(r.lost_units) };
      if (f.sign === "positive") return { ...t, driftingRows: t.oversellRows, lostRows: 0, lostUnits: 0 };
      if (f.sign === "negative") return { ...t, driftingRows: t.lostRows, oversellRows: 0, oversellUnits: 0 };
      return { ...t, driftingRows: Number(r.drifting) };
    })
    .filter((t) => t.driftingRows > 0);
}

/** Folds the committed deltas into the totals (the drift worker, under its advisory lock). */
export async function compactChannelTotals(tx: TTx = db): Promise<number> {
  const rows = await tx.$queryRaw<{ n: bigint }[]>`
    with moved as (
      delete from channel_drift_totals_delta returning *
    ), sums as (
      select channel_id, sum(drifting_rows) as d, sum(oversell_rows) as o, sum(oversell_units) as ou, sum(lost_rows) as l, sum(lost_units) as lu
      from moved group by channel_id
    ), folded as (
      insert into channel_drift_totals (channel_id, drifting_rows, oversell_rows, oversell_units, lost_rows, lost_units)
      select channel_id, d, o, ou, l, lu from sums order by channel_id
      on conflict (channel_id) do update set
        drifting_rows = channel_drift_totals.drifting_rows + excluded.drifting_rows,
        oversell_rows = channel_drift_totals.oversell_rows + excluded.oversell_rows,
        oversell_units = channel_drift_totals.oversell_units + excluded.oversell_units,
        lost_rows = channel_drift_totals.lost_rows + excluded.lost_rows,
        lost_units = channel_drift_totals.lost_units + excluded.lost_units
    )
    select count(*) as n from moved`;
  return Number(rows[0]!.n);
}
