// Loads a large catalogue into a scratch database on its own embedded PostgreSQL:
// 200,000 SKUs × 6 channels (1.2M channel positions and their exposures), 3 locations' books per
// SKU (600k), and ERP + WMS reported books for a quarter of the SKUs. Set-based SQL only.
// Usage: npm run bench:seed-large [-- --fresh]   (data under bench/results/, reused between runs)
import { chmodSync, mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type TEmbeddedPostgres } from "../../server/database/embedded";
import { migrate } from "../../server/database/migrate";

export const SKUS = Number(process.env.BENCH_SKUS ?? 200_000);
const PORT = Number(process.env.BENCH_PG_PORT ?? 54_410);
const DIR = path.resolve(process.env.BENCH_DATA_DIR ?? "bench/results/seed-large");
const DATABASE = "sightline_bench";
const MARKER = "bench.seed_large";

export const CHANNELS = ["amazon", "b2b", "ebay", "edi", "pos", "web"] as const;
export const CATEGORIES = ["Electrical", "Fasteners", "Hand tools", "Janitorial", "Packaging", "Plumbing", "Power tools", "Safety"];

/** The steps, in order; each is one statement over generate_series. */
const STEPS: [string, string][] = [
  ["locations", `insert into location (code, kind, name) select 'LOC-' || i, case when i <= 4 then 'warehouse' else 'store' end, 'Location ' || i from generate_series(1, 6) i`],
  ["connectors", `insert into connector (code, kind, key_hash, key_prefix, heartbeat_seconds, last_event_at)
     values ('erp', 'erp', md5('bench-erp'), 'slc_bench1', 300, now() - interval '40 seconds'),
            ('wms', 'wms', md5('bench-wms'), 'slc_bench2', 120, now() - interval '400 seconds'),
            ('shop', 'channel', md5('bench-shop'), 'slc_bench3', 600, now() - interval '20 seconds')`],
  ["channels", `insert into channel (code, kind, freshness_slo_seconds, priority) select c, 'other', 300 * n, 10 * n from unnest($1::text[]) with ordinality as t(c, n)`],
  ["eligibility", `insert into channel_location (channel_id, location_id) select c.id, l.id from channel c join location l on (l.id + c.id) % 3 <> 0`],
  ["skus", `insert into sku (code, upc, name, category)
     select 'SKU-' || lpad(i::text, 7, '0'), lpad((400000000000 + i)::text, 12, '0'), 'Item ' || i, ($2::text[])[1 + i % 8]
     from generate_series(1, $1::int) i`],
  ["aliases", `insert into sku_alias (alias, sku_id) select 'shop:' || (44000000000 + id), id from sku`],
  ["inventory", `insert into inventory_position (sku_id, location_id, on_hand, reserved, allocated, in_transit, updated_at)
     select s.id, l.id, (random() * 200)::int, (random() * 10)::int, (random() * 5)::int, (random() * 3)::int, now() - random() * interval '7 days'
     from sku s join location l on l.id <= 3`],
  ["reported books", `insert into reported_position (connector_id, sku_id, location_id, on_hand, updated_at)
     select c.id, s.id, 1 + s.id % 3,
       case when c.kind = 'wms' and s.id % 10 = 0 then (random() * 200)::int else (s.id * 7) % 200 end, now() - random() * interval '1 day'
     from sku s cross join connector c where c.kind in ('erp', 'wms') and s.id % 4 = 0`],
  // 97% of positions reported; 8% of those drift by up to ±40 units (a few by hundreds).
  ["channel positions", `insert into channel_position (sku_id, channel_id, target, exposed, exposed_at, target_updated_at)
     select sku_id, channel_id, target,
       case when reported then target + case when drifts then (random() * 80 - 40)::int + case when random() < 0.01 then 300 else 0 end else 0 end end,
       case when reported then now() - random() * interval '2 days' end, now()
     from (select s.id as sku_id, c.id as channel_id, (random() * 100)::int as target, random() < 0.97 as reported, random() < 0.08 as drifts from sku s cross join channel c) x`],
  // What the drift worker would copy from them, in one statement instead of its batches.
  ["drift copy", `insert into channel_drift (sku_id, channel_id, sku_code, target, exposed, exposed_at)
     select cp.sku_id, cp.channel_id, s.code, cp.target, cp.exposed, cp.exposed_at from channel_position cp join sku s on s.id = cp.sku_id where cp.exposed is not null`],
  ["drift marks", `delete from channel_drift_dirty`],
  ["exposures", `insert into channel_exposure (channel_id, sku_id, channel_location, quantity, occurred_at, event_pk)
     select channel_id, sku_id, '', greatest(exposed, 0), exposed_at, 0 from channel_position where exposed is not null`],
  // A live database has been autovacuumed: the visibility map lets the totals scan index-only.
  ["vacuum analyze", `vacuum analyze`],
];

async function isSeeded(client: pg.Client) {
  const rows = await client.query(`select value from app_setting where key = $1`, [MARKER]).catch(() => ({ rows: [] }));
  return rows.rows.length > 0 && (rows.rows[0] as { value: { skus: number } }).value.skus === SKUS;
}

/** Starts the scratch PostgreSQL and seeds it unless it already holds this data set. */
export async function ensureSeeded(opts: { fresh?: boolean; log?: (line: string) => void } = {}): Promise<{ url: string; pg: TEmbeddedPostgres }> {
  const log = opts.log ?? console.log;
  mkdirSync(DIR, { recursive: true });
  chmodSync(DIR, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(DIR, "pg"), port: PORT, database: "postgres" });
  const url = server.urlFor(DATABASE);
  const admin = new pg.Client({ connectionString: server.urlFor("postgres") });
  await admin.connect();
  const exists = (await admin.query(`select 1 from pg_database where datname = $1`, [DATABASE])).rowCount === 1;
  let seeded = false;
  if (exists && !opts.fresh) {
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    seeded = await isSeeded(probe);
    await probe.end();
  }
  if (!seeded) {
    await admin.query(`drop database if exists ${DATABASE} with (force)`);
    await admin.query(`create database ${DATABASE}`);
  }
  await admin.end();
  if (seeded) {
    await migrate(url); // migrations added since it was seeded
    log(`reusing the seeded scratch database (${SKUS.toLocaleString("en-US")} SKUs) on port ${PORT}`);
    return { url, pg: server };
  }
  await migrate(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  for (const [name, sql] of STEPS) {
    const t = performance.now();
    const params: unknown[] | undefined = name === "channels" ? [[...CHANNELS]] : name === "skus" ? [SKUS, CATEGORIES] : undefined;
    const result = await client.query(sql, params);
    log(`  ${name.padEnd(18)} ${String(result.rowCount ?? "").padStart(9)} rows  ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  // The reported books queued their SKU × locations: drain the queue with the worker's own refresh.
  const t = performance.now();
  process.env.DATABASE_URL = url;
  const { refreshSystemDrift } = await import("../../server/drift/system-drift");
  const { closeDatabase } = await import("../../server/db");
  const pairs = await refreshSystemDrift();
  await closeDatabase();
  await client.query("vacuum analyze system_drift");
  log(`  ${"system drift".padEnd(18)} ${String(pairs).padStart(9)} pairs ${((performance.now() - t) / 1000).toFixed(1)} s (the worker's refresh, ${(pairs / ((performance.now() - t) / 1000)).toFixed(0)} pairs/s)`);
  await client.query(`insert into app_setting (key, value) values ($1, $2)`, [MARKER, JSON.stringify({ skus: SKUS, at: new Date().toISOString() })]);
  await client.end();
  log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { url, pg: server };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  const { pg: server } = await ensureSeeded({ fresh: process.argv.includes("--fresh") });
  await server.stop();
}
