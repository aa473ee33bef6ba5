// bench/ingest: 200,000 events over HTTP in batches of 1,000 from 4 clients, then 50,000 re-sent
// (duplicates), against COPY of the same rows into a table keyed by (connector, eventId) in the
// same PostgreSQL: the ceiling. Prints events/s for each and the ratios, and the server's RSS.
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { percentile, putJson, startBenchServer } from "../lib/server";
import { BENCH_MASTER_DATA, makeEvents } from "./events";
import { rawProjectionBaseline } from "./raw-projection";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 200_000);
const RESEND = Number(process.env.BENCH_RESEND ?? 50_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const CLIENTS = 4;

async function sendAll(baseUrl: string, key: string, events: unknown[]) {
  const batches: unknown[][] = [];
  for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const body = JSON.stringify(batch);
        for (;;) {
          const t0 = performance.now();
          const r = await fetch(`${baseUrl}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
          latencies.push(performance.now() - t0);
          if (r.status === 200) {
            const j = (await r.json()) as typeof counts;
            counts.accepted += j.accepted;
            counts.duplicate += j.duplicate;
            counts.rejected += j.rejected;
            break;
          }
          failures++;
          await r.text();
          await new Promise((res) => setTimeout(res, Number(r.headers.get("retry-after") ?? 1) * 1000));
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { seconds, rate: events.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures, counts };
}

/**
 * Until the targets, drift and system-drift queues are empty and the exception detector's and the
 * KPI roll-up's watermarks have reached the newest event (the workers idle); returns how long that took.
 */
async function waitForWorkers(pgUrl: string, disabledWorkers: string): Promise<number> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  const started = performance.now();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        `select (select count(*) from (select 1 from target_dirty limit 1) a) + (select count(*) from (select 1 from channel_drift_dirty limit 1) b)
              + (select count(*) from (select 1 from system_drift_dirty limit 1) c)
              + (select count(*) from app_setting w where w.key in ('exceptions.watermark', 'kpis.watermark')
                   and coalesce((w.value->>'event')::bigint, 0) < (select coalesce(max(id), 0) from event)) as n`,
      );
      // Empty, or a queue whose worker is switched off (SIGHTLINE_DISABLE_WORKERS) that will never empty.
      if (Number(rows[0]!.n) === 0 || performance.now() - started > (disabledWorkers ? 3_000 : 300_000)) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await client.end();
  }
}

async function copyBaseline(pgUrl: string, events: { eventId: string }[]) {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query("drop table if exists bench_copy; create table bench_copy (connector_id int not null, event_id text not null, payload jsonb not null, primary key (connector_id, event_id))");
  const lines = events.map((e) => `1\t${e.eventId}\t${JSON.stringify(e).replaceAll("\\", "\\\\")}\n`);
  const started = performance.now();
  await pipeline(Readable.from(lines), client.query(copyFrom("copy bench_copy from stdin")));
  const seconds = (performance.now() - started) / 1000;
  await client.query("drop table bench_copy");
  await client.end();
  return { seconds, rate: events.length / seconds };
}

// BENCH_PG_STATS=1 loads pg_stat_statements and prints where PostgreSQL spent the new-event phase.
const isPgStats = process.env.BENCH_PG_STATS === "1";

async function pgStatements(pgUrl: string, action: "reset" | "print", events: number) {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    if (action === "reset") {
      await client.query("create extension if not exists pg_stat_statements");
      await client.query("select pg_stat_statements_reset()");
      return;
    }
    const { rows } = await client.query<{ ms: number; calls: string; q: string }>(
      `select total_exec_time as ms, calls, regexp_replace(left(query, 200), '\\s+', ' ', 'g') as q
       from pg_stat_statements where query not ilike '%pg_stat_statements%' order by total_exec_time desc limit 25`,
    );
    console.log(`\n  PostgreSQL time per 1,000 new events, by statement (pg_stat_statements):`);
    for (const r of rows) console.log(`  ${((r.ms / events) * 1000).toFixed(1).padStart(7)} ms  ${String(r.calls).padStart(7)} calls  ${r.q.slice(0, 150)}`);
  } finally {
    await client.end();
  }
}

async function run(disabledWorkers: string) {
  const env: Record<string, string> = disabledWorkers ? { SIGHTLINE_DISABLE_WORKERS: disabledWorkers } : {};
  if (isPgStats) env.SIGHTLINE_PG_SETTINGS = "shared_preload_libraries=pg_stat_statements pg_stat_statements.track=all";
  const server = await startBenchServer({ port: Number(process.env.BENCH_PORT ?? 3900), pgPort: Number(process.env.BENCH_PG_PORT ?? 54900), env });
  try {
    const { connectorKeys } = await putJson(server.baseUrl, server.token, "/api/v1/master-data", BENCH_MASTER_DATA);
    const key = connectorKeys["bench-wms"]!;
    const events = makeEvents(TOTAL);
    const warm = await sendAll(server.baseUrl, key, makeEvents(2_000).map((e) => ({ ...e, eventId: `warm-${e.eventId}` })));
    void warm;
    if (isPgStats) await pgStatements(server.pgUrl, "reset", 0);
    const cpuBefore = { ...server.cpuSeconds(), client: process.cpuUsage() };
    const fresh = await sendAll(server.baseUrl, key, events);
    const cpuAfter = server.cpuSeconds();
    const cpu = { node: cpuAfter.node - cpuBefore.node, postgres: cpuAfter.postgres - cpuBefore.postgres, client: process.cpuUsage(cpuBefore.client) };
    if (isPgStats) await pgStatements(server.pgUrl, "print", TOTAL);
    const rssAfterFresh = server.rssMb();
    const dupes = await sendAll(server.baseUrl, key, events.slice(0, RESEND));
    const settledMs = await waitForWorkers(server.pgUrl, disabledWorkers);
    const cpuIdle = { ...server.cpuSeconds(), client: process.cpuUsage() };
    const dupesSettled = await sendAll(server.baseUrl, key, events.slice(RESEND, 2 * RESEND));
    const cpuIdleAfter = server.cpuSeconds();
    const resent = Math.min(RESEND, TOTAL - RESEND);
    const dupCpu = { node: cpuIdleAfter.node - cpuIdle.node, postgres: cpuIdleAfter.postgres - cpuIdle.postgres, client: process.cpuUsage(cpuIdle.client) };
    const copy = await copyBaseline(server.pgUrl, events);
    const raw = await rawProjectionBaseline(server.pgUrl, events, BATCH, CLIENTS);
    const rss = Math.max(rssAfterFresh, server.rssMb());
    const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
    console.log(`\nbench/ingest  (${fmt(TOTAL)} events, batches of ${BATCH}, ${CLIENTS} clients; node ${process.version}; workers off: ${disabledWorkers || "none"})`);
    console.log(`  COPY baseline           ${fmt(copy.rate).padStart(9)} events/s   (${copy.seconds.toFixed(2)} s)`);
    console.log(`  raw SQL, same writes    ${fmt(raw.rate).padStart(9)} events/s   (${raw.seconds.toFixed(2)} s)  the events, the journal and both books in one transaction per batch, 4 clients: what a 200 needs at the least`);
    console.log(`  ingest, new events      ${fmt(fresh.rate).padStart(9)} events/s   (${fresh.seconds.toFixed(2)} s)  ratio ${(fresh.rate / copy.rate).toFixed(2)}× COPY, ${(fresh.rate / raw.rate).toFixed(2)}× raw SQL   p50 ${fresh.p50.toFixed(0)} ms  p99 ${fresh.p99.toFixed(0)} ms per request  retries ${fresh.failures}`);
    const perK = (seconds: number) => `${((seconds / TOTAL) * 1e6).toFixed(0)} ms`;
    console.log(`  CPU per 1,000 new events: server ${perK(cpu.node)}, PostgreSQL ${perK(cpu.postgres)}, this client ${perK((cpu.client.user + cpu.client.system) / 1e6)}  (2 cores: ${perK(2 * fresh.seconds)} available)`);
    console.log(`  ingest, ${fmt(RESEND)} duplicates ${fmt(dupes.rate).padStart(9)} events/s   (${dupes.seconds.toFixed(2)} s)  ratio ${(dupes.rate / copy.rate).toFixed(2)}× COPY   p99 ${dupes.p99.toFixed(0)} ms`);
    console.log(`  the workers' queues empty ${(settledMs / 1000).toFixed(1)} s after the last new event was acknowledged; then`);
    console.log(`  ingest, ${fmt(RESEND)} duplicates ${fmt(dupesSettled.rate).padStart(9)} events/s   (${dupesSettled.seconds.toFixed(2)} s)  ratio ${(dupesSettled.rate / copy.rate).toFixed(2)}× COPY   p99 ${dupesSettled.p99.toFixed(0)} ms   (re-sent once the workers are idle)`);
    const perDup = (seconds: number) => `${((seconds / resent) * 1e6).toFixed(0)} ms`;
    console.log(`  CPU per 1,000 duplicates (idle): server ${perDup(dupCpu.node)}, PostgreSQL ${perDup(dupCpu.postgres)}, this client ${perDup((dupCpu.client.user + dupCpu.client.system) / 1e6)}  (2 cores: ${perDup(2 * dupesSettled.seconds)} available)`);
    console.log(`  answers: new accepted ${fmt(fresh.counts.accepted)}, rejected ${fresh.counts.rejected}; re-sent duplicate ${fmt(dupes.counts.duplicate)}`);
    console.log(`  server RSS (node processes) ${rss} MiB`);
    if (fresh.counts.accepted !== TOTAL || dupes.counts.duplicate !== RESEND || dupesSettled.counts.duplicate !== Math.min(RESEND, TOTAL - RESEND)) {
      console.error("  MISMATCH: not every event was answered as expected");
      process.exitCode = 1;
    }
    return fresh.rate;
  } finally {
    await server.stop();
  }
}

// BENCH_COMPARE=1 also runs with the exception detector off, with the KPI roll-ups off, and with every background worker off,
// to show what detection, the roll-ups (and the other workers) cost ingest on this machine.
const withAll = await run(process.env.BENCH_DISABLE_WORKERS ?? "");
if (process.env.BENCH_COMPARE === "1") {
  const noDetection = await run("exceptions");
  const noKpis = await run("kpis");
  const none = await run("exceptions,targets,drift,kpis,replay");
  console.log(`\n  detection costs ingest ${(100 * (1 - withAll / noDetection)).toFixed(1)}% (${Math.round(withAll)} vs ${Math.round(noDetection)} events/s); KPI roll-ups ${(100 * (1 - withAll / noKpis)).toFixed(1)}% (vs ${Math.round(noKpis)} events/s); all workers ${(100 * (1 - withAll / none)).toFixed(1)}% (vs ${Math.round(none)} events/s with none)`);
}
