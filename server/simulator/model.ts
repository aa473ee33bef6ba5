// The demo's connectors, as a model: a distributor's WMS, ERP, CRM, Shopify, Amazon and EDI
// feeds moving the demo catalogue, each at its own speed, with faults at a low rate. It only
// produces contract events; live.ts and history.ts deliver them through the public API / ingest.
import { DEMO_CHANNELS, DEMO_LOCATIONS, EDI_DEFAULT_LOCATION } from "@/server/demo/catalogue";
import { acknowledgement, DISTRIBUTOR, interchange, inventoryAdvice, PARTNER, purchaseOrder } from "./x12";

export type TOutEvent = Record<string, unknown> & { eventId: string; type: string; occurredAt: string };
export type TDelivery = { connector: string; events: TOutEvent[]; via?: "shopify-webhook" | "x12"; topic?: string; webhookBody?: unknown; x12?: string };
export type TSimSku = { code: string; shopifyItem?: string; upc?: string };
type TDelayed = { dueMs: number; delivery: TDelivery; onDeliver?: () => void };

/** A small deterministic PRNG (mulberry32), so the demo history is the same on every fresh start. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WAREHOUSES = DEMO_LOCATIONS.filter((l) => l.kind === "warehouse").map((l) => l.code);
const STORES = DEMO_LOCATIONS.filter((l) => l.kind === "store").map((l) => l.code);
const THREE_PL = DEMO_LOCATIONS.filter((l) => l.kind === "3pl").map((l) => l.code);
const ELIGIBLE = Object.fromEntries(DEMO_CHANNELS.map((c) => [c.code, c.eligibleLocations])) as Record<string, string[]>;
const SHOPIFY_LOCATION_ALIAS: Record<string, string> = Object.fromEntries(
  DEMO_LOCATIONS.flatMap((l) => (l.aliases?.[0] ? [[l.code, l.aliases[0]]] : [])),
);

const ATP_ONLY = new Set(["order.created", "order.cancelled", "reservation.created", "reservation.released"]);

export type TSimState = { runId: string; counter: number; wmsSequence: number };

export const FEED_CONNECTORS = [
  { channel: "shopify", connector: "shopify", every: 300 },
  { channel: "amazon", connector: "amazon", every: 900 },
  { channel: "edi", connector: "edi", every: 3600 },
  { channel: "b2b", connector: "erp", every: 600 },
  { channel: "pos", connector: "erp", every: 60 },
] as const;

export class DemoModel {
  readonly random: () => number;
  private readonly stock = new Map<string, number>();
  /** SKUs whose stock moved since each channel last published */
  private readonly changedSince = new Map<string, Set<string>>(DEMO_CHANNELS.map((c) => [c.code, new Set<string>()]));
  private readonly recent: { connector: string; event: TOutEvent }[] = [];
  private readonly delayed: TDelayed[] = [];
  /** SKUs that sell often: a distributor's long tail is quiet */
  private readonly hot: string[];
  /** SKUs a cycle-count story is playing out on, until when: no warehouse work touches them */
  private readonly held = new Map<string, number>();

  constructor(
    readonly skus: TSimSku[],
    readonly state: TSimState,
    seed = 42,
  ) {
    this.random = rng(seed);
    this.hot = skus.filter((_, i) => i % 7 === 0).map((s) => s.code);
    skus.forEach((s, i) => {
      for (const l of [...WAREHOUSES, ...STORES, ...THREE_PL]) {
        const base = l.startsWith("WH") ? 40 + ((i * 37) % 160) : 5 + ((i * 13) % 25);
        this.stock.set(`${s.code}|${l}`, base);
      }
    });
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
  private chance(p: number) {
    return this.random() < p;
  }
  private id(prefix: string) {
    return `${prefix}-${this.state.runId}-${++this.state.counter}`;
  }
  private sku() {
    return this.chance(0.7) ? this.pick(this.hot) : this.pick(this.skus).code;
  }
  private level(sku: string, location: string) {
    return this.stock.get(`${sku}|${location}`) ?? 0;
  }
  private move(sku: string, location: string, delta: number) {
    this.stock.set(`${sku}|${location}`, this.level(sku, location) + delta);
    this.touch(sku, location);
  }
  /** The SKU's ATP changed at the location: every channel selling from there has something to push. */
  private touch(sku: string, location: string) {
    for (const [channel, locations] of Object.entries(ELIGIBLE)) if (locations.includes(location)) this.changedSince.get(channel)!.add(sku);
  }
  /**
   * An order's life after capture: the ERP confirms the reservation (most within minutes, a few only
   * after the channel's allocation SLO: stuck, then healed), then it is picked and shipped by whoever
   * runs its location, a few after their promised ship date; some are cancelled (by the customer,
   * for fraud, or because the shelf turned out empty).
   */
  private scheduleFulfilment(nowMs: number, o: { ref: string; sku: string; location: string; channel: string; qty: number; promisedShipBy?: number }) {
    const runner = WAREHOUSES.includes(o.location) ? "wms" : "erp";
    const e = (type: string) => ({ eventId: this.id(runner), type, sku: o.sku, location: o.location, quantity: o.qty, orderRef: o.ref, correlationId: o.ref, occurredAt: "" });
    const cancel = (dueMs: number, reason: string) =>
      this.delayed.push({ dueMs, delivery: { connector: "crm", events: [{ ...e("order.cancelled"), eventId: this.id("crm"), channel: o.channel, reason }] } });
    // the shelf is empty where the order was taken: customer service cancels it out of stock
    if (this.level(o.sku, o.location) < o.qty && this.chance(0.6)) return cancel(nowMs + 300_000 + this.random() * 1_500_000, "out_of_stock");
    if (this.chance(0.04)) return cancel(nowMs + 60_000 + this.random() * 600_000, this.pick(["customer", "customer", "customer", "customer", "customer", "fraud", "other"]));
    // the ERP confirms the reservation; now and then it sits in pending allocation past the SLO
    const isStuck = this.chance(0.015);
    const reserveAt = nowMs + (isStuck ? 1_200_000 + this.random() * 4_200_000 : 20_000 + this.random() * 220_000);
    this.delayed.push({ dueMs: reserveAt, delivery: { connector: "erp", events: [{ ...e("reservation.created"), eventId: this.id("erp") }] } });
    const pickAt = Math.max(nowMs + 120_000 + this.random() * 1_500_000, reserveAt + 30_000);
    this.delayed.push({ dueMs: pickAt, delivery: { connector: runner, events: [e("pick.confirmed")] } });
    // a few ship after they were promised
    const isLate = o.promisedShipBy !== undefined && this.chance(0.03);
    const shipAt = isLate ? o.promisedShipBy! + 600_000 + this.random() * 5_400_000 : pickAt + 300_000 + this.random() * 3_000_000;
    this.delayed.push({ dueMs: shipAt, delivery: { connector: runner, events: [e("shipment.posted")] }, onDeliver: () => this.move(o.sku, o.location, -o.qty) });
    // the ERP books warehouse shipments too (not authoritative there)
    if (runner === "wms" && this.chance(0.97)) this.delayed.push({ dueMs: shipAt + 2_000, delivery: { connector: "erp", events: [{ ...e("shipment.posted"), eventId: this.id("erp") }] } });
  }

  private upcOf(sku: string) {
    return this.skus.find((s) => s.code === sku)?.upc;
  }

  /**
   * The EDI connector speaks X12: its quantities go out as an 846 (a copy of the inventory advice
   * the partner got, which the partner acknowledges with a 997: most within the hour, one now and
   * then rejected, one now and then hours late), and the partner's orders come in as 850s.
   */
  private asX12(d: TDelivery, nowMs: number): TDelivery[] {
    if (d.connector !== "edi" || d.via) return [d];
    const out: TDelivery[] = [];
    const at = new Date(nowMs);
    const published = d.events.filter((e) => e.type === "channel.quantity.published");
    if (published.length) {
      const control = ++this.state.counter;
      const items = published.map((e) => ({ code: String(e.sku), upc: this.chance(0.9) ? this.upcOf(String(e.sku)) : undefined, quantity: Number(e.quantity ?? 0) }));
      out.push({ connector: "edi", events: [], via: "x12", x12: interchange({ from: DISTRIBUTOR, to: PARTNER, functionalId: "IB", control, at, sets: [inventoryAdvice(at, `INV-${control}`, items)] }) });
      const roll = this.random();
      const isRejected = roll < 0.04;
      const ackAt = nowMs + (roll > 0.97 ? 16_200_000 + this.random() * 3_600_000 : 180_000 + this.random() * 2_400_000);
      const ack = (atMs: number, isAccepted: boolean): TDelayed => ({
        dueMs: atMs,
        delivery: { connector: "edi", events: [], via: "x12", x12: interchange({ from: PARTNER, to: DISTRIBUTOR, functionalId: "FA", control: ++this.state.counter, at: new Date(atMs), sets: [acknowledgement(String(control % 1_000_000_000), "846", isAccepted)] }) },
      });
      this.delayed.push(ack(ackAt, !isRejected));
      // most rejections are fixed: the corrected advice goes again and the partner accepts the group
      if (isRejected && this.chance(0.7)) this.delayed.push(ack(ackAt + 1_200_000 + this.random() * 2_400_000, true));
    }
    for (const o of d.events.filter((e) => e.type === "order.created")) {
      const control = ++this.state.counter;
      const orderAt = new Date(Date.parse(String(o.occurredAt)) || nowMs);
      const shipBy = new Date(typeof o.promisedShipBy === "string" ? Date.parse(o.promisedShipBy) : orderAt.getTime() + 86_400_000);
      const set = purchaseOrder(orderAt, String(o.orderRef), shipBy, [{ code: String(o.sku), upc: this.upcOf(String(o.sku)), quantity: Number(o.quantity) }]);
      out.push({ connector: "edi", events: [], via: "x12", x12: interchange({ from: PARTNER, to: DISTRIBUTOR, functionalId: "PO", control, at: orderAt, sets: [set] }) });
    }
    const rest = d.events.filter((e) => e.type !== "channel.quantity.published" && e.type !== "order.created");
    if (rest.length) out.push({ ...d, events: rest });
    return out;
  }

  /**
   * What a fresh demo finds open when it starts (the history ends there): orders stuck in pending
   * allocation past their SLO, and orders picked but past their promised ship date.
   */
  leftOpen(nowMs: number): TDelivery[] {
    const orders: TOutEvent[] = [];
    const erp: TOutEvent[] = [];
    const wms: TOutEvent[] = [];
    const stuck = [
      { channel: "b2b", minutes: 48 },
      { channel: "shopify", minutes: 31 },
      { channel: "b2b", minutes: 95 },
    ];
    for (const s of stuck) {
      const ref = `${s.channel.toUpperCase()}-${this.state.runId}-${++this.state.counter}`;
      orders.push({ eventId: this.id("erp"), type: "order.created", sku: this.pick(this.hot), location: "WH-EAST", channel: s.channel, quantity: 2 + Math.floor(this.random() * 8), orderRef: ref, correlationId: ref, occurredAt: new Date(nowMs - s.minutes * 60_000).toISOString() });
    }
    for (const hoursLate of [1.5, 0.4]) {
      const ref = `B2B-${this.state.runId}-${++this.state.counter}`;
      const created = nowMs - (hoursLate + 4) * 3_600_000;
      const base = { sku: this.pick(this.hot), location: "WH-WEST", quantity: 4, orderRef: ref, correlationId: ref };
      orders.push({ ...base, eventId: this.id("erp"), type: "order.created", channel: "b2b", promisedShipBy: new Date(created + 4 * 3_600_000).toISOString(), occurredAt: new Date(created).toISOString() });
      erp.push({ ...base, eventId: this.id("erp"), type: "reservation.created", occurredAt: new Date(created + 90_000).toISOString() });
      wms.push({ ...base, eventId: this.id("wms"), type: "pick.confirmed", occurredAt: new Date(created + 1_800_000).toISOString(), sequence: ++this.state.wmsSequence });
    }
    // the partner never acknowledged one inventory advice, sent five hours ago
    const sentAt = new Date(nowMs - 5 * 3_600_000);
    const control = ++this.state.counter;
    const advice = interchange({ from: DISTRIBUTOR, to: PARTNER, functionalId: "IB", control, at: sentAt, sets: [inventoryAdvice(sentAt, `INV-${control}`, this.hot.slice(0, 5).map((code) => ({ code, upc: this.upcOf(code), quantity: this.estimate(code, "edi") })))] });
    return [
      { connector: "erp", events: [...orders, ...erp] },
      { connector: "wms", events: wms },
      { connector: "edi", events: [], via: "x12", x12: advice },
    ];
  }

  /**
   * A channel's quantity for a SKU as its connector reports it: Shopify keeps one inventory level
   * per location (split by where the stock is), the others one number for the channel.
   */
  private publish(channel: string, sku: string, quantity: number, type: string, occurredAt: string): TOutEvent[] {
    if (channel !== "shopify") return [{ eventId: this.id(`${channel}-pub`), type, sku, channel, quantity, occurredAt }];
    const locations = ELIGIBLE.shopify!;
    const stock = locations.map((l) => Math.max(0, this.level(sku, l)));
    const total = stock.reduce((a, b) => a + b, 0);
    const shares = stock.map((s) => (total > 0 ? Math.floor((quantity * s) / total) : 0));
    shares[0]! += quantity - shares.reduce((a, b) => a + b, 0);
    return locations.map((location, i) => ({ eventId: this.id("shopify-pub"), type, sku, channel, location, quantity: shares[i]!, occurredAt }));
  }

  /** Every channel publishes every SKU (a connector's full sync), from Sightline's targets when known. */
  fullSync(nowMs: number, targets: (channel: string) => Map<string, number> | undefined = () => undefined): TDelivery[] {
    const at = new Date(nowMs).toISOString();
    return FEED_CONNECTORS.flatMap(({ channel, connector }) => {
      const known = targets(channel);
      this.changedSince.get(channel)!.clear();
      const delivery = { connector, events: this.skus.flatMap(({ code }) => this.publish(channel, code, known?.get(code) ?? this.estimate(code, channel), "channel.quantity.published", at)) };
      return this.asX12(delivery, nowMs);
    });
  }

  /** Opening balances: what each system of record holds when the story starts. */
  openingBalances(nowMs: number): TDelivery[] {
    const at = new Date(nowMs).toISOString();
    const snapshot = (sku: string, location: string, prefix: string) => ({ eventId: this.id(prefix), type: "balance.snapshot", sku, location, balances: { onHand: this.level(sku, location), reserved: 0, allocated: 0 }, occurredAt: at });
    const wms: TOutEvent[] = [];
    const erp: TOutEvent[] = [];
    for (const { code } of this.skus) {
      for (const l of WAREHOUSES) {
        wms.push({ ...snapshot(code, l, "open-wms"), sequence: ++this.state.wmsSequence });
        erp.push(snapshot(code, l, "open-erp"));
      }
      for (const l of [...STORES, ...THREE_PL]) erp.push(snapshot(code, l, "open-erp"));
    }
    return [
      { connector: "wms", events: wms },
      { connector: "erp", events: erp },
    ];
  }

  /** Everything still scheduled, delivered now (the end of the generated history). */
  drain(nowMs: number): TDelivery[] {
    // X12 is dated inside its envelope when it is written: one due later than now would be from the future
    const due = this.delayed.splice(0, this.delayed.length).filter((d) => d.delivery.via !== "x12" || d.dueMs <= nowMs).sort((a, b) => a.dueMs - b.dueMs);
    return due.flatMap((d) => this.asX12(this.release(d, nowMs), nowMs));
  }

  private release(d: TDelayed, nowMs: number): TDelivery {
    d.onDeliver?.();
    for (const e of d.delivery.events) {
      if (!e.occurredAt) e.occurredAt = new Date(Math.min(nowMs, d.dueMs)).toISOString();
      if (d.delivery.connector === "wms" && e.sequence === undefined) e.sequence = ++this.state.wmsSequence;
    }
    return d.delivery;
  }

  /** what a channel would publish for a SKU if Sightline's targets are not reachable */
  estimate(sku: string, channel: string) {
    return Math.max(0, Math.floor(ELIGIBLE[channel]!.reduce((s, l) => s + this.level(sku, l), 0) * 0.9));
  }

  /** Everything the connectors send during one second of (simulated or real) time. */
  tick(nowMs: number, opts: { second: number; heartbeats?: boolean; targets?: (channel: string, skus: string[]) => Map<string, number> | undefined }): TDelivery[] {
    const out: TDelivery[] = [];
    const at = (offsetMs = 0) => new Date(nowMs - offsetMs).toISOString();
    const wms: TOutEvent[] = [];
    const erp: TOutEvent[] = [];
    const crm: TOutEvent[] = [];

    // WMS: physical work in the warehouses, on a sequence stream.
    for (let i = 0, n = 1 + Math.floor(this.random() * 2); i < n; i++) {
      const sku = this.sku();
      const location = this.pick(WAREHOUSES);
      const roll = this.random();
      if ((this.held.get(sku) ?? 0) > nowMs) continue;
      let event: TOutEvent;
      // replenish below the reorder point (and now and then a speculative buy)
      if (this.level(sku, location) < 30 || roll < 0.03) {
        const q = 40 + Math.floor(this.random() * 40);
        this.move(sku, location, q);
        event = { eventId: this.id("wms"), type: "receipt.posted", sku, location, quantity: q, occurredAt: at(), correlationId: `po-${this.state.counter}` };
      } else if (roll < 0.75) {
        const q = this.chance(0.5) ? -1 : 1;
        this.move(sku, location, q);
        event = { eventId: this.id("wms"), type: "stock.adjusted", sku, location, delta: q, reason: "cycle count", occurredAt: at() };
      } else if (roll < 0.9) {
        const to = this.pick(WAREHOUSES.filter((w) => w !== location));
        const q = 2 + Math.floor(this.random() * 6);
        this.move(sku, location, -q);
        event = { eventId: this.id("wms"), type: "transfer.shipped", sku, location, toLocation: to, quantity: q, occurredAt: at() };
        const arrives = nowMs + 60_000 + this.random() * 600_000;
        const received = { type: "transfer.received", sku, location: to, quantity: q, occurredAt: "" };
        this.delayed.push({ dueMs: arrives, delivery: { connector: "wms", events: [{ eventId: this.id("rcv"), ...received }] }, onDeliver: () => this.move(sku, to, q) });
        this.delayed.push({ dueMs: arrives + 1_000, delivery: { connector: "erp", events: [{ eventId: this.id("erp"), ...received }] } });
      } else {
        const q = 1;
        this.move(sku, location, q);
        event = { eventId: this.id("wms"), type: "return.received", sku, location, quantity: q, disposition: this.pick(["restockable", "restockable", "damaged", "refurbishable"]), occurredAt: at() };
      }
      event.sequence = ++this.state.wmsSequence;
      wms.push(event);
      // The ERP hears about warehouse stock too (not authoritative there); now and then it disagrees.
      if (event.type !== "balance.snapshot" && !this.chance(0.0002)) {
        const copy: TOutEvent = { ...event, eventId: this.id("erp") };
        delete copy.sequence;
        if (this.chance(0.0005)) {
          if (typeof copy.quantity === "number") copy.quantity = Math.max(1, copy.quantity + (this.chance(0.5) ? 1 : -1) * (1 + Math.floor(this.random() * 3)));
          if (typeof copy.delta === "number") copy.delta = copy.delta - 1;
        }
        erp.push(copy);
      }
    }

    // Orders by channel: Shopify via webhooks, Amazon and EDI via their connectors, B2B in the ERP, POS in stores.
    if (this.chance(0.45)) {
      const channel = this.pick(["shopify", "shopify", "amazon", "b2b", "b2b", "pos", "edi"]);
      // EDI purchase orders name no location: they are fulfilled at the EDI connector's default one
      const location = channel === "edi" ? EDI_DEFAULT_LOCATION : this.pick(ELIGIBLE[channel]!);
      const sku = this.sku();
      const qty = channel === "b2b" || channel === "edi" ? 2 + Math.floor(this.random() * 10) : 1 + Math.floor(this.random() * 2);
      const ref = channel === "shopify" ? `#${this.state.runId}-${this.state.counter + 1}` : `${channel.toUpperCase()}-${this.state.runId}-${this.state.counter + 1}`;
      // B2B and EDI partners are promised shipment within 4 hours, Amazon within a day
      const promise = channel === "b2b" || channel === "edi" ? 4 * 3_600_000 : channel === "amazon" ? 86_400_000 : 0;
      const order: TOutEvent = { eventId: this.id(channel), type: "order.created", sku, location, channel, quantity: qty, orderRef: ref, correlationId: ref, occurredAt: at(), ...(promise ? { promisedShipBy: new Date(nowMs + promise).toISOString() } : {}) };
      if (channel === "shopify") {
        const webhookBody = {
          id: 5_000_000_000 + this.state.counter,
          name: ref,
          created_at: at(),
          location_id: SHOPIFY_LOCATION_ALIAS[location] ?? null,
          line_items: [{ id: 9_000_000_000 + this.state.counter, sku, quantity: qty, title: sku }],
        };
        out.push({ connector: "shopify", events: [], via: "shopify-webhook", topic: "orders/create", webhookBody });
        this.touch(sku, location);
      } else if (channel === "pos") {
        // a till sale: captured, picked and handed over at once, by the store's system of record
        this.move(sku, location, -qty);
        const pos = (type: string) => ({ eventId: this.id("pos"), type, sku, location, quantity: qty, orderRef: ref, correlationId: ref, occurredAt: at() });
        erp.push(order, pos("pick.confirmed"), pos("shipment.posted"));
      } else if (channel === "b2b") {
        erp.push(order);
      } else {
        out.push({ connector: channel, events: [order] });
      }
      if (channel !== "pos") this.scheduleFulfilment(nowMs, { ref, sku, location, channel, qty, ...(promise ? { promisedShipBy: nowMs + promise } : {}) });
    }

    // CRM: instant reservations for B2B quotes, released after a while.
    if (this.chance(0.3)) {
      const sku = this.sku();
      const location = this.pick(WAREHOUSES);
      const ref = `Q-${this.state.runId}-${this.state.counter + 1}`;
      const quantity = 1 + Math.floor(this.random() * 5);
      crm.push({ eventId: this.id("crm"), type: "reservation.created", sku, location, quantity, orderRef: ref, correlationId: ref, occurredAt: at() });
      this.delayed.push({ dueMs: nowMs + 120_000 + this.random() * 1_800_000, delivery: { connector: "crm", events: [{ eventId: this.id("crm"), type: "reservation.released", sku, location, quantity, orderRef: ref, correlationId: ref, occurredAt: "" }] } });
    }

    // Channel feeds at their own speeds: Shopify every 5 min, Amazon every 15, EDI hourly, POS every minute.
    const feed = (channel: string, connector: string, everySeconds: number, type: "channel.quantity.published" | "channel.quantity.observed") => {
      if (opts.second % everySeconds !== 0) return;
      // the EDI feed goes quiet now and then: a stale feed for operations to notice
      if (channel === "edi" && Math.floor(opts.second / 3600) % 9 === 4) return;
      // a connector pushes at most so many SKUs a round; the rest wait for the next one
      const pending = this.changedSince.get(channel)!;
      const changed = [...pending].slice(0, 1000);
      for (const sku of changed) pending.delete(sku);
      // a quiet round still sends a count, so the feed is seen to be alive
      if (changed.length === 0) changed.push(this.pick(this.hot));
      const targets = opts.targets?.(channel, changed);
      const events = changed.flatMap((sku) => {
        const target = targets?.get(sku) ?? this.estimate(sku, channel);
        // channels lag and round: a few drift a little
        const exposed = this.chance(0.01) ? target + 1 + Math.floor(this.random() * 4) : target;
        return this.publish(channel, sku, exposed, type, at());
      });
      out.push({ connector, events });
    };
    feed("shopify", "shopify", 300, "channel.quantity.published");
    feed("amazon", "amazon", 900, "channel.quantity.published");
    feed("edi", "edi", 3600, "channel.quantity.published");
    feed("b2b", "erp", 600, "channel.quantity.published");
    feed("pos", "erp", 60, "channel.quantity.observed");
    if (opts.second % 300 === 120) {
      // Shopify tells us what the storefront actually shows, through its webhook
      const sku = this.pick(this.hot);
      const item = this.skus.find((s) => s.code === sku)?.shopifyItem;
      const location = this.pick(ELIGIBLE.shopify!.filter((l) => SHOPIFY_LOCATION_ALIAS[l]));
      if (item) {
        out.push({
          connector: "shopify",
          events: [],
          via: "shopify-webhook",
          topic: "inventory_levels/update",
          webhookBody: { inventory_item_id: Number(item), location_id: Number(SHOPIFY_LOCATION_ALIAS[location]), available: this.publish("shopify", sku, this.estimate(sku, "shopify"), "x", at()).find((e) => e.location === location)?.quantity ?? 0, updated_at: at() },
        });
      }
    }
    if (opts.second % 1800 === 900 && this.chance(0.5)) out.push({ connector: "amazon", events: [{ eventId: this.id("amz"), type: "channel.push.failed", sku: this.pick(this.hot), channel: "amazon", reason: "SP-API 503 Service Unavailable", occurredAt: at() }] });

    // Periodic snapshots from the WMS rebase the book.
    if (opts.second % 1200 === 600) {
      const location = this.pick(WAREHOUSES);
      for (const sku of this.hot.slice(0, 20)) wms.push({ eventId: this.id("snap"), type: "balance.snapshot", sku, location, balances: { onHand: Math.max(0, this.level(sku, location)) }, occurredAt: at(), sequence: ++this.state.wmsSequence });
    }

    // Every four hours a hot SKU runs low where a slow channel sells it (a cycle count finds only a
    // few left, all at WH-CENTRAL), the channel's feed shows those few, a B2B account takes them
    // minutes later, and the slow channel, still showing its last feed, takes an order it cannot
    // fill: an oversell, which customer service cancels half an hour later. A buffer of a few units
    // on that channel would have refused it (the buffer advisor's demo story).
    if (opts.second % 14_400 === 7_200) {
      const channel = Math.floor(opts.second / 14_400) % 2 === 0 ? "amazon" : "edi";
      const sku = this.pick(this.hot);
      const left = 8 + Math.floor(this.random() * 5);
      const [shelf] = ELIGIBLE[channel]!;
      for (const location of new Set([...ELIGIBLE[channel]!, "WH-CENTRAL"])) {
        const delta = (location === shelf ? left : 0) - this.level(sku, location);
        if (delta === 0) continue;
        this.move(sku, location, delta);
        const count: TOutEvent = { eventId: this.id("count"), type: "stock.adjusted", sku, location, delta, reason: "cycle count: shelf nearly empty", occurredAt: at() };
        // the WMS counts its warehouses and the ERP books the count too, as it books every WMS movement
        if (WAREHOUSES.includes(location)) wms.push({ ...count, sequence: ++this.state.wmsSequence });
        erp.push(WAREHOUSES.includes(location) ? { ...count, eventId: this.id("erp") } : count);
      }
      // no receipt restocks it while the story plays out
      this.held.set(sku, nowMs + 600_000);
      const shown = this.estimate(sku, channel);
      const [feedConnector] = FEED_CONNECTORS.filter((f) => f.channel === channel);
      this.delayed.push({ dueMs: nowMs + 60_000, delivery: { connector: feedConnector!.connector, events: this.publish(channel, sku, shown, "channel.quantity.published", "") } });
      const b2bRef = `B2B-${this.state.runId}-${this.state.counter + 1}`;
      const b2b = { eventId: this.id("erp"), type: "order.created", sku, location: shelf, channel: "b2b", quantity: left, orderRef: b2bRef, correlationId: b2bRef, occurredAt: "", promisedShipBy: new Date(nowMs + 4 * 3_600_000).toISOString() };
      this.delayed.push({ dueMs: nowMs + 120_000, delivery: { connector: "erp", events: [b2b] } });
      this.scheduleFulfilment(nowMs + 120_000, { ref: b2bRef, sku, location: shelf!, channel: "b2b", qty: left, promisedShipBy: nowMs + 4 * 3_600_000 });
      const ref = `${channel.toUpperCase()}-${this.state.runId}-${this.state.counter + 1}`;
      const quantity = channel === "edi" ? 1 + Math.floor(this.random() * Math.min(3, Math.max(1, shown))) : 1;
      const order = { eventId: this.id(channel), type: "order.created", sku, location: shelf, channel, quantity, orderRef: ref, correlationId: ref, occurredAt: "" };
      this.delayed.push({ dueMs: nowMs + 180_000, delivery: { connector: channel, events: [order] } });
      this.delayed.push({ dueMs: nowMs + 1_800_000, delivery: { connector: "crm", events: [{ ...order, eventId: this.id("crm"), type: "order.cancelled", reason: "out_of_stock" }] } });
    }

    // Faults, at a low rate.
    if (this.recent.length && this.chance(0.02)) {
      const old = this.pick(this.recent);
      out.push({ connector: old.connector, events: [old.event] }); // a duplicate
    }
    if (this.recent.length && this.chance(0.005)) {
      const old = this.pick(this.recent.filter((r) => typeof r.event.quantity === "number")) ?? this.recent[0]!;
      out.push({ connector: old.connector, events: [{ ...old.event, quantity: Number(old.event.quantity ?? 1) + 5 }] }); // a conflicting duplicate
    }
    if (this.chance(0.01)) {
      erp.push({ eventId: this.id("erp"), type: "receipt.posted", sku: this.pick(["LEGACY-0042", "FAS-99999", "PWR-1O001"]), location: this.pick(STORES), quantity: 3, occurredAt: at() }); // unknown SKU
    }
    if (this.chance(0.002)) {
      const sku = this.sku();
      crm.push({ eventId: this.id("crm"), type: "reservation.released", sku, location: this.pick(WAREHOUSES), quantity: 2, orderRef: `Q-LOST-${this.state.counter}`, occurredAt: at() }); // nothing open
    }
    if (wms.length && this.chance(0.001)) {
      // a sequence gap: one WMS event arrives half a minute late, holding the ones behind it
      const late = wms.shift()!;
      this.delayed.push({ dueMs: nowMs + 20_000 + this.random() * 30_000, delivery: { connector: "wms", events: [late] } });
    }
    if (erp.length && this.chance(0.02)) {
      const late = erp.pop()!;
      late.occurredAt = new Date(nowMs - 600_000 - this.random() * 3_000_000).toISOString(); // out of order
      erp.push(late);
    }

    if (wms.length) out.push({ connector: "wms", events: wms });
    if (erp.length) out.push({ connector: "erp", events: erp });
    if (crm.length) out.push({ connector: "crm", events: crm });
    for (let i = this.delayed.length - 1; i >= 0; i--) {
      const d = this.delayed[i]!;
      if (d.dueMs > nowMs) continue;
      this.delayed.splice(i, 1);
      out.push(this.release(d, nowMs));
    }
    // the EDI connector's quantities and the partner's orders travel as X12
    out.splice(0, out.length, ...out.flatMap((d) => this.asX12(d, nowMs)));
    if (opts.heartbeats !== false && opts.second % 30 === 0) for (const c of ["erp", "wms", "crm", "shopify", "amazon"]) out.push({ connector: c, events: [{ eventId: this.id(`hb-${c}`), type: "heartbeat", occurredAt: at() }] });
    for (const d of out) {
      for (const e of d.events) {
        this.recent.push({ connector: d.connector, event: e });
        // orders and reservations change ATP without moving stock
        if (ATP_ONLY.has(e.type) && typeof e.sku === "string" && typeof e.location === "string") this.touch(e.sku, e.location);
      }
    }
    if (this.recent.length > 300) this.recent.splice(0, this.recent.length - 300);
    return out;
  }
}
