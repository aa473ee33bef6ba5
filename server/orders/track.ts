// Order life, kept by the projection in the ingest transaction, set-based: three statements per
// batch whatever its size. Steps any connector reports (reservations, picks, shipments, with or
// without the channel) collect per orderRef in order_progress; the order itself (channel ×
// orderRef, from order.created / order.cancelled) copies them and derives its state. Sums and
// min/max are indifferent to arrival order, so late and out-of-order events land in the right
// state, and a shipment seen before its order is there when the order arrives.
import type pg from "pg";
import type { TProjectable } from "@/server/inventory/projection";
import { orderStateSql } from "./state";

const ORDER_EVENT_TYPES = new Set(["order.created", "order.cancelled", "reservation.created", "reservation.released", "pick.confirmed", "shipment.posted"]);

const STATE = orderStateSql({
  units: "o.units",
  cancelled: "o.cancelled_units",
  reserved: "p.reserved_units",
  released: "p.released_units",
  picked: "p.picked_units",
  shipped: "p.shipped_units",
});

/** When an order stopped waiting for allocation: the earliest step that covers it (DESIGN: reserved, picked or cancelled). */
const ALLOCATED_AT = `least(case when greatest(p.reserved_units - p.released_units, p.picked_units, p.shipped_units) >= o.units - o.cancelled_units then p.reserved_at end,
                            case when greatest(p.picked_units, p.shipped_units) >= o.units - o.cancelled_units then coalesce(p.picked_at, p.shipped_at) end,
                            case when p.shipped_units >= o.units - o.cancelled_units then p.shipped_at end,
                            case when o.cancelled_units > 0 then o.cancelled_at end)`;

export async function trackOrders(client: pg.ClientBase, events: TProjectable[]) {
  const facts = events.filter((e) => e.orderRef && ORDER_EVENT_TYPES.has(e.type));
  if (facts.length === 0) return;
  const json = JSON.stringify(
    facts.map((e) => ({ t: e.type, ch: e.channelId, ref: e.orderRef, q: e.quantity ?? 0, at: e.occurredAt, psb: e.detail?.promisedShipBy ?? null, why: e.detail?.reason ?? null })),
  );
  const f = `(select * from json_to_recordset($1::json) as f(t text, ch int, ref text, q int, at timestamptz, psb timestamptz, why text)) f`;
  // 1. Every order this batch names locks its progress row first (in orderRef order): two batches
  //    touching one order serialise here, so neither misses the other's half of the join below.
  await client.query(
    `insert into order_progress (order_ref, reserved_units, released_units, picked_units, shipped_units, reserved_at, picked_at, shipped_at)
     select f.ref,
            coalesce(sum(f.q) filter (where f.t = 'reservation.created'), 0), coalesce(sum(f.q) filter (where f.t = 'reservation.released'), 0),
            coalesce(sum(f.q) filter (where f.t = 'pick.confirmed'), 0), coalesce(sum(f.q) filter (where f.t = 'shipment.posted'), 0),
            min(f.at) filter (where f.t = 'reservation.created'), min(f.at) filter (where f.t = 'pick.confirmed'), min(f.at) filter (where f.t = 'shipment.posted')
     from ${f} group by f.ref order by f.ref
     on conflict (order_ref) do update set
       reserved_units = order_progress.reserved_units + excluded.reserved_units, released_units = order_progress.released_units + excluded.released_units,
       picked_units = order_progress.picked_units + excluded.picked_units, shipped_units = order_progress.shipped_units + excluded.shipped_units,
       reserved_at = least(order_progress.reserved_at, excluded.reserved_at), picked_at = least(order_progress.picked_at, excluded.picked_at),
       shipped_at = least(order_progress.shipped_at, excluded.shipped_at)
     -- an order.created alone changes no step: its row is locked, not rewritten
     where excluded.reserved_units + excluded.released_units + excluded.picked_units + excluded.shipped_units > 0`,
    [json],
  );
  const refs = [...new Set(facts.map((e) => e.orderRef!))];
  // 2. The orders themselves (channel × orderRef), from order.created and order.cancelled.
  await client.query(
    `insert into sales_order (channel_id, order_ref, units, cancelled_units, created_at, promised_ship_by, cancelled_at, cancel_reason, updated_at, state)
     select f.ch, f.ref, coalesce(sum(f.q) filter (where f.t = 'order.created'), 0), coalesce(sum(f.q) filter (where f.t = 'order.cancelled'), 0),
            min(f.at) filter (where f.t = 'order.created'), min(f.psb) filter (where f.t = 'order.created'), max(f.at) filter (where f.t = 'order.cancelled'),
            (array_agg(f.why order by f.at desc) filter (where f.t = 'order.cancelled'))[1], now(),
            -- a new order with nothing else known is open (step 3 then has nothing to rewrite)
            ${orderStateSql({ units: "coalesce(sum(f.q) filter (where f.t = 'order.created'), 0)", cancelled: "coalesce(sum(f.q) filter (where f.t = 'order.cancelled'), 0)", reserved: "0", released: "0", picked: "0", shipped: "0" })}
     from ${f} where f.ch is not null and f.t in ('order.created', 'order.cancelled') group by f.ref, f.ch order by f.ref, f.ch
     on conflict (channel_id, order_ref) do update set
       units = sales_order.units + excluded.units, cancelled_units = sales_order.cancelled_units + excluded.cancelled_units,
       created_at = least(sales_order.created_at, excluded.created_at), promised_ship_by = least(sales_order.promised_ship_by, excluded.promised_ship_by),
       cancel_reason = case when excluded.cancelled_at >= coalesce(sales_order.cancelled_at, '-infinity'::timestamptz) then excluded.cancel_reason else sales_order.cancel_reason end,
       cancelled_at = greatest(sales_order.cancelled_at, excluded.cancelled_at)`,
    [json],
  );
  // 3. Each order of those refs takes its steps and derives its state; rows it would not change are not rewritten.
  await client.query(
    `update sales_order o set
       reserved_units = p.reserved_units, released_units = p.released_units, picked_units = p.picked_units, shipped_units = p.shipped_units,
       reserved_at = p.reserved_at, picked_at = p.picked_at, shipped_at = p.shipped_at,
       state = ${STATE},
       allocated_at = case when ${STATE} in ('pending', 'open') then null else ${ALLOCATED_AT} end,
       updated_at = now()
     from order_progress p
     where p.order_ref = any($1::text[]) and o.order_ref = p.order_ref
       and (o.reserved_units, o.released_units, o.picked_units, o.shipped_units, o.reserved_at, o.picked_at, o.shipped_at, o.state, o.allocated_at)
           is distinct from (p.reserved_units, p.released_units, p.picked_units, p.shipped_units, p.reserved_at, p.picked_at, p.shipped_at, ${STATE},
                             case when ${STATE} in ('pending', 'open') then null else ${ALLOCATED_AT} end)`,
    [refs],
  );
}
