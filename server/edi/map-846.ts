// 846 Inventory Inquiry/Advice (a copy of what the connector sent the partner): each LIN item with
// its QTY*33 (quantity available) becomes a channel.quantity.published for the connector's channel,
// at the BIA date and time; the transaction itself is a message.sent, its messageRef the group
// control number (GS06), so the partner's 997 can be matched to it.
import type { TReason } from "@/server/ingest/event-log";
import { el, eventIdOf, itemOf, noChannel, quantityOf, x12Instant, type TMapped, type TX12Context, type TX12Source } from "./common";

export function map846(src: TX12Source, ctx: TX12Context): TMapped {
  const { transaction: tx, group } = src;
  const bia = tx.segments.find((s) => s.tag === "BIA");
  const occurredAt = bia ? x12Instant(el(bia, 4), el(bia, 5)) : "";
  const items: { item: ReturnType<typeof itemOf>; lin: string; quantity?: number | string }[] = [];
  for (const s of tx.segments) {
    if (s.tag === "LIN") items.push({ item: itemOf(s, 2), lin: el(s, 1) });
    // the first QTY*33 (quantity available) of each item's loop
    else if (s.tag === "QTY" && el(s, 1) === "33" && items.length > 0 && items.at(-1)!.quantity === undefined) items.at(-1)!.quantity = quantityOf(el(s, 2));
  }
  const events: Record<string, unknown>[] = items.map((it, i) => ({
    eventId: eventIdOf(src, i + 1),
    type: "channel.quantity.published",
    ...(it.item ?? {}),
    ...(ctx.channel ? { channel: ctx.channel } : {}),
    ...(it.quantity !== undefined ? { quantity: it.quantity } : {}),
    occurredAt,
    correlationId: group.control,
  }));
  events.push({
    eventId: eventIdOf(src, items.length + 1),
    type: "message.sent",
    messageRef: group.control,
    documentType: "846",
    occurredAt: x12Instant(group.date, group.time),
    correlationId: group.control,
  });
  const reasons: TReason[] = [];
  if (!bia) reasons.push({ code: "missing_field", field: "BIA", message: "The 846 has no BIA segment: its quantities have no date and time." });
  const missingItem = items.filter((it) => !it.item).length;
  if (missingItem) reasons.push({ code: "missing_field", field: "LIN", message: `${missingItem} LIN item(s) name no UP, VN, VP, BP, SK or IN identifier.` });
  const rejection = ctx.channel ? undefined : [noChannel(ctx, "846")];
  return { events, rejections: events.map(() => rejection), ...(reasons.length ? { reasons } : {}) };
}
