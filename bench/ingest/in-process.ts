// bench/ingest in process: the same 200,000 events through ingestBatch directly (no HTTP, no
// workers) from 4 concurrent callers, on a scratch embedded PostgreSQL. For profiling the ingest
// code itself: `node --cpu-prof --import tsx bench/ingest/in-process.ts`.
import { mkdtempSync, rmSync, chmodSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/server/database/embedded";
import { migrate } from "@/server/database/migrate";
import { treeCpuSeconds } from "../lib/server";
import { BENCH_MASTER_DATA, makeEvents } from "./events";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 200_000);
const BATCH = 1_000;
const CLIENTS = 4;

const dir = mkdtempSync(path.join(os.tmpdir(), "sightline-inproc-"));
chmodSync(dir, 0o755);
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: 54950 });
try {
  await migrate(pg.url);
  process.env.DATABASE_URL = pg.url;
  process.env.LOG_LEVEL ??= "silent";
  const { db, closeDatabase } = await import("@/server/db");
  const { ingestBatch } = await import("@/server/ingest/ingest-batch");
  const { upsertMasterData } = await import("@/server/master-data/upsert");
  await upsertMasterData(BENCH_MASTER_DATA, "bench");
  const row = await db.connector.findFirstOrThrow({ where: { code: "bench-wms" } });
  const connector = { id: row.id, code: row.code, channelId: row.channelId };
  const batches: unknown[][] = [];
  const events = makeEvents(TOTAL);
  for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
  // the HTTP path parses each body: so does this, so the events are fresh objects as there
  const bodies = batches.map((b) => JSON.stringify(b));
  let next = 0;
  const { pgPool } = await import("@/server/db");
  const walAt = async () => (await pgPool().query<{ lsn: string }>("select pg_current_wal_lsn() as lsn")).rows[0]!.lsn;
  const wal0 = await walAt();
  const cpu0 = treeCpuSeconds(process.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < bodies.length) {
        const result = await ingestBatch(connector, JSON.parse(bodies[next++]!) as unknown[]);
        if (result.accepted !== BATCH) throw new Error(`expected ${BATCH} accepted, got ${JSON.stringify({ ...result, results: undefined })}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu1 = treeCpuSeconds(process.pid);
  const perK = (s: number) => `${((s / TOTAL) * 1e6).toFixed(0)} ms`;
  const walBytes = Number((await pgPool().query<{ b: string }>("select pg_wal_lsn_diff(pg_current_wal_lsn(), $1) as b", [wal0])).rows[0]!.b);
  console.log(`ingestBatch in process: ${Math.round(TOTAL / seconds).toLocaleString("en-US")} events/s (${seconds.toFixed(2)} s); CPU per 1,000 events: node ${perK(cpu1.node - cpu0.node)}, PostgreSQL ${perK(cpu1.postgres - cpu0.postgres)}; WAL ${(walBytes / TOTAL).toFixed(0)} bytes per event`);
  const { rows } = await pgPool().query<{ relname: string; ins: string; upd: string; hot: string }>(
    `select relname, n_tup_ins as ins, n_tup_upd as upd, n_tup_hot_upd as hot from pg_stat_user_tables where n_tup_ins + n_tup_upd > 0 order by n_tup_ins + n_tup_upd desc limit 12`,
  );
  console.log("rows written (inserted, updated, of which HOT):");
  for (const r of rows) console.log(`  ${r.relname.padEnd(24)} ${r.ins.padStart(9)} ${r.upd.padStart(9)} ${r.hot.padStart(9)}`);
  await closeDatabase();
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
