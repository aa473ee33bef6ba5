// The run's SQL: one INSERT … SELECT per SKU range and kind, classified and aged in the statement,
// answering only its per-place counts (never the rows) so the run's totals add up without a rescan.
// Set-based because a run covers every SKU × location and SKU × channel: 2.4 M lines at 200,000 SKUs.

/** What a range's statement needs; ids are resolved once per run. */
export type TChunk = {
  runId: number;
  previousRunId: number | null;
  /** SKU ids [lo, hi) */
  lo: number;
  hi: number;
  skuIds: number[] | null;
  locationIds: number[] | null;
  channelIds: number[] | null;
  toleranceUnits: number;
  /** as text, so the comparison is exact decimal arithmetic */
  tolerancePercent: string;
};

export type TCountRow = { kind: number; place_id: number; status: number; n: number; units: string; new: number; persistent: number };

/** spread ≤ max(units, percent % of |base|), in exact arithmetic: spread × 100 ≤ max(units × 100, percent × |base|). */
const STATUS = (spread: string, base: string) =>
  `case when ${spread} = 0 then 2 when ${spread}::numeric * 100 <= greatest($6::numeric * 100, $7::numeric * abs(${base})) then 1 else 0 end`;

/** A line in variance continues the previous run's streak, if that run had it in variance too. */
const AGED = `case when x.status = 0 then coalesce(p.runs, 0) + 1 else 0 end, case when x.status = 0 then coalesce(p.since_run_id, $1) end`;
const PREVIOUS = (kind: number, place: string) =>
  `left join reconciliation_line p on p.run_id = $2 and p.status = 0 and p.kind = ${kind} and p.sku_id = x.sku_id and p.place_id = x.${place}`;
const COUNTS = `select kind::int, place_id, status::int, count(*)::int as n, sum(spread)::text as units,
  count(*) filter (where runs = 1)::int as new, count(*) filter (where runs >= 2)::int as persistent from ins group by 1, 2, 3`;

/**
 * Location lines: per SKU × location that some connector reported physical stock at, every such
 * connector's on hand against the canonical book; the connector whose book changed last moved last.
 */
export function locationLinesSql(c: TChunk): [string, unknown[]] {
  const sql = `
    with ins as (
      insert into reconciliation_line (run_id, sku_id, kind, place_id, status, spread, book, systems, runs, since_run_id, moved_by, moved_at)
      select $1, x.sku_id, 0, x.location_id, x.status, x.spread, x.book, x.systems, ${AGED}, x.moved_by, x.moved_at
      from (
        select g.*, ${STATUS("g.spread", "g.book")} as status
        from (
          select r.sku_id, r.location_id, coalesce(ip.on_hand, 0) as book, r.systems, r.moved_by, r.moved_at,
                 greatest(r.hi, coalesce(ip.on_hand, 0)) - least(r.lo, coalesce(ip.on_hand, 0)) as spread
          from (
            select rp.sku_id, rp.location_id, jsonb_object_agg(c.code, rp.on_hand) as systems, max(rp.on_hand) as hi, min(rp.on_hand) as lo,
                   (array_agg(c.code order by rp.updated_at desc, c.code))[1] as moved_by, max(rp.updated_at) as moved_at
            from reported_position rp join connector c on c.id = rp.connector_id
            where rp.sku_id >= $3 and rp.sku_id < $4
              and ($5::int[] is null or rp.sku_id = any($5::int[]))
              and ($8::int[] is null or rp.location_id = any($8::int[]))
            group by rp.sku_id, rp.location_id
          ) r
          left join inventory_position ip on ip.sku_id = r.sku_id and ip.location_id = r.location_id and ip.sku_id >= $3 and ip.sku_id < $4
        ) g
      ) x
      ${PREVIOUS(0, "location_id")}
      returning kind, place_id, status, spread, runs
    )
    ${COUNTS}`;
  return [sql, [c.runId, c.previousRunId, c.lo, c.hi, c.skuIds, c.toleranceUnits, c.tolerancePercent, c.locationIds]];
}

/** Channel lines: per SKU × channel with an exposure, the target against what the channel exposes. */
export function channelLinesSql(c: TChunk): [string, unknown[]] {
  const sql = `
    with ins as (
      insert into reconciliation_line (run_id, sku_id, kind, place_id, status, spread, target, exposed, runs, since_run_id, moved_by, moved_at)
      select $1, x.sku_id, 1, x.channel_id, x.status, x.spread, x.target, x.exposed, ${AGED},
             case when x.exposed_at >= x.target_updated_at then 'exposure' else 'target' end, greatest(x.exposed_at, x.target_updated_at)
      from (
        select cp.sku_id, cp.channel_id, cp.target, cp.exposed, cp.exposed_at, cp.target_updated_at, abs(cp.exposed - cp.target) as spread,
               ${STATUS("abs(cp.exposed - cp.target)", "cp.target")} as status
        from channel_position cp
        where cp.exposed is not null and cp.sku_id >= $3 and cp.sku_id < $4
          and ($5::int[] is null or cp.sku_id = any($5::int[]))
          and ($8::int[] is null or cp.channel_id = any($8::int[]))
      ) x
      ${PREVIOUS(1, "channel_id")}
      returning kind, place_id, status, spread, runs
    )
    ${COUNTS}`;
  return [sql, [c.runId, c.previousRunId, c.lo, c.hi, c.skuIds, c.toleranceUnits, c.tolerancePercent, c.channelIds]];
}
