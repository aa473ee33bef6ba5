// One order's life (/orders/{channel}/{orderRef}): the order, its lines, its steps with the lag
// between them, every event that names it across the ERP, the WMS and the channel (the trace, with
// each channel's next publish of its SKUs), and the exceptions it raised.
import { db, type TTx } from "@/server/db";
import { traceEvents, type TTrace } from "@/server/events/timeline";
import { GROUP_SELECT, toGroup, type TExceptionGroup, type TGroupRow } from "@/server/exceptions/queries";
import { AppError } from "@/server/lib/errors";
import { findOrder } from "./list";
import type { TOrderItem } from "./orders.types";

export type TOrderStep = { step: "created" | "reserved" | "picked" | "shipped" | "cancelled"; at: string; sinceCreatedSeconds: number; sincePreviousSeconds: number | null };
export type TOrderLine = { sku: string; location: string | null; quantity: number };
export type TOrderLife = { order: TOrderItem; steps: TOrderStep[]; lines: TOrderLine[]; trace: TTrace; exceptions: TExceptionGroup[] };

/** created → reserved → picked → shipped (or cancelled), in time order, each with its lag from the one before. */
export function stepsOf(o: TOrderItem): TOrderStep[] {
  const raw: [TOrderStep["step"], string | undefined][] = [
    ["created", o.createdAt],
    ["reserved", o.reservedAt],
    ["picked", o.pickedAt],
    ["shipped", o.shippedAt],
    ["cancelled", o.cancelledAt],
  ];
  const start = Date.parse(o.createdAt);
  const present = raw.filter((r): r is [TOrderStep["step"], string] => !!r[1]).sort((a, b) => Date.parse(a[1]) - Date.parse(b[1]));
  return present.map(([step, at], i) => ({
    step,
    at,
    sinceCreatedSeconds: Math.round((Date.parse(at) - start) / 1000),
    sincePreviousSeconds: i === 0 ? null : Math.round((Date.parse(at) - Date.parse(present[i - 1]![1])) / 1000),
  }));
}

export async function orderLife(channel: string, orderRef: string, tx: TTx = db): Promise<TOrderLife> {
  const order = await findOrder(channel, orderRef, tx);
  if (!order) throw new AppError("not_found", `No order ${orderRef} on channel ${channel}.`);
  const [lines, trace, groups] = await Promise.all([
    tx.$queryRaw<TOrderLine[]>`
      select s.code as sku, l.code as location, sum(e.quantity)::int as quantity
      from event e join sku s on s.id = e.sku_id left join location l on l.id = e.location_id
      where e.order_ref = ${orderRef} and e.channel_id = ${order.channelId} and e.type = 'order.created' and e.status = 'accepted'
      group by s.code, l.code order by s.code, l.code`,
    traceEvents({ ref: orderRef, channel }, tx),
    tx.$queryRaw<TGroupRow[]>`${GROUP_SELECT} where g.order_ref = ${orderRef} and g.channel_id = ${order.channelId} order by g.id desc limit 20`,
  ]);
  const { channelId: _, ...item } = order;
  return { order: item, steps: stepsOf(item), lines, trace, exceptions: groups.map((g) => toGroup(g)) };
}
