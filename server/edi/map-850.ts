// 850 Purchase Order (from the partner): each PO1 line becomes an order.created with orderRef =
// BEG03, quantity PO102, the connector's channel and defaultLocation, at the group's date and time.
// A requested ship date (DTM*038 ship no later than, else DTM*010 requested ship) is its promisedShipBy.
import { el, eventIdOf, itemOf, noChannel, noDefaultLocation, quantityOf, x12Instant, type TMapped, type TX12Context, type TX12Source } from "./common";

export function map850(src: TX12Source, ctx: TX12Context): TMapped {
  const { transaction: tx, group } = src;
  const beg = tx.segments.find((s) => s.tag === "BEG");
  const orderRef = el(beg, 3);
  const firstLine = tx.segments.findIndex((s) => s.tag === "PO1");
  const header = firstLine < 0 ? tx.segments : tx.segments.slice(0, firstLine);
  const shipBy = header.find((s) => s.tag === "DTM" && el(s, 1) === "038") ?? header.find((s) => s.tag === "DTM" && el(s, 1) === "010");
  const occurredAt = x12Instant(group.date, group.time);
  const events = tx.segments
    .filter((s) => s.tag === "PO1")
    .map((po1, i) => {
      const quantity = quantityOf(el(po1, 2));
      return {
        eventId: eventIdOf(src, i + 1),
        type: "order.created",
        ...(itemOf(po1, 6) ?? {}),
        ...(ctx.channel ? { channel: ctx.channel } : {}),
        ...(ctx.defaultLocation ? { location: ctx.defaultLocation } : {}),
        ...(quantity !== undefined ? { quantity } : {}),
        ...(orderRef ? { orderRef, correlationId: orderRef } : {}),
        ...(shipBy ? { promisedShipBy: x12Instant(el(shipBy, 2), el(shipBy, 3), { endOfDay: true }) } : {}),
        occurredAt,
      };
    });
  const problems = [...(ctx.channel ? [] : [noChannel(ctx, "850")]), ...(ctx.defaultLocation ? [] : [noDefaultLocation(ctx)])];
  const reasons = orderRef ? undefined : [{ code: "missing_field" as const, field: "BEG03", message: "The 850 has no purchase order number (BEG03)." }];
  return { events, rejections: events.map(() => (problems.length ? problems : undefined)), ...(reasons ? { reasons } : {}) };
}
