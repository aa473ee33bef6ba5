// The capacity bench's traffic: the demo model's mix on a catalogue of 20,000 SKUs × 6 locations ×
// 5 channels, sent by 8 connectors as 1,000-event batches. ERP and WMS movements, orders and
// reservations (and their releases), channel quantity feeds, a few unknown SKUs; duplicates are
// whole batches sent again (a connector's retry).

export const SKUS = 20_000;
export const BATCH = 1_000;
const WAREHOUSES = ["CW1", "CW2", "CW3"];
const STORES = ["CS1", "CS2"];
const TPL = "C3PL";

export const PROBE = { target: "CAP-PROBE-T", exception: "CAP-PROBE-X", kpi: "CAP-PROBE-K", channel: "cweb", kpiChannel: "cprobe", location: "CW1" };

export const CAPACITY_MASTER_DATA = {
  skus: [...Array.from({ length: SKUS }, (_, i) => ({ code: `CAP-${i}` })), { code: PROBE.target }, { code: PROBE.exception }, { code: PROBE.kpi }],
  connectors: [
    { code: "cwms", kind: "wms", rateLimitPerSecond: 10_000 },
    { code: "cerp", kind: "erp", rateLimitPerSecond: 10_000 },
    { code: "coms", kind: "oms", rateLimitPerSecond: 10_000 },
    { code: "ccrm", kind: "oms", rateLimitPerSecond: 10_000 },
    { code: "cshop", kind: "channel", channel: "cweb", rateLimitPerSecond: 10_000 },
    { code: "camz", kind: "channel", channel: "camz", rateLimitPerSecond: 10_000 },
    { code: "cedi", kind: "edi", channel: "cedi", rateLimitPerSecond: 10_000 },
    { code: "cpos", kind: "pos", channel: "cpos", rateLimitPerSecond: 10_000 },
    { code: "cprobe", kind: "channel", channel: "cprobe", rateLimitPerSecond: 10_000 },
  ],
  locations: [
    ...WAREHOUSES.map((code) => ({ code, kind: "warehouse", authoritativeConnector: "cwms" })),
    ...STORES.map((code) => ({ code, kind: "store", authoritativeConnector: "cerp" })),
    { code: TPL, kind: "3pl", authoritativeConnector: "cerp" },
  ],
  channels: [
    { code: "cweb", kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: WAREHOUSES },
    { code: "camz", kind: "amazon", freshnessSloSeconds: 900, eligibleLocations: ["CW1", "CW2", TPL] },
    { code: "cedi", kind: "edi", freshnessSloSeconds: 3600, eligibleLocations: ["CW1"] },
    { code: "cb2b", kind: "b2b", freshnessSloSeconds: 600, eligibleLocations: [...WAREHOUSES, TPL] },
    { code: "cpos", kind: "pos", freshnessSloSeconds: 120, eligibleLocations: STORES },
    // measurement only: the KPI probe's orders, so its counts are not mixed with the load's
    { code: "cprobe", kind: "other", freshnessSloSeconds: 3600, eligibleLocations: ["CW1"] },
  ],
};

/** The load's connectors and their share of batches (out of 20). */
export const LOAD_CONNECTORS = [
  { code: "cwms", share: 5 },
  { code: "cerp", share: 3 },
  { code: "coms", share: 3 },
  { code: "ccrm", share: 2 },
  { code: "cshop", share: 3 },
  { code: "camz", share: 2 },
  { code: "cedi", share: 1 },
  { code: "cpos", share: 1 },
] as const;

type TEvent = Record<string, unknown>;

/**
 * The catalogue's opening stock: a balance.snapshot of 20–200 units for every SKU × location from
 * its authority (the WMS for warehouses, the ERP for stores and the 3PL), as a distributor's book
 * has before any traffic. From an empty book the mix's orders and adjustments would put about half
 * of the 120,000 positions below zero: an exception storm (tens of thousands of groups opening and
 * resolving a minute), not a sync load. CAPACITY_EMPTY_START=1 measures that storm instead.
 */
export function* openingStock(seed = 3): Generator<{ connector: string; events: TEvent[] }> {
  const random = prng(seed);
  const at = new Date(Date.now() - 60_000).toISOString();
  const sites = [...WAREHOUSES.map((l) => ({ l, c: "cwms" })), ...[...STORES, TPL].map((l) => ({ l, c: "cerp" }))];
  for (const { l, c } of sites) {
    for (let from = 0; from < SKUS; from += BATCH) {
      const events = Array.from({ length: Math.min(BATCH, SKUS - from) }, (_, i) => ({
        eventId: `open-${l}-${from + i}`,
        type: "balance.snapshot",
        sku: `CAP-${from + i}`,
        location: l,
        balances: { onHand: 20 + Math.floor(random() * 181), reserved: 0, allocated: 0 },
        occurredAt: at,
      }));
      yield { connector: c, events };
    }
  }
}

/** A small fast PRNG, so a run is repeatable. */
export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeTraffic(seed = 1) {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)]!;
  let serial = 0;
  // reservations still open, so releases name a real one
  const openReservations: { orderRef: string; sku: string; location: string; quantity: number }[] = [];
  const sku = () => (random() < 0.001 ? `CAP-UNKNOWN-${int(50)}` : `CAP-${int(SKUS)}`);

  const one = (connector: string, at: string): TEvent => {
    const eventId = `${connector}-${seed}-${++serial}`;
    switch (connector) {
      case "cwms": {
        const r = random();
        if (r < 0.5) return { eventId, type: "receipt.posted", sku: sku(), location: pick(WAREHOUSES), quantity: 1 + int(8), occurredAt: at };
        return { eventId, type: "stock.adjusted", sku: sku(), location: pick(WAREHOUSES), delta: random() < 0.5 ? -(1 + int(3)) : 1 + int(3), occurredAt: at };
      }
      case "cerp": {
        const location = pick([...STORES, TPL]);
        if (random() < 0.6) return { eventId, type: "receipt.posted", sku: sku(), location, quantity: 1 + int(6), occurredAt: at };
        return { eventId, type: "stock.adjusted", sku: sku(), location, delta: -(1 + int(2)), occurredAt: at };
      }
      case "coms":
        return { eventId, type: "order.created", sku: sku(), location: pick(WAREHOUSES), channel: pick(["cweb", "cb2b"]), quantity: 1 + int(2), orderRef: `o-${eventId}`, occurredAt: at };
      case "ccrm": {
        if (openReservations.length > 200 && random() < 0.5) {
          const r = openReservations.splice(int(openReservations.length), 1)[0]!;
          return { eventId, type: "reservation.released", sku: r.sku, location: r.location, quantity: r.quantity, orderRef: r.orderRef, occurredAt: at };
        }
        const r = { orderRef: `q-${eventId}`, sku: `CAP-${int(SKUS)}`, location: pick(WAREHOUSES), quantity: 1 + int(3) };
        openReservations.push(r);
        return { eventId, type: "reservation.created", ...r, occurredAt: at };
      }
      case "cshop":
      case "camz":
      case "cedi": {
        const channel = { cshop: "cweb", camz: "camz", cedi: "cedi" }[connector]!;
        if (random() < 0.8) return { eventId, type: "channel.quantity.published", sku: sku(), channel, quantity: int(60), occurredAt: at };
        const location = channel === "camz" ? pick(["CW1", "CW2", TPL]) : channel === "cedi" ? "CW1" : pick(WAREHOUSES);
        return { eventId, type: "order.created", sku: sku(), location, channel, quantity: 1, orderRef: `o-${eventId}`, occurredAt: at };
      }
      default: {
        if (random() < 0.7) return { eventId, type: "channel.quantity.observed", sku: sku(), channel: "cpos", quantity: int(20), occurredAt: at };
        return { eventId, type: "order.created", sku: sku(), location: pick(STORES), channel: "cpos", quantity: 1, orderRef: `o-${eventId}`, occurredAt: at };
      }
    }
  };

  const weighted = LOAD_CONNECTORS.flatMap((c) => Array.from({ length: c.share }, () => c.code));
  const sent = new Map<string, string[]>();
  return {
    /** The next batch: its connector and body (2 % are a re-send of one of that connector's earlier bodies). */
    next(): { connector: string; body: string; isResend: boolean } {
      const connector = pick(weighted);
      const earlier = sent.get(connector) ?? [];
      if (earlier.length > 0 && random() < 0.02) return { connector, body: pick(earlier), isResend: true };
      const at = new Date().toISOString();
      const body = JSON.stringify(Array.from({ length: BATCH }, () => one(connector, at)));
      earlier.push(body);
      if (earlier.length > 20) earlier.shift();
      sent.set(connector, earlier);
      return { connector, body, isResend: false };
    },
    /** Plain events of the same mix (the raw-SQL floor's input). */
    events(n: number, connector = "cwms") {
      const at = new Date().toISOString();
      return Array.from({ length: n }, () => one(connector, at));
    },
  };
}
