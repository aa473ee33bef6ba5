import { z } from "zod";

// Shopify's webhook bodies (only the fields Sightline reads; the rest is ignored).
export const ZInventoryLevelsUpdate = z.looseObject({
  inventory_item_id: z.union([z.number(), z.string()]),
  location_id: z.union([z.number(), z.string()]),
  available: z.number().nullable().optional(),
  updated_at: z.string(),
});

export const ZOrdersCreate = z.looseObject({
  id: z.union([z.number(), z.string()]),
  name: z.string().optional(),
  created_at: z.string(),
  location_id: z.union([z.number(), z.string()]).nullable().optional(),
  line_items: z.array(
    z.looseObject({
      id: z.union([z.number(), z.string()]),
      sku: z.string().nullable().optional(),
      variant_id: z.union([z.number(), z.string()]).nullable().optional(),
      quantity: z.number(),
    }),
  ),
});

export type TWebhookContext = { topic: string; webhookEventId: string; channel: string; fallbackLocation: string | null };

/**
 * Maps one Shopify webhook to contract events. Anything it cannot read becomes an event that ingest
 * will reject with reasons, so it is kept and can be fixed and replayed.
 */
export function mapShopifyWebhook(body: unknown, ctx: TWebhookContext): Record<string, unknown>[] {
  const meta = { source: { system: "shopify", topic: ctx.topic, webhookEventId: ctx.webhookEventId } };
  if (ctx.topic === "inventory_levels/update") {
    const parsed = ZInventoryLevelsUpdate.safeParse(body);
    if (!parsed.success) return [{ eventId: ctx.webhookEventId, type: "channel.quantity.observed", channel: ctx.channel, ...meta, unreadable: body }];
    const b = parsed.data;
    return [
      {
        eventId: ctx.webhookEventId,
        type: "channel.quantity.observed",
        sku: String(b.inventory_item_id),
        location: String(b.location_id),
        channel: ctx.channel,
        quantity: b.available ?? null,
        occurredAt: b.updated_at,
        ...meta,
      },
    ];
  }
  if (ctx.topic === "orders/create") {
    const parsed = ZOrdersCreate.safeParse(body);
    if (!parsed.success) return [{ eventId: ctx.webhookEventId, type: "order.created", channel: ctx.channel, ...meta, unreadable: body }];
    const o = parsed.data;
    const location = o.location_id != null ? String(o.location_id) : ctx.fallbackLocation;
    return o.line_items.map((li) => ({
      eventId: `${ctx.webhookEventId}:${li.id}`,
      type: "order.created",
      sku: li.sku ?? undefined,
      ...(location ? { location } : {}),
      channel: ctx.channel,
      quantity: li.quantity,
      orderRef: o.name ?? String(o.id),
      correlationId: `shopify-order-${o.id}`,
      occurredAt: o.created_at,
      ...meta,
    }));
  }
  return [{ eventId: ctx.webhookEventId, type: `shopify:${ctx.topic}`, channel: ctx.channel, ...meta }];
}
