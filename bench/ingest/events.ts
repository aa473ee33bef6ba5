// The bench's traffic: six event types over 2,000 SKUs at two warehouses, one connector.
export const SKUS = 2_000;

export const BENCH_MASTER_DATA = {
  skus: Array.from({ length: SKUS }, (_, i) => ({ code: `BENCH-${i}` })),
  connectors: [{ code: "bench-wms", kind: "wms" as const, rateLimitPerSecond: 10_000 }],
  locations: [
    { code: "BW1", kind: "warehouse" as const, authoritativeConnector: "bench-wms" },
    { code: "BW2", kind: "warehouse" as const },
  ],
  channels: [{ code: "bweb", kind: "shopify" as const, freshnessSloSeconds: 300, eligibleLocations: ["BW1", "BW2"] }],
};

const TYPES = ["receipt.posted", "stock.adjusted", "order.created", "reservation.created", "pick.confirmed", "channel.quantity.observed"] as const;

export function makeEvents(n: number) {
  const base = Date.now() - 3_600_000;
  return Array.from({ length: n }, (_, i) => {
    const type = TYPES[i % TYPES.length]!;
    const sku = `BENCH-${i % SKUS}`;
    const occurredAt = new Date(base + i * 10).toISOString();
    const eventId = `bench-${i}`;
    switch (type) {
      case "stock.adjusted":
        return { eventId, type, sku, location: "BW1", delta: (i % 7) - 3 || 1, occurredAt };
      case "order.created":
        return { eventId, type, sku, location: "BW1", channel: "bweb", quantity: 1, orderRef: `o-${i}`, occurredAt };
      case "channel.quantity.observed":
        return { eventId, type, sku, channel: "bweb", quantity: i % 50, occurredAt };
      default:
        return { eventId, type, sku, location: i % 2 ? "BW1" : "BW2", quantity: 1 + (i % 5), occurredAt };
    }
  });
}

