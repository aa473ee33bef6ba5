// bench/topology: Sightline as a deployment (deploy/topology) against Sightline as one process, on
// the same PostgreSQL in one run.
// 1. Ingest: the bench/ingest traffic (batches of 1,000 from 4 clients) through haproxy to two `web`
//    replicas (PgBouncer in transaction mode to the primary) with a `worker`, against one `all`
//    process straight on the primary. Alternated, twice each. On 2 cores the replicas cannot add
//    CPU: the point is what haproxy, PgBouncer and the split cost. The machine is shared, so the
//    rounds alternate and the median and the best of each are compared.
// 2. Dashboard reads while ingest runs at full speed: the KPI report and the drift page (the pages'
//    own tRPC calls), p50/p95, from the streaming replica against the same calls on the primary (a
//    session whose last write the replica "has not replayed" reads the primary), interleaved.
// 3. What the deployment-wide rate limit adds to a request: its one statement (the connector's
//    bucket row), against `select 1`, through PgBouncer and directly.
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startTopology } from "../../deploy/topology/topology";
import { sightlineProcess } from "../../deploy/topology/sightline";
import { makeEvents, BENCH_MASTER_DATA } from "../ingest/events";
import { percentile, putJson, treeCpuSeconds } from "../lib/server";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 60_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 1_000;
const CLIENTS = 4;
const PORT = Number(process.env.BENCH_TOPOLOGY_PORT ?? 3920);
const PG_PORT = Number(process.env.BENCH_TOPOLOGY_PG_PORT ?? 54920);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function sendAll(baseUrl: string, key: string, events: unknown[]) {
  const batches: string[] = [];
  for (let i = 0; i < events.length; i += BATCH) batches.push(JSON.stringify(events.slice(i, i + BATCH)));
  const latencies: number[] = [];
  let next = 0;
  let retries = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < batches.length) {
        const body = batches[next++]!;
        for (;;) {
          const t0 = performance.now();
          const r = await fetch(`${baseUrl}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
          await r.text();
          latencies.push(performance.now() - t0);
          if (r.status === 200) break;
          retries++;
          await new Promise((res) => setTimeout(res, Number(r.headers.get("retry-after") ?? 1) * 1000));
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rate: events.length / seconds, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), retries };
}

/** The pages' data calls as the browser makes them (tRPC GET, superjson), timed. */
async function dashboardRead(baseUrl: string, cookie: string, call: "kpis" | "drift"): Promise<number> {
  const [procedure, input] = call === "kpis" ? ["kpis.report", { range: "24h" }] : ["drift.page", { kind: "channel", limit: 50 }];
  const t0 = performance.now();
  const r = await fetch(`${baseUrl}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { cookie } });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`${procedure} ${r.status}: ${text.slice(0, 300)}`);
  return performance.now() - t0;
}

async function signIn(baseUrl: string, token: string) {
  const email = `bench-reader-${Date.now()}@bench.test`;
  const password = "bench-reader-password";
  const created = await fetch(`${baseUrl}/api/trpc/settings.createUser`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ json: { email, name: "Bench reader", role: "executive", password } }),
  });
  if (!created.ok) throw new Error(`createUser ${created.status}: ${await created.text()}`);
  const r = await fetch(`${baseUrl}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: baseUrl }, body: JSON.stringify({ email, password }) });
  if (!r.ok) throw new Error(`sign-in ${r.status}`);
  return r.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

const dir = path.join(os.tmpdir(), `sightline-bench-topology-${PORT}`);
const t = await startTopology({ dir, port: PORT, pgPort: PG_PORT, fresh: true, env: { LOG_LEVEL: "warn" } });
try {
  const { connectorKeys } = await putJson(t.url, t.token, "/api/v1/master-data", BENCH_MASTER_DATA);
  const key = connectorKeys["bench-wms"]!;
  let run = 0;
  const events = () => {
    run++;
    return makeEvents(EVENTS).map((e) => ({ ...e, eventId: `r${run}-${e.eventId}` }));
  };
  // one `all` process on the same primary, directly (no haproxy, no PgBouncer, no replica)
  const single = sightlineProcess({
    name: "all",
    role: "all",
    port: PORT + 7,
    dir,
    env: { DATABASE_URL: t.urls.direct, SIGHTLINE_SECRET: "bench-topology-secret-0123456789abcdef", SIGHTLINE_DEMO: "0", LOG_LEVEL: "warn" },
  });
  // CPU seconds of every process of the machine's share: Sightline's, haproxy, PgBouncer, both PostgreSQLs
  const cpu = () =>
    [...t.web, ...t.workers, single, t.haproxy, t.bouncer, t.primary, t.replica]
      .map((p) => p.pid())
      .filter((pid): pid is number => !!pid)
      .reduce((sum, pid) => {
        const c = treeCpuSeconds(pid);
        return sum + c.node + c.postgres;
      }, 0);
  const measured = async (url: string) => {
    const before = cpu();
    const r = await sendAll(url, key, events());
    // CPU per 1,000 events, in ms (workers included: they are still busy with the run's tail)
    return { ...r, cpuMs: ((cpu() - before) / EVENTS) * 1e6 };
  };
  const deployment = async () => {
    for (const p of [...t.web, ...t.workers]) await p.start();
    return measured(t.url);
  };
  const alone = async () => {
    for (const p of [...t.web, ...t.workers]) await p.stop();
    await single.start();
    const r = await measured(single.url);
    await single.stop();
    return r;
  };
  await sendAll(t.url, key, makeEvents(2_000).map((e) => ({ ...e, eventId: `warm-${e.eventId}` })));
  const results = { deployment: [] as Awaited<ReturnType<typeof measured>>[], alone: [] as Awaited<ReturnType<typeof measured>>[] };
  for (let round = 0; round < ROUNDS; round++) {
    results.alone.push(await alone());
    results.deployment.push(await deployment());
  }
  const best = (xs: { rate: number }[]) => Math.max(...xs.map((x) => x.rate));
  const median = (xs: { rate: number }[]) => percentile(xs.map((x) => x.rate), 50);
  console.log(`\nbench/topology  (${fmt(EVENTS)} events a run, batches of ${BATCH}, ${CLIENTS} clients, ${ROUNDS} alternated rounds; node ${process.version}; ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at the end)`);
  for (const [name, rs] of Object.entries(results)) {
    const label = name === "alone" ? "one `all` process, direct      " : "haproxy → 2 web + worker, PgBouncer";
    console.log(`  ${label} ${rs.map((r) => `${fmt(r.rate).padStart(7)} events/s (p50 ${r.p50.toFixed(0)} ms, CPU ${r.cpuMs.toFixed(0)} ms per 1,000, retries ${r.retries})`).join("  ")}`);
  }
  const ratio = (f: (xs: { rate: number }[]) => number) => f(results.deployment) / f(results.alone);
  console.log(`  deployment ÷ single process: median ${ratio(median).toFixed(3)}× (${(100 * (ratio(median) - 1)).toFixed(1)}%), best ${ratio(best).toFixed(3)}× (${(100 * (ratio(best) - 1)).toFixed(1)}%)`);
  const cpuMedian = (xs: { cpuMs: number }[]) => percentile(xs.map((x) => x.cpuMs), 50);
  const extra = cpuMedian(results.deployment) / cpuMedian(results.alone) - 1;
  console.log(`  CPU per 1,000 events (every process: Sightline, haproxy, PgBouncer, PostgreSQL and its replica), median: deployment ${cpuMedian(results.deployment).toFixed(0)} ms, single process ${cpuMedian(results.alone).toFixed(0)} ms (${(100 * extra).toFixed(1)}%)`);

  // 2. dashboard reads while ingest runs at full speed, replica against primary, interleaved
  const cookie = await signIn(t.url, t.token);
  const onPrimary = `${cookie}; sightline-wal=FFFFFFFF/FFFFFFFF`; // "the replica has not replayed my last write": the primary
  const lag = async (c: string) => {
    const r = await fetch(`${t.url}/api/trpc/viewer.readLag`, { headers: { cookie: c } });
    return ((await r.json()) as { result: { data: { json: { source: string; lagSeconds: number } } } }).result.data.json;
  };
  if ((await lag(cookie)).source !== "replica" || (await lag(onPrimary)).source !== "primary") throw new Error("the read routing is not what the bench expects");
  const times = { replica: { kpis: [] as number[], drift: [] as number[] }, primary: { kpis: [] as number[], drift: [] as number[] } };
  let isIngesting = true;
  let maxLag = 0;
  const ingest = sendAll(t.url, key, events()).finally(() => (isIngesting = false));
  const reader = async () => {
    for (let i = 0; isIngesting; i++) {
      const call = i % 2 ? "drift" : "kpis";
      times.replica[call].push(await dashboardRead(t.url, cookie, call));
      times.primary[call].push(await dashboardRead(t.url, onPrimary, call));
      if (i % 10 === 0) maxLag = Math.max(maxLag, (await lag(cookie)).lagSeconds);
    }
  };
  const [loaded] = await Promise.all([ingest, reader(), reader()]);
  console.log(`\n  dashboard reads during ingest at full speed (${fmt(loaded.rate)} events/s; replica lag at most ${maxLag} s), 2 readers, each call on the replica then on the primary:`);
  for (const call of ["kpis", "drift"] as const) {
    const r = times.replica[call];
    const p = times.primary[call];
    console.log(
      `  ${call === "kpis" ? "KPI report (24 h)" : "drift page (channel)"}  replica p50 ${percentile(r, 50).toFixed(0)} ms, p95 ${percentile(r, 95).toFixed(0)} ms   primary p50 ${percentile(p, 50).toFixed(0)} ms, p95 ${percentile(p, 95).toFixed(0)} ms   (${r.length} calls each; p95 replica ÷ primary ${(percentile(r, 95) / percentile(p, 95)).toFixed(2)}×)`,
    );
  }

  // 3. the rate limit's statement, one per request
  console.log(`\n  the rate limit's statement (one per connector request), 2,000 in a row on one connection:`);
  for (const [name, url] of [["through PgBouncer", t.urls.pooled], ["direct", t.urls.direct]] as const) {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const time = async (sql: string, params: unknown[]) => {
      for (let i = 0; i < 200; i++) await pool.query(sql, params);
      const started = performance.now();
      for (let i = 0; i < 2_000; i++) await pool.query(sql, params);
      return ((performance.now() - started) / 2_000) * 1000;
    };
    const { takeRateToken } = await import("../../server/ingest/rate-limit");
    const one = await time("select 1", []);
    const started = performance.now();
    for (let i = 0; i < 2_000; i++) await takeRateToken(1, 1_000_000, pool);
    const bucket = ((performance.now() - started) / 2_000) * 1000;
    console.log(`  ${name.padEnd(18)} bucket ${bucket.toFixed(0)} µs, select 1 ${one.toFixed(0)} µs a round trip`);
    await pool.end();
  }
} finally {
  await t.stop();
  await rm(dir, { recursive: true, force: true });
}
