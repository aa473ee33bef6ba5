// The order lines (orderRef × SKU × location) a batch's order events touch: read in one query,
// changed in memory by demandStep, written back as increments in one statement.
import type pg from "pg";
import { emptyDemandLine, isOrderLineType, type TDemandLine } from "./demand";
import type { TProjectable } from "./projection";

const FIELDS = ["ordered", "reserved", "cancelled", "released", "picked"] as const;

export type TDemandLines = { line: (orderRef: string, skuId: number, locationId: number) => TDemandLine; write: () => Promise<void> };

export async function loadDemandLines(client: pg.ClientBase, events: TProjectable[]): Promise<TDemandLines> {
  const keys = new Map<string, [string, number, number]>();
  for (const e of events) {
    if (e.orderRef && e.skuId !== null && e.locationId !== null && isOrderLineType(e.type)) keys.set(`${e.orderRef}|${e.skuId}|${e.locationId}`, [e.orderRef, e.skuId, e.locationId]);
  }
  const before = new Map<string, TDemandLine>();
  const now = new Map<string, TDemandLine>();
  if (keys.size > 0) {
    const list = [...keys.values()];
    const { rows } = await client.query<{ rows: [string, number, number, number, number, number, number, number][] }>(
      `select coalesce(json_agg(json_build_array(d.order_ref, d.sku_id, d.location_id, d.ordered, d.reserved, d.cancelled, d.released, d.picked)), '[]') as rows
       from order_demand d join unnest($1::text[], $2::int[], $3::int[]) as k(order_ref, sku_id, location_id)
         on d.order_ref = k.order_ref and d.sku_id = k.sku_id and d.location_id = k.location_id`,
      [list.map((k) => k[0]), list.map((k) => k[1]), list.map((k) => k[2])],
    );
    for (const [ref, sku, loc, ordered, reserved, cancelled, released, picked] of rows[0]!.rows) {
      before.set(`${ref}|${sku}|${loc}`, { ordered, reserved, cancelled, released, picked });
    }
  }
  return {
    line(orderRef, skuId, locationId) {
      const k = `${orderRef}|${skuId}|${locationId}`;
      let line = now.get(k);
      if (!line) now.set(k, (line = { ...(before.get(k) ?? emptyDemandLine()) }));
      return line;
    },
    async write() {
      const rows: (string | number)[][] = [];
      for (const [k, line] of [...now.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        const was = before.get(k) ?? emptyDemandLine();
        const inc = FIELDS.map((f) => line[f] - was[f]);
        if (inc.every((x) => x === 0)) continue;
        const [ref, sku, loc] = keys.get(k)!;
        rows.push([ref, sku, loc, ...inc]);
      }
      if (rows.length === 0) return;
      // Increments, not values: a concurrent batch on the same line (a non-authoritative pick) adds instead of overwriting.
      await client.query(
        `insert into order_demand (order_ref, sku_id, location_id, ordered, reserved, cancelled, released, picked)
         select r->>0, (r->>1)::int, (r->>2)::int, (r->>3)::int, (r->>4)::int, (r->>5)::int, (r->>6)::int, (r->>7)::int from json_array_elements($1::json) as r
         on conflict (order_ref, sku_id, location_id) do update set ordered = order_demand.ordered + excluded.ordered, reserved = order_demand.reserved + excluded.reserved,
           cancelled = order_demand.cancelled + excluded.cancelled, released = order_demand.released + excluded.released, picked = order_demand.picked + excluded.picked`,
        [JSON.stringify(rows)],
      );
    },
  };
}
