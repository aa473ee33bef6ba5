// Check 16: sustained ingest with autocannon at the bench's shape (4 connections, batches of 1,000
// events of six types, as fast as the server answers) for 60 s against the real server with its
// workers running; p50/p99 response time and errors reported, and zero lost events: every event
// of every acknowledged batch is in the event log, and nothing is stored twice.
import autocannon from "autocannon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { treeRssMb } from "../../bench/lib/server";
import { putMasterData, type TIngestAnswer } from "./lib/api";
import { sql } from "./lib/db";
import { figure, startOwnServer } from "./lib/servers";

const SECONDS = Number(process.env.RESILIENCE_LOAD_SECONDS ?? 60);
const CONNECTIONS = 4;
const BATCH = 1_000;
const SKUS = 2_000;
const TYPES = ["receipt.posted", "stock.adjusted", "order.created", "reservation.created", "pick.confirmed", "channel.quantity.observed"] as const;

let server: Awaited<ReturnType<typeof startOwnServer>>;
let key: string;

beforeAll(async () => {
  server = await startOwnServer(6, { LOG_LEVEL: "warn" });
  const { connectorKeys } = await putMasterData(server.baseUrl, server.token, {
    skus: Array.from({ length: SKUS }, (_, i) => ({ code: `LOAD-${i}` })),
    connectors: [{ code: "load-wms", kind: "wms", rateLimitPerSecond: 10_000 }],
    locations: [
      { code: "LW1", kind: "warehouse", authoritativeConnector: "load-wms" },
      { code: "LW2", kind: "warehouse" },
    ],
    channels: [{ code: "lweb", kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: ["LW1", "LW2"] }],
  });
  key = connectorKeys["load-wms"]!;
});

afterAll(async () => {
  await server?.stop();
});

const base = Date.now() - 3_600_000;
function batch(n: number): string {
  const events = Array.from({ length: BATCH }, (_, j) => {
    const i = n * BATCH + j;
    const type = TYPES[i % TYPES.length]!;
    const common = { eventId: `load-${n}-${j}`, type, sku: `LOAD-${i % SKUS}`, occurredAt: new Date(base + i).toISOString() };
    switch (type) {
      case "stock.adjusted":
        return { ...common, location: "LW1", delta: (i % 7) - 3 || 1 };
      case "order.created":
        return { ...common, location: "LW1", channel: "lweb", quantity: 1, orderRef: `o-${i}` };
      case "channel.quantity.observed":
        return { ...common, channel: "lweb", quantity: i % 50 };
      default:
        return { ...common, location: i % 2 ? "LW1" : "LW2", quantity: 1 + (i % 5) };
    }
  });
  return JSON.stringify(events);
}

describe("check 16: sustained ingest load", () => {
  it(`holds ${CONNECTIONS} connections of ${BATCH}-event batches for ${SECONDS} s and loses nothing`, async () => {
    let next = 0;
    const acked = new Set<number>();
    const statuses: Record<number, number> = {};
    let acceptedEvents = 0;
    const rssBefore = treeRssMb(server.proc.pid!);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, treeRssMb(server.proc.pid!))), 1_000);
    const result = await autocannon({
      url: `${server.baseUrl}/api/v1/events`,
      connections: CONNECTIONS,
      duration: SECONDS,
      timeout: 30,
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      requests: [
        {
          setupRequest: (request, context) => {
            const n = next++;
            context.batch = n;
            return { ...request, body: batch(n) };
          },
          onResponse: (status, body, context) => {
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status !== 200) return;
            const answer = JSON.parse(body) as TIngestAnswer;
            if (answer.received === BATCH) acked.add(context.batch as number);
            acceptedEvents += answer.accepted;
          },
        },
      ],
    });
    clearInterval(sampler);
    // autocannon abandons the requests in flight when time is up; the server still finishes them
    let settled = -1;
    for (;;) {
      const [{ n }] = (await sql<{ n: number }>(server.pgUrl, `select count(*)::int as n from event`)) as [{ n: number }];
      if (n === settled) break;
      settled = n;
      await new Promise((r) => setTimeout(r, 2_000));
    }

    // every event of every acknowledged batch is stored, exactly once
    const rows = await sql<{ event_id: string }>(server.pgUrl, `select event_id from event where connector_id = (select id from connector where code = 'load-wms')`);
    const stored = new Set(rows.map((r) => r.event_id));
    expect(stored.size).toBe(rows.length);
    let missing = 0;
    for (const n of acked) for (let j = 0; j < BATCH; j++) if (!stored.has(`load-${n}-${j}`)) missing++;
    const ackedEvents = acked.size * BATCH;
    const [applied] = await sql<{ n: number }>(server.pgUrl, `select count(*)::int as n from event where connector_id = (select id from connector where code = 'load-wms') and status = 'accepted' and applied_at is not null`);

    const errors = result.errors + result.timeouts + result.non2xx;
    const seconds = result.duration;
    figure(
      16,
      `autocannon ${CONNECTIONS} connections × ${BATCH}-event batches for ${seconds.toFixed(0)} s: ${result.requests.total.toLocaleString("en-US")} requests (${(ackedEvents / seconds).toFixed(0)} events/s), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx} (${JSON.stringify(statuses)}); acknowledged ${ackedEvents.toLocaleString("en-US")} events (${acceptedEvents.toLocaleString("en-US")} accepted), stored ${stored.size.toLocaleString("en-US")} (${(stored.size - ackedEvents).toLocaleString("en-US")} from requests in flight when the client stopped), applied ${applied!.n.toLocaleString("en-US")}, lost ${missing}; server RSS ${rssBefore} → ${rssPeak} MiB peak`,
    );
    expect(missing).toBe(0);
    expect(acceptedEvents).toBe(ackedEvents);
    expect(stored.size).toBeGreaterThanOrEqual(ackedEvents);
    expect(stored.size - ackedEvents).toBeLessThanOrEqual(CONNECTIONS * BATCH);
    expect(applied!.n).toBe(stored.size);
    expect(acked.size).toBeGreaterThan(0);
    expect(errors).toBe(0);
  });
});
