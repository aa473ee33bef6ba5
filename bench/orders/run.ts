// bench/orders: what keeping order life costs ingest, how fast /orders answers, and how fast a
// partner-sized X12 846 is mapped and ingested. Prints figures; asserts nothing about time.
//  1. 1,000,000 order events over 100,000 orders (two lines each: order.created from the channel,
//     reservation.created from the ERP, pick.confirmed and shipment.posted from the WMS, the ERP's
//     copy of the shipment), 1,000 a request from 4 clients, with order tracking on, then again on a
//     fresh server with it off (SIGHTLINE_ORDER_TRACKING=0): the same run, the same machine.
//  2. GET /api/v1/orders, first page (and the stuck-or-late and open views), on the first server.
//  3. A 5 MB X12 846 (about 40,000 items) posted to /api/v1/edi/x12: seconds and events/s.
// BENCH_ORDERS (default 100,000) scales it down; BENCH_PORT / BENCH_PG_PORT move the server.
import { percentile, putJson, startBenchServer, type TBenchServer } from "../lib/server";
import { interchange, inventoryAdvice } from "../../server/simulator/x12";

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const WAVE = 500; // orders per wave: each wave is five requests of 1,000 events
const CLIENTS = 4;
const SKUS = 2_000;
const X12_ITEMS = Number(process.env.BENCH_X12_ITEMS ?? 40_000);
const PORT = Number(process.env.BENCH_PORT ?? 3910);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54910);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

const MASTER = {
  skus: Array.from({ length: SKUS }, (_, i) => ({ code: `OB-${i}` })),
  locations: [{ code: "OW1", kind: "warehouse" as const, authoritativeConnector: "ob-wms" }],
  // orders move through their steps within the same wave here: none stays stuck or late (else the
  // detector would open and resolve a group per order, which is not what a day of orders looks like)
  channels: [{ code: "oweb", kind: "shopify" as const, freshnessSloSeconds: 300, eligibleLocations: ["OW1"], orderAllocationSloSeconds: 30 * 86_400 }],
  connectors: [
    { code: "ob-wms", kind: "wms" as const, rateLimitPerSecond: 10_000 },
    { code: "ob-erp", kind: "erp" as const, rateLimitPerSecond: 10_000 },
    { code: "ob-shop", kind: "channel" as const, channel: "oweb", rateLimitPerSecond: 10_000 },
  ],
};

type TBatch = { connector: "ob-wms" | "ob-erp" | "ob-shop"; events: unknown[] };

/** Waves of 500 orders: their order lines, reservations, picks, shipments and the ERP's shipment copies (the last waves not shipped yet). */
function makeBatches(orders: number): TBatch[] {
  const base = Date.now() - 2 * 86_400_000;
  const batches: TBatch[] = [];
  const waves = Math.ceil(orders / WAVE);
  for (let w = 0; w < waves; w++) {
    const refs = Array.from({ length: Math.min(WAVE, orders - w * WAVE) }, (_, i) => `ob-${w * WAVE + i}`);
    const at = (o: number, step: number) => new Date(base + (w * WAVE + o) * 1000 + step * 60_000).toISOString();
    const lines = (type: string, step: number, extra: (ref: string, line: number) => Record<string, unknown> = () => ({})) =>
      refs.flatMap((ref, o) => [0, 1].map((line) => ({ eventId: `${ref}-${line}-${type}-${step}`, type, sku: `OB-${(w * WAVE + o * 2 + line) % SKUS}`, location: "OW1", quantity: 1 + line, orderRef: ref, occurredAt: at(o, step), ...extra(ref, line) })));
    batches.push({ connector: "ob-shop", events: lines("order.created", 0, () => ({ channel: "oweb", promisedShipBy: new Date(Date.now() + 7 * 86_400_000).toISOString() })) });
    batches.push({ connector: "ob-erp", events: lines("reservation.created", 1) });
    batches.push({ connector: "ob-wms", events: lines("pick.confirmed", 10) });
    // the last 5 % of orders are still in flight: reserved and picked, not shipped
    const isShipped = w < waves * 0.95;
    batches.push({ connector: "ob-wms", events: isShipped ? lines("shipment.posted", 30) : lines("stock.adjusted", 30, () => ({ quantity: undefined, orderRef: undefined, delta: 1 })) });
    batches.push({ connector: "ob-erp", events: isShipped ? lines("shipment.posted", 31) : lines("receipt.posted", 31, () => ({ orderRef: undefined })) });
  }
  return batches;
}

async function send(baseUrl: string, keys: Record<string, string>, batches: TBatch[]) {
  let next = 0;
  let retries = 0;
  const counts = { accepted: 0, rejected: 0, other: 0 };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < batches.length) {
        const b = batches[next++]!;
        const body = JSON.stringify(b.events);
        for (;;) {
          const r = await fetch(`${baseUrl}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${keys[b.connector]}`, "content-type": "application/json" }, body });
          if (r.status === 200) {
            const j = (await r.json()) as { accepted: number; rejected: number; received: number };
            counts.accepted += j.accepted;
            counts.rejected += j.rejected;
            counts.other += j.received - j.accepted - j.rejected;
            break;
          }
          retries++;
          await r.text();
          await new Promise((res) => setTimeout(res, Number(r.headers.get("retry-after") ?? 1) * 1000));
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const events = batches.reduce((n, b) => n + b.events.length, 0);
  return { seconds, events, rate: events / seconds, retries, counts };
}

async function stockUp(baseUrl: string, keys: Record<string, string>) {
  const receipts = MASTER.skus.map((s, i) => ({ eventId: `stock-${i}`, type: "receipt.posted", sku: s.code, location: "OW1", quantity: 100_000, occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString() }));
  await send(baseUrl, keys, [{ connector: "ob-wms", events: receipts }]);
}

type TRun = Awaited<ReturnType<typeof send>> & { cpuPerK: { node: number; postgres: number } };
function line(label: string, r: TRun) {
  return `  ${label.padEnd(24)} ${fmt(r.rate).padStart(7)} events/s   (${r.seconds.toFixed(1)} s)  CPU per 1,000: server ${r.cpuPerK.node.toFixed(0)} ms, PostgreSQL ${r.cpuPerK.postgres.toFixed(0)} ms   retries ${r.retries}   accepted ${fmt(r.counts.accepted)}, rejected ${fmt(r.counts.rejected)}`;
}

async function ingestRun(isTracking: boolean, batches: TBatch[], keep: (s: TBenchServer, keys: Record<string, string>) => Promise<void>) {
  const server = await startBenchServer({ port: PORT, pgPort: PG_PORT, env: { SIGHTLINE_ORDER_TRACKING: isTracking ? "1" : "0" } });
  try {
    const { connectorKeys } = await putJson(server.baseUrl, server.token, "/api/v1/master-data", MASTER);
    await stockUp(server.baseUrl, connectorKeys);
    const cpu0 = server.cpuSeconds();
    const r = await send(server.baseUrl, connectorKeys, batches);
    const cpu1 = server.cpuSeconds();
    const result: TRun = { ...r, cpuPerK: { node: ((cpu1.node - cpu0.node) / r.events) * 1e6, postgres: ((cpu1.postgres - cpu0.postgres) / r.events) * 1e6 } };
    // printed as soon as known, so a long run that fails later still says what it measured
    console.log(line(isTracking ? "order tracking on" : "order tracking off", result));
    await keep(server, connectorKeys);
    return result;
  } finally {
    await server.stop();
  }
}

async function timeGet(baseUrl: string, token: string, route: string, runs = 20) {
  const ms: number[] = [];
  let items = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await fetch(`${baseUrl}${route}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await r.json()) as { items: unknown[] };
    ms.push(performance.now() - t0);
    items = body.items.length;
  }
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), items };
}

async function x12Run(server: TBenchServer) {
  const skus = Array.from({ length: X12_ITEMS }, (_, i) => ({ code: `X12-${i}`, upc: String(400_000_000_000 + i).padStart(12, "0") }));
  const { connectorKeys } = await putJson(server.baseUrl, server.token, "/api/v1/master-data", {
    skus,
    channels: [{ code: "obigbox", kind: "edi", freshnessSloSeconds: 3600, eligibleLocations: ["OW1"] }],
    connectors: [{ code: "ob-edi", kind: "edi", channel: "obigbox", defaultLocation: "OW1", rateLimitPerSecond: 100 }],
  });
  const at = new Date(Date.now() - 60_000);
  const set = inventoryAdvice(at, "INV-BENCH", skus.map((s, i) => ({ code: s.code, upc: s.upc, quantity: i % 500 })));
  // a partner's 846 carries a description and a date per item too
  set.segments = set.segments.flatMap((seg) => (seg.startsWith("QTY*33") ? [seg, "PID*F****INDUSTRIAL SUPPLY ITEM, CASE PACK OF TWELVE", "DTM*018*20261201"] : [seg]));
  const body = interchange({ from: "ACMEDIST", to: "BIGBOXRETAIL", functionalId: "IB", control: 424242, at, sets: [set] });
  const started = performance.now();
  const r = await fetch(`${server.baseUrl}/api/v1/edi/x12`, { method: "POST", headers: { authorization: `Bearer ${connectorKeys["ob-edi"]}`, "content-type": "application/edi-x12" }, body });
  const answer = (await r.json()) as { received: number; accepted: number; rejected: number };
  const seconds = (performance.now() - started) / 1000;
  return { bytes: Buffer.byteLength(body), status: r.status, seconds, ...answer };
}

const batches = makeBatches(ORDERS);
const events = batches.reduce((n, b) => n + b.events.length, 0);
let reads: Record<string, Awaited<ReturnType<typeof timeGet>>> = {};
let x12: Awaited<ReturnType<typeof x12Run>> | null = null;
const on = await ingestRun(true, batches, async (server) => {
  reads = {
    "first page": await timeGet(server.baseUrl, server.token, "/api/v1/orders"),
    "stuck or late": await timeGet(server.baseUrl, server.token, "/api/v1/orders?attention=1"),
    "state=open": await timeGet(server.baseUrl, server.token, "/api/v1/orders?state=open"),
    "state=shipped": await timeGet(server.baseUrl, server.token, "/api/v1/orders?state=shipped&limit=500"),
  };
  x12 = await x12Run(server);
});
const off = await ingestRun(false, batches, async () => undefined);

console.log(`\nbench/orders  (${fmt(events)} order events over ${fmt(ORDERS)} orders, batches of 1,000, ${CLIENTS} clients; node ${process.version})`);
console.log(line("order tracking on", on));
console.log(line("order tracking off", off));
console.log(`  order tracking costs ingest ${(100 * (1 - on.rate / off.rate)).toFixed(1)}% of its throughput (goal: under 10 %)`);
for (const [label, r] of Object.entries(reads)) console.log(`  GET /api/v1/orders ${label.padEnd(14)} p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  (${r.items} items; goal for the first page: ≤ 100 ms)`);
if (x12) {
  const x = x12 as Awaited<ReturnType<typeof x12Run>>;
  console.log(`  X12 846, ${(x.bytes / 1024 / 1024).toFixed(2)} MB, ${fmt(X12_ITEMS)} items: HTTP ${x.status} in ${x.seconds.toFixed(2)} s, ${fmt(x.received / x.seconds)} events/s (${fmt(x.accepted)} accepted, ${fmt(x.rejected)} rejected)`);
}
if (on.counts.accepted !== events || off.counts.accepted !== events) {
  console.error("  MISMATCH: not every event was accepted");
  process.exitCode = 1;
}
