// bench:kpis — 1) 10 million events over 90 days loaded set-based into a scratch PostgreSQL, one
// 6-hour slice at a time, each slice rolled up by the KPI worker's own code (as it would live); then
// the dashboard's data call (the tRPC kpis.report) for 24 h, 7 d, 30 d and 90 d beside a raw-SQL
// floor (one aggregate pass over the range's events). 2) The worker's cost beside ingest: N events
// through ingestBatch, then the worker over them, each in events/s.
//   npm run bench:kpis            (BENCH_EVENTS=10000000 BENCH_DAYS=90 BENCH_INGEST=100000 to change sizes)
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/server/database/embedded";
import { migrate } from "@/server/database/migrate";
import { CHANNELS, loadSlice, seedExceptions, seedMasterData, seedOpeningStock } from "./load";
import { medianOf, time } from "../lib/timing";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const INGEST = Number(process.env.BENCH_INGEST ?? 100_000);
const SLICE_MS = 6 * 3_600_000;
const RUNS = 7;
const LIMIT_MS = 200;

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function historyBench(url: string) {
  const raw = new pg.Client({ connectionString: url });
  raw.on("error", (e) => console.error("bench connection:", e.message));
  await raw.connect();
  const { catchUpKpis } = await import("@/server/kpis/worker");
  const { sampleAccuracy } = await import("@/server/kpis/accuracy");
  const { newHorizonState } = await import("@/server/exceptions/horizon");
  const { db } = await import("@/server/db");

  const { rows: loaded } = await raw.query<{ value: { endMs: number } }>(`select value from app_setting where key = 'bench.loaded'`).catch(() => ({ rows: [] as { value: { endMs: number } }[] }));
  if (loaded[0]) {
    await measure(raw, loaded[0].value.endMs);
    await raw.end();
    return;
  }
  await seedMasterData(raw);
  const endMs = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const startMs = endMs - DAYS * 86_400_000;
  const slices = Math.ceil((endMs - startMs) / SLICE_MS);
  const perSlice = Math.ceil(EVENTS / slices);
  await seedOpeningStock(raw, startMs - 3_600_000);
  const state = newHorizonState();
  let loadMs = 0;
  let rollupMs = 0;
  let accuracyMs = 0;
  let rolled = 0;
  const started = performance.now();
  for (let s = 0; s < slices; s++) {
    const from = startMs + s * SLICE_MS;
    loadMs += (await time(() => loadSlice(raw, s, from, SLICE_MS, perSlice)))[0];
    const [t, n] = await time(() => catchUpKpis(state, { batchSize: 50_000, timeoutMs: 600_000 }));
    rollupMs += t;
    rolled += n;
    // the worker samples accuracy once a minute; here once per hour of the slice
    for (let h = 0; h < SLICE_MS / 3_600_000; h++) accuracyMs += (await time(() => sampleAccuracy(db, new Date(from + h * 3_600_000 + 1))))[0];
    if (s < 8 || s % 40 === 39) await raw.query("analyze");
    if (s % 40 === 39) {
      process.stdout.write(`  … ${fmt((s + 1) * perSlice)} events, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    }
  }
  const exceptionGroups = 40_000;
  await seedExceptions(raw, startMs, endMs, exceptionGroups);
  await raw.query("vacuum analyze");
  const { rows: sizes } = await raw.query<{ events: string; movements: string; latency_hourly: string; latency_daily: string; hourly: string; publish: string}>(`
    select (select count(*) from event)::text as events, (select count(*) from movement)::text as movements,
           (select count(*) from kpi_latency_hourly)::text as latency_hourly, (select count(*) from kpi_latency_daily)::text as latency_daily,
           (select count(*) from kpi_hourly)::text as hourly, (select count(*) from kpi_publish)::text as publish`);
  const z = sizes[0]!;
  console.log(`\nbench/kpis — ${fmt(Number(z.events))} events over ${DAYS} days (${fmt(Number(z.movements))} journal rows), ${CHANNELS.length} channels, 10,000 SKUs, ${fmt(exceptionGroups)} exception groups`);
  console.log(`  loaded set-based in ${(loadMs / 1000).toFixed(0)} s; rolled up by the worker's code in ${(rollupMs / 1000).toFixed(0)} s (${fmt(rolled / (rollupMs / 1000))} events/s); accuracy sampled ${DAYS * 24} hours in ${(accuracyMs / 1000).toFixed(1)} s`);
  console.log(`  roll-up rows: kpi_hourly ${fmt(Number(z.hourly))}, latency histogram hourly ${fmt(Number(z.latency_hourly))} / daily ${fmt(Number(z.latency_daily))}, kpi_publish ${fmt(Number(z.publish))}\n`);

  await raw.query(`insert into app_setting (key, value) values ('bench.loaded', $1::jsonb)`, [JSON.stringify({ endMs })]);
  await measure(raw, endMs);
  await raw.end();
}

async function measure(raw: pg.Client, endMs: number) {
  const { kpiReport } = await import("@/server/kpis/report");
  const sources = await import("@/server/kpis/sources");
  const { resolveWindow } = await import("@/server/kpis/window");
  const now = new Date(endMs - 1);
  // The worker recomputes the exception roll-up over all history when it starts (the seeded groups are history).
  const { runExceptionRollup } = await import("@/server/kpis/worker");
  const [exceptionsMs] = await time(() => runExceptionRollup(true));
  console.log(`  exception roll-up recomputed over all history in ${ms(exceptionsMs)}\n`);
  console.log(`  ${"dashboard data call (kpis.report: range + previous period + trend, all channels)".padEnd(86)} median of ${RUNS}`);
  for (const [label, days] of [["24 h", 1], ["7 d", 7], ["30 d", 30], ["90 d", 90]] as const) {
    if (days * 86_400_000 > endMs - (await startOf(raw)) + 3_600_000) continue;
    const range = { from: new Date(now.getTime() - days * 86_400_000).toISOString(), to: now.toISOString() };
    const app = await medianOf(() => kpiReport(range, now));
    const oneChannel = await medianOf(() => kpiReport({ ...range, channel: "web" }, now));
    const baseline = await medianOf(() => raw.query(`select type, channel_id, count(*) from event where occurred_at >= $1 and occurred_at < $2 group by 1, 2`, [range.from, range.to]), 3);
    const r = await kpiReport(range, now);
    const f = r.current.figures;
    const w = resolveWindow({ from: new Date(range.from), to: now }, now);
    const parts = [
      ["roll-up counters", () => sources.counterRows(w, null)],
      ["latency histograms", () => sources.latencyRows(w, null)],
      ["ingest counters", () => sources.ingestRows(w, null)],
      ["exceptions roll-up", () => sources.exceptionRows(w, null)],
    ] as const;
    const partTimes = [];
    for (const [name, fn] of parts) partTimes.push(`${name} ${ms(await medianOf(fn))}`);
    console.log(
      `  ${label.padEnd(5)} ${ms(app).padStart(9)} ${app < LIMIT_MS ? "✓" : "✗"} (< ${LIMIT_MS} ms)   channel=web ${ms(oneChannel).padStart(9)}   raw SQL floor ${ms(baseline).padStart(10)}  ×${(baseline / app).toFixed(0)} faster` +
        `   | oversell ${(100 * (f.oversellRate ?? 0)).toFixed(2)}% of ${fmt(f.orders)}, latency p50 ${f.syncLatencyP50Seconds} s p95 ${f.syncLatencyP95Seconds} s, stale ${f.staleFeedMinutes} min, accuracy ${(100 * (f.accuracy ?? 0)).toFixed(1)}%, MTTR ${f.mttrMinutes} min, events ${fmt(f.eventsIngested)}`,
    );
    console.log(`          sources: ${partTimes.join(", ")}`);
  }
}

async function startOf(raw: pg.Client): Promise<number> {
  const { rows } = await raw.query<{ t: Date }>("select min(hour) as t from kpi_hourly");
  return rows[0]!.t.getTime() - 3_600_000;
}

/** The worker beside ingest: the same N events through ingestBatch (4 concurrent batches of 1,000), then the worker over them. */
async function costBench(url: string) {
  const { upsertMasterData } = await import("@/server/master-data/upsert");
  const { ingestBatch } = await import("@/server/ingest/ingest-batch");
  const { catchUpKpis } = await import("@/server/kpis/worker");
  const { db } = await import("@/server/db");
  void url;
  const skus = 2_000;
  await upsertMasterData(
    {
      skus: Array.from({ length: skus }, (_, i) => ({ code: `I-${i}` })),
      connectors: [{ code: "iwms", kind: "wms" }],
      locations: [
        { code: "IW1", kind: "warehouse", authoritativeConnector: "iwms" },
        { code: "IW2", kind: "warehouse" },
      ],
      channels: [
        { code: "iweb", kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: ["IW1", "IW2"] },
        { code: "iamz", kind: "amazon", freshnessSloSeconds: 900, eligibleLocations: ["IW2"] },
      ],
    },
    "bench",
  );
  const connector = await db.connector.findUniqueOrThrow({ where: { code: "iwms" }, select: { id: true, code: true, channelId: true } });
  const types = ["receipt.posted", "stock.adjusted", "order.created", "reservation.created", "pick.confirmed", "channel.quantity.published"] as const;
  const base = Date.now() - 3_600_000;
  const events = Array.from({ length: INGEST }, (_, i) => {
    const type = types[i % types.length]!;
    const sku = `I-${(i * 7) % skus}`;
    const occurredAt = new Date(base + i * 10).toISOString();
    const eventId = `i-${i}`;
    if (type === "stock.adjusted") return { eventId, type, sku, location: "IW1", delta: (i % 7) - 3 || 1, occurredAt };
    if (type === "order.created") return { eventId, type, sku, location: "IW1", channel: i % 2 ? "iweb" : "iamz", quantity: 1, orderRef: `o-${i}`, occurredAt };
    if (type === "channel.quantity.published") return { eventId, type, sku, channel: i % 2 ? "iweb" : "iamz", quantity: i % 50, occurredAt };
    return { eventId, type, sku, location: i % 2 ? "IW1" : "IW2", quantity: 1 + (i % 5), occurredAt };
  });
  const batches: unknown[][] = [];
  for (let i = 0; i < events.length; i += 1000) batches.push(events.slice(i, i + 1000));
  let next = 0;
  const [ingestMs] = await time(() =>
    Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < batches.length) await ingestBatch(connector, batches[next++]!);
      }),
    ),
  );
  // Fresh tables have no statistics yet; autovacuum would have analysed them by now on a live system.
  await db.$executeRawUnsafe("analyze");
  const [workerMs, rolled] = await time(() => catchUpKpis(undefined, { timeoutMs: 600_000 }));
  const ingestRate = INGEST / (ingestMs / 1000);
  const workerRate = rolled / (workerMs / 1000);
  console.log(`\n  worker cost beside ingest (${fmt(INGEST)} fresh events, same database)`);
  console.log(`    ingest (ingestBatch, in process, 4 × 1,000)   ${fmt(ingestRate).padStart(9)} events/s   (${(ingestMs / 1000).toFixed(1)} s)`);
  console.log(`    KPI worker over the same events              ${fmt(workerRate).padStart(9)} events/s   (${(workerMs / 1000).toFixed(1)} s)`);
  console.log(`    → rolling up adds ${((100 * workerMs) / ingestMs).toFixed(1)} % of ingest's time (target < 10 %); compare npm run bench:ingest's HTTP rate, which is lower still`);
}

async function listNewest(url: string): Promise<string | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ datname: string }>("select datname from pg_database where datname like 'bench_ingest_%' order by datname desc limit 1");
  await c.end();
  return rows[0]?.datname ?? null;
}

async function main() {
  // BENCH_DIR keeps the scratch cluster and its loaded history, so a later run only measures.
  const keep = process.env.BENCH_DIR;
  const dir = keep ? path.resolve(keep) : mkdtempSync(path.join(os.tmpdir(), "sightline-bench-kpis-"));
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: 57000 + Math.floor(Math.random() * 900), database: "bench" });
  process.env.LOG_LEVEL = "silent";
  process.env.SIGHTLINE_SECRET ??= "bench-secret-0123456789abcdef0123456789";
  const { closeDatabase } = await import("@/server/db");
  try {
    if (process.env.BENCH_SKIP_COST !== "1") {
      await server.createDatabase(`bench_ingest_${Date.now()}`);
      const costUrl = server.urlFor((await listNewest(server.url)) ?? "bench_ingest");
      await migrate(costUrl);
      process.env.DATABASE_URL = costUrl;
      await costBench(costUrl);
      await closeDatabase();
    }

    await migrate(server.url);
    process.env.DATABASE_URL = server.url;
    await historyBench(server.url);
  } finally {
    await closeDatabase();
    await server.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
