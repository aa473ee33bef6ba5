// bench:advisor — the buffer advisor's suggestions over 30 days of a 200,000-SKU catalogue: the history
// (10 million events by default) loaded set-based into a scratch PostgreSQL one 6-hour slice at a time,
// each slice rolled up by the KPI worker's own code (which keeps the advisor's tables); then the
// suggestions for every channel (the tRPC/REST domain call), its Node memory, and a raw-SQL baseline of
// the same backtest straight from the event log and the journal.
//   npm run bench:advisor        (BENCH_EVENTS=10000000 BENCH_SKUS=200000 BENCH_DAYS=30 BENCH_BATCH=15000; BENCH_DIR keeps the loaded cluster)
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/server/database/embedded";
import { migrate } from "@/server/database/migrate";
import { medianOf, time } from "../lib/timing";
import { CHANNELS, loadSlice, seedMasterData, seedOpeningStock } from "./load";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const SKUS = Number(process.env.BENCH_SKUS ?? 200_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const SLICE_MS = 6 * 3_600_000;
const LIMIT_MS = 2000;
/** Events per roll-up transaction: the live worker's batch (a 50,000-event batch over 200,000 SKUs outgrew its 60 s transaction). */
const BATCH = Number(process.env.BENCH_BATCH ?? 15_000);

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function load(raw: pg.Client) {
  const { catchUpKpis } = await import("@/server/kpis/worker");
  const { newHorizonState } = await import("@/server/exceptions/horizon");
  await seedMasterData(raw, SKUS);
  const endMs = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const startMs = endMs - DAYS * 86_400_000;
  const slices = Math.ceil((endMs - startMs) / SLICE_MS);
  const perSlice = Math.ceil(EVENTS / slices);
  await seedOpeningStock(raw, SKUS, startMs - 3_600_000);
  const state = newHorizonState();
  let loadMs = 0;
  let rollupMs = 0;
  let rolled = 0;
  const started = performance.now();
  for (let s = 0; s < slices; s++) {
    loadMs += (await time(() => loadSlice(raw, SKUS, s, startMs + s * SLICE_MS, SLICE_MS, perSlice)))[0];
    // fresh tables have no statistics yet: the live worker analyses after its first 20,000 events, so before its first slice here
    if (s === 0) await raw.query("analyze");
    const [t, n] = await time(() => catchUpKpis(state, { batchSize: BATCH, timeoutMs: 1_200_000 }));
    rollupMs += t;
    rolled += n;
    if (s < 6 || s % 20 === 19) await raw.query("analyze");
    if (s % 20 === 19) process.stdout.write(`  … ${fmt((s + 1) * perSlice)} events, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  await raw.query("vacuum analyze");
  console.log(`  loaded set-based in ${(loadMs / 1000).toFixed(0)} s; rolled up by the worker's code (KPIs and the advisor's tables) in ${(rollupMs / 1000).toFixed(0)} s (${fmt(rolled / (rollupMs / 1000))} events/s)`);
  await raw.query(`insert into app_setting (key, value) values ('bench.advisor.loaded', $1::jsonb)`, [JSON.stringify({ endMs })]);
  return endMs;
}

/** The same backtest without the roll-up: every order of the range against the log's last publish before it and the journal's ATP just before it. */
const RAW_BACKTEST = `
  with o as (
    select e.id, e.sku_id, e.channel_id, coalesce(e.quantity, 0) as quantity, e.occurred_at from event e
    where e.status = 'accepted' and e.type = 'order.created' and e.channel_id is not null and e.sku_id is not null and e.occurred_at >= $1 and e.occurred_at < $2),
  marks as (select o.id, o.sku_id, cl.location_id, o.occurred_at from o join channel_location cl on cl.channel_id = o.channel_id),
  pairs as (select sku_id, location_id, min(occurred_at) as since from marks group by 1, 2),
  stream as (
    select m.sku_id, m.location_id, m.occurred_at, m.event_pk, (m.d_on_hand - m.d_reserved - m.d_allocated) as d, null::bigint as order_id
    from pairs p join movement m on m.book = 0 and m.sku_id = p.sku_id and m.location_id = p.location_id and m.occurred_at >= p.since
    union all select sku_id, location_id, occurred_at, id, 0, id from marks),
  later as (select order_id, sku_id, location_id, sum(d) over (partition by sku_id, location_id order by occurred_at desc, event_pk desc) as d from stream),
  pool as (
    select l.order_id as id, sum(coalesce(p.on_hand - p.reserved - p.allocated, 0) - l.d) as atp
    from later l left join inventory_position p on p.sku_id = l.sku_id and p.location_id = l.location_id
    where l.order_id is not null group by l.order_id),
  x as (
    select o.channel_id, coalesce(pool.atp, 0) < o.quantity as is_oversold,
           (select p.quantity from event p where p.sku_id = o.sku_id and p.occurred_at < o.occurred_at and p.channel_id = o.channel_id
              and p.status = 'accepted' and p.type in ('channel.quantity.published', 'channel.quantity.observed') order by p.occurred_at desc, p.id desc limit 1) - o.quantity as slack
    from o left join pool on pool.id = o.id)
  select channel_id, is_oversold, case when slack is not null then least(greatest(slack, -1), 1000) end::int as slack, count(*)::int as n from x group by 1, 2, 3`;

async function measure(raw: pg.Client, endMs: number) {
  const { bufferSuggestions } = await import("@/server/advisor/suggestions");
  const now = new Date(endMs - 1);
  const { rows: sizes } = await raw.query<Record<string, string>>(`
    select (select count(*) from event)::text as events, (select count(*) from movement)::text as movements, (select count(*) from advisor_order)::text as orders,
           (select count(*) from kpi_publish)::text as publishes, (select count(*) from advisor_exposure_daily)::text as exposure_daily,
           (select count(*) from advisor_stockout_daily)::text as stockout_daily, (select count(*) from advisor_first_exposure)::text as first_exposure,
           pg_size_pretty(pg_total_relation_size('advisor_order')) as order_size`);
  const z = sizes[0]!;
  console.log(`\nbench/advisor — ${fmt(Number(z.events))} events over ${DAYS} days (${fmt(Number(z.movements))} journal rows), ${CHANNELS.length} channels, ${fmt(SKUS)} SKUs`);
  console.log(`  advisor tables: advisor_order ${fmt(Number(z.orders))} orders (${z.order_size}), kpi_publish ${fmt(Number(z.publishes))}, exposure-time rows ${fmt(Number(z.exposure_daily))}, stock-out rows ${fmt(Number(z.stockout_daily))}, first exposures ${fmt(Number(z.first_exposure))}\n`);

  // Node memory while the call runs, sampled every 5 ms: the roll-up sums in PostgreSQL, so it stays flat as the range grows
  const memoryOf = async (fn: () => Promise<unknown>) => {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    await fn();
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().heapUsed) - before;
  };
  console.log(`  ${"suggestions, every channel (bufferSuggestions: the REST and tRPC call)".padEnd(74)} median of 5   Node heap growth`);
  for (const days of [1, 7, 30].filter((d) => d <= DAYS)) {
    const app = await medianOf(() => bufferSuggestions({ days }, now), 5);
    const heap = await memoryOf(() => bufferSuggestions({ days }, now));
    console.log(`  ${`${days} d`.padEnd(6)} ${`${app.toFixed(0)} ms`.padStart(8)} ${days === 30 ? (app <= LIMIT_MS ? `✓ (≤ ${LIMIT_MS} ms)` : `✗ (> ${LIMIT_MS} ms)`) : ""}`.padEnd(88) + `  ${mb(heap)}`);
  }
  {
    const src = await import("@/server/advisor/sources");
    const { rangeOf } = await import("@/server/advisor/suggestions");
    const range = rangeOf(DAYS, now);
    const ids = (await raw.query<{ id: number }>("select id from channel")).rows.map((x) => x.id);
    const parts = [
      ["orders by slack", () => src.slackRows(range, ids)],
      ["velocity", () => src.velocityRows(range, ids)],
      ["exposure time", () => src.exposureTimeRows(range, ids)],
      ["latency", () => src.latencyRows(range, ids)],
    ] as const;
    const times: string[] = [];
    for (const [name, fn] of parts) times.push(`${name} ${(await medianOf(fn, 3)).toFixed(0)} ms`);
    console.log(`         ${DAYS} d sources (run side by side in the call): ${times.join(", ")}`);
  }
  const r = await bufferSuggestions({ days: DAYS }, now);
  for (const s of r.items) {
    console.log(`    ${s.channel.padEnd(4)} ${fmt(s.orders).padStart(9)} orders, ${fmt(s.oversells).padStart(7)} oversold; velocity p90 ${s.velocityP90PerHour}/h, latency p95 ${s.latencyP95Seconds} s → ${s.recommended.units} units (avoids ${fmt(s.recommended.oversellsAvoided)}, affects ${fmt(s.recommended.ordersAffected)}); curve ${s.curve.length} points`);
  }
  const from = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000 - DAYS * 86_400_000);
  await raw.query("set work_mem = '256MB'");
  const [rawMs, rawResult] = await time(() => raw.query(RAW_BACKTEST, [from, now]));
  const app = await medianOf(() => bufferSuggestions({ days: DAYS }, now), 3);
  // the same histogram both ways: (channel, oversold?, slack) → orders
  const { slackRows } = await import("@/server/advisor/sources");
  const ids = [...new Set(rawResult.rows.map((x: { channel_id: number }) => x.channel_id))];
  const key = (x: { channel_id: number; isOversold?: boolean; is_oversold?: boolean; slack: number | null }) => `${x.channel_id}|${x.isOversold ?? x.is_oversold}|${x.slack}`;
  const mine = new Map((await slackRows({ from, to: now, today: now }, ids)).map((x) => [key(x), x.n]));
  const differing = rawResult.rows.filter((x: { channel_id: number; is_oversold: boolean; slack: number | null; n: number }) => mine.get(key(x)) !== x.n).length;
  const tested = [...mine.entries()].filter(([k]) => !k.endsWith("|null")).reduce((s, [, n]) => s + n, 0);
  console.log(`\n  raw-SQL baseline, the same ${DAYS}-day backtest from the event log and the journal: ${(rawMs / 1000).toFixed(1)} s → the advisor is ×${(rawMs / app).toFixed(0)} faster (${app.toFixed(0)} ms)`);
  console.log(`  the two agree: ${differing === 0 ? "every" : `${fmt(rawResult.rows.length - differing) } of ${fmt(rawResult.rows.length)}`} (channel, oversold, slack) count the same; ${fmt(tested)} orders backtested (the others came before the channel had shown the SKU)`);
}

async function main() {
  const keep = process.env.BENCH_DIR;
  const dir = keep ? path.resolve(keep) : mkdtempSync(path.join(os.tmpdir(), "sightline-bench-advisor-"));
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: 57000 + Math.floor(Math.random() * 900), database: "bench" });
  process.env.LOG_LEVEL = "silent";
  process.env.SIGHTLINE_SECRET ??= "bench-secret-0123456789abcdef0123456789";
  const { closeDatabase } = await import("@/server/db");
  const raw = new pg.Client({ connectionString: server.url });
  raw.on("error", (e) => console.error("bench connection:", e.message));
  try {
    await migrate(server.url);
    process.env.DATABASE_URL = server.url;
    await raw.connect();
    const { rows } = await raw.query<{ value: { endMs: number } }>(`select value from app_setting where key = 'bench.advisor.loaded'`);
    const endMs = rows[0]?.value.endMs ?? (await load(raw));
    await measure(raw, endMs);
  } finally {
    await raw.end().catch(() => undefined);
    await closeDatabase();
    await server.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
