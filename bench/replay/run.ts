// bench/replay: 100,000 rejected events (unknown SKU codes) replayed after their aliases are added —
// plan (the dry run) plus apply (in the background, chunk by chunk) — against the ingest rate of the
// same events measured in the same run on the same server (HTTP, batches of 1,000, 4 clients, as
// bench/ingest does). Prints both rates and their ratio, and checks the replayed books equal the
// ingested ones field for field.
import pg from "pg";
import { putJson, startBenchServer } from "../lib/server";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH = 1_000;
const CLIENTS = 4;
const SKUS = 2_000;
// additive movements only, so the book does not depend on the order batches commit in
const TYPES = ["receipt.posted", "stock.adjusted", "order.created", "reservation.created", "channel.quantity.observed", "receipt.posted"] as const;

function makeEvents(n: number, sku: (i: number) => string, idPrefix: string, base: number) {
  return Array.from({ length: n }, (_, i) => {
    const type = TYPES[i % TYPES.length]!;
    const eventId = `${idPrefix}-${i}`;
    const occurredAt = new Date(base + i * 10).toISOString();
    const s = sku(i % SKUS);
    switch (type) {
      case "stock.adjusted":
        return { eventId, type, sku: s, location: "BW1", delta: (i % 7) - 3 || 1, occurredAt };
      case "order.created":
        return { eventId, type, sku: s, location: "BW1", channel: "bweb", quantity: 1, orderRef: `o-${i}`, occurredAt };
      case "channel.quantity.observed":
        return { eventId, type, sku: s, channel: "bweb", quantity: i % 50, occurredAt };
      default:
        return { eventId, type, sku: s, location: i % 2 ? "BW1" : "BW2", quantity: 1 + (i % 5), occurredAt };
    }
  });
}

async function sendAll(baseUrl: string, key: string, events: unknown[]) {
  const batches: unknown[][] = [];
  for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
  let next = 0;
  const counts = { accepted: 0, rejected: 0 };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < batches.length) {
        const body = JSON.stringify(batches[next++]!);
        for (;;) {
          const r = await fetch(`${baseUrl}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
          if (r.status === 200) {
            const j = (await r.json()) as typeof counts;
            counts.accepted += j.accepted;
            counts.rejected += j.rejected;
            break;
          }
          await r.text();
          await new Promise((res) => setTimeout(res, Number(r.headers.get("retry-after") ?? 1) * 1000));
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { seconds, rate: events.length / seconds, counts };
}

async function call(baseUrl: string, token: string, method: string, route: string, body?: unknown) {
  const r = await fetch(`${baseUrl}${route}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await r.json()) as Record<string, unknown>;
  if (r.status >= 300) throw new Error(`${method} ${route} ${r.status}: ${JSON.stringify(json)}`);
  return json;
}

async function main() {
  // BENCH_DISABLE_WORKERS (e.g. "exceptions,targets,drift") measures without those background workers
  const disabledWorkers = process.env.BENCH_DISABLE_WORKERS ?? "";
  const server = await startBenchServer({ port: 3603, pgPort: 54603, env: disabledWorkers ? { SIGHTLINE_DISABLE_WORKERS: disabledWorkers } : {} });
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  try {
    const { connectorKeys } = await putJson(server.baseUrl, server.token, "/api/v1/master-data", {
      skus: ["BENCH", "REPLAY", "WARM"].flatMap((prefix) => Array.from({ length: SKUS }, (_, i) => ({ code: `${prefix}-${i}` }))),
      connectors: [{ code: "bench-wms", kind: "wms", rateLimitPerSecond: 10_000 }],
      locations: [
        { code: "BW1", kind: "warehouse", authoritativeConnector: "bench-wms" },
        { code: "BW2", kind: "warehouse" },
      ],
      channels: [{ code: "bweb", kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: ["BW1", "BW2"] }],
    });
    const key = connectorKeys["bench-wms"]!;
    const base = Date.now() - 3_600_000;
    await sendAll(server.baseUrl, key, makeEvents(2_000, (i) => `WARM-${i}`, "warm", base - 60_000));

    // 1. the ingest rate: the same events, valid, over HTTP
    const ingest = await sendAll(server.baseUrl, key, makeEvents(TOTAL, (i) => `BENCH-${i}`, "ing", base));
    // 2. the same events under codes nobody knows yet: every one is a dead letter
    const dead = await sendAll(server.baseUrl, key, makeEvents(TOTAL, (i) => `OLD-${i}`, "old", base));
    // the operator comes along once the dead letters are exception groups (the detector has caught up),
    // so the replay is timed on its own, not against the detector's backlog of 100,000 new events
    const client = new pg.Client({ connectionString: server.pgUrl });
    await client.connect();
    const tDetect = performance.now();
    if (!disabledWorkers.includes("exceptions")) {
      for (let i = 0; i < 600; i++) {
        const { rows } = await client.query<{ n: number }>("select count(*)::int as n from exception_group where kind = 'rejected_event'");
        if (rows[0]!.n >= SKUS) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    const detectSeconds = (performance.now() - tDetect) / 1000;
    // 3. the cause is fixed: each old code becomes an alias of a REPLAY-i SKU
    await putJson(server.baseUrl, server.token, "/api/v1/master-data", { skus: Array.from({ length: SKUS }, (_, i) => ({ code: `REPLAY-${i}`, aliases: [`OLD-${i}`] })) });

    // 4. plan (dry run) + apply (background, chunked), timed together
    const t0 = performance.now();
    const plan = await call(server.baseUrl, server.token, "POST", "/api/v1/replays", { selector: { connector: "bench-wms", status: "rejected" } });
    const planSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await call(server.baseUrl, server.token, "POST", `/api/v1/replays/${String(plan.id)}/apply`, { reason: "bench: aliases added" });
    let done: Record<string, unknown> = {};
    for (;;) {
      done = await call(server.baseUrl, server.token, "GET", `/api/v1/replays/${String(plan.id)}`);
      if (done.status !== "applying") break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const applySeconds = (performance.now() - t1) / 1000;
    const replaySeconds = planSeconds + applySeconds;
    const replayRate = TOTAL / replaySeconds;

    // 5. exact: every replayed book equals the book the same events built through ingest
    const { rows } = await client.query<{ differing: number; compared: number }>(
      `select count(*) filter (where row(a.on_hand, a.reserved, a.allocated, a.in_transit, a.damaged, a.quarantine) is distinct from row(b.on_hand, b.reserved, b.allocated, b.in_transit, b.damaged, b.quarantine))::int as differing,
              count(*)::int as compared
       from inventory_position a join sku sa on sa.id = a.sku_id
       full join (inventory_position b join sku sb on sb.id = b.sku_id) on sb.code = replace(sa.code, 'BENCH-', 'REPLAY-') and b.location_id = a.location_id
       where sa.code like 'BENCH-%' or sb.code like 'REPLAY-%'`,
    );
    await client.end();

    const result = done.result as { applied: number; skipped: number; failed: number } | null;
    console.log(`\nbench/replay  (${fmt(TOTAL)} rejected events over ${fmt(SKUS)} SKUs × 2 locations + a channel; node ${process.version}; workers off: ${disabledWorkers || "none"})`);
    console.log(`  ingest (HTTP, batches of ${BATCH}, ${CLIENTS} clients)  ${fmt(ingest.rate).padStart(8)} events/s   (${ingest.seconds.toFixed(2)} s; ${fmt(ingest.counts.accepted)} accepted)`);
    console.log(`  the dead letters arriving             ${fmt(dead.rate).padStart(8)} events/s   (${dead.seconds.toFixed(2)} s; ${fmt(dead.counts.rejected)} rejected)`);
    console.log(`  (the detector turned them into ${fmt(SKUS)} rejected_event groups within ${detectSeconds.toFixed(1)} s)`);
    console.log(`  replay plan (dry run)                 ${planSeconds.toFixed(2).padStart(8)} s        (${fmt(Number(plan.wouldApply))} would apply, ${(plan.effects as unknown[]).length} effects)`);
    console.log(`  replay apply (background, chunked)    ${applySeconds.toFixed(2).padStart(8)} s        (applied ${fmt(result?.applied ?? 0)}, skipped ${result?.skipped}, failed ${result?.failed})`);
    console.log(`  replay plan + apply                   ${replaySeconds.toFixed(2).padStart(8)} s   →  ${fmt(replayRate)} events/s   ratio ${(replayRate / ingest.rate).toFixed(2)}× ingest   ${replaySeconds < 30 ? "(under 30 s)" : "(OVER 30 s)"}`);
    console.log(`  books compared, replayed vs ingested: ${rows[0]!.compared} positions, ${rows[0]!.differing} differing`);
    console.log(`  server RSS (node processes) ${server.rssMb()} MiB`);
    if (result?.applied !== TOTAL || rows[0]!.differing !== 0 || dead.counts.rejected !== TOTAL) {
      console.error("  MISMATCH: the replay did not reproduce the ingested books exactly");
      process.exitCode = 1;
    }
  } finally {
    await server.stop();
  }
}

await main();
