// bench/capacity: capacity at SLO, the highest sustained event rate at which every promise of
// DESIGN.md still holds, measured from outside:
//  - ingest answers 200 with p99 ≤ 1 s, no 503 (nor 429);
//  - targets and drift follow within 2 s (p95 of the probes);
//  - exceptions and KPIs follow within 10 s (p95 of the probes).
// An open-loop load (requests go out on a fixed schedule, whatever the answers, as real connectors
// do): 1,000-event batches from 8 connectors at 2k, 3k, 4k … events/s, 60 s a step, on 20,000 SKUs ×
// 6 locations × 5 channels. Between steps the workers drain, so each step starts level.
// CAPACITY_STEPS="2000,4000" and CAPACITY_STEP_SECONDS=60 choose the steps; CAPACITY_KEEP_DATA=1 keeps the
// database folder (/tmp/sightline-bench-3950) for a look at the plans afterwards.
import pg from "pg";
import { makeEvents } from "../ingest/events";
import { rawProjectionBaseline } from "../ingest/raw-projection";
import { percentile, putJson, startBenchServer, type TBenchServer } from "../lib/server";
import { startProbes, type TProbeSample } from "./probes";
import { BATCH, CAPACITY_MASTER_DATA, makeTraffic, openingStock, PROBE } from "./traffic";

// Steps of 1,000: capacity here lies between 2,000 and 4,000, where steps of 2,000 cannot tell 3,000 apart.
const STEPS = (process.env.CAPACITY_STEPS ?? Array.from({ length: 15 }, (_, i) => 2_000 + 1_000 * i).join(",")).split(",").map(Number);
const STEP_SECONDS = Number(process.env.CAPACITY_STEP_SECONDS ?? 60);
/** Requests in flight beyond this count as refused by the client (the server is not keeping up at all). */
const MAX_IN_FLIGHT = 400;
const PROMISES = { p99Ms: 1_000, targetsMs: 2_000, exceptionsMs: 10_000 };

type TStep = {
  rate: number;
  sent: number;
  ok: number;
  over503: number;
  over429: number;
  errors: number;
  p50: number;
  p99: number;
  achieved: number;
  lag: Record<TProbeSample["kind"], { p95: number | null; max: number | null; lost: number }>;
  cpuPerK: { node: number; postgres: number };
  held: boolean;
  why: string[];
};

async function waitIdle(pgUrl: string, maxMs = 120_000) {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  const started = Date.now();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        `select (select count(*) from (select 1 from target_dirty limit 1) a) + (select count(*) from (select 1 from channel_drift_dirty limit 1) b)
              + (select count(*) from (select 1 from system_drift_dirty limit 1) c)
              + (select count(*) from app_setting w where w.key in ('exceptions.watermark', 'kpis.watermark')
                   and coalesce((w.value->>'event')::bigint, 0) < (select coalesce(max(id), 0) from event)) as n`,
      );
      if (Number(rows[0]!.n) === 0 || Date.now() - started > maxMs) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await client.end();
  }
}

function lagOf(samples: TProbeSample[], kind: TProbeSample["kind"]) {
  const of = samples.filter((s) => s.kind === kind);
  const seen = of.flatMap((s) => (s.lagMs === null ? [] : [s.lagMs]));
  const lost = of.length - seen.length;
  return { p95: of.length === 0 ? null : lost > 0 ? Infinity : percentile(seen, 95), max: seen.length ? Math.max(...seen) : null, lost };
}

async function runStep(server: TBenchServer, keys: Record<string, string>, rate: number, traffic: ReturnType<typeof makeTraffic>, probeState: Parameters<typeof startProbes>[1]): Promise<TStep> {
  const intervalMs = (1000 * BATCH) / rate;
  const total = Math.round((rate * STEP_SECONDS) / BATCH);
  const latencies: number[] = [];
  const counts = { ok: 0, over503: 0, over429: 0, errors: 0, accepted: 0 };
  let inFlight = 0;
  const flights: Promise<void>[] = [];
  const probes = startProbes({ baseUrl: server.baseUrl, token: server.token, keys }, probeState);
  const cpu0 = server.cpuSeconds();
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    // open loop: batch i leaves at started + i × interval, whether the earlier ones were answered or not
    const wait = started + i * intervalMs - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const { connector, body } = traffic.next();
    if (inFlight >= MAX_IN_FLIGHT) {
      counts.errors++;
      continue;
    }
    inFlight++;
    const t0 = performance.now();
    flights.push(
      fetch(`${server.baseUrl}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${keys[connector]}`, "content-type": "application/json" }, body })
        .then(async (r) => {
          const text = await r.text();
          latencies.push(performance.now() - t0);
          if (r.status === 200) {
            counts.ok++;
            counts.accepted += (JSON.parse(text) as { received: number }).received;
          } else if (r.status === 503) counts.over503++;
          else if (r.status === 429) counts.over429++;
          else counts.errors++;
        })
        .catch(() => {
          latencies.push(performance.now() - t0);
          counts.errors++;
        })
        .finally(() => inFlight--),
    );
  }
  await Promise.all(flights);
  const seconds = (performance.now() - started) / 1000;
  const cpu1 = server.cpuSeconds();
  await probes.stop();
  const events = counts.accepted;
  const lag = {
    target: lagOf(probes.samples, "target"),
    drift: lagOf(probes.samples, "drift"),
    exceptionOpen: lagOf(probes.samples, "exceptionOpen"),
    exceptionResolve: lagOf(probes.samples, "exceptionResolve"),
    kpi: lagOf(probes.samples, "kpi"),
  };
  const p99 = percentile(latencies, 99);
  const why: string[] = [];
  if (p99 > PROMISES.p99Ms) why.push(`ingest p99 ${Math.round(p99)} ms`);
  if (counts.over503 + counts.over429 + counts.errors > 0) why.push(`${counts.over503} × 503, ${counts.over429} × 429, ${counts.errors} failed`);
  for (const k of ["target", "drift"] as const) if ((lag[k].p95 ?? 0) > PROMISES.targetsMs) why.push(`${k} lag p95 ${fmtLag(lag[k].p95)}`);
  for (const k of ["exceptionOpen", "exceptionResolve", "kpi"] as const) if ((lag[k].p95 ?? 0) > PROMISES.exceptionsMs) why.push(`${k} lag p95 ${fmtLag(lag[k].p95)}`);
  if (events < 0.95 * rate * STEP_SECONDS) why.push(`only ${Math.round(events / seconds)} events/s answered`);
  return {
    rate,
    sent: total,
    ...counts,
    p50: percentile(latencies, 50),
    p99,
    achieved: events / seconds,
    lag,
    cpuPerK: { node: ((cpu1.node - cpu0.node) / Math.max(1, events)) * 1e6, postgres: ((cpu1.postgres - cpu0.postgres) / Math.max(1, events)) * 1e6 },
    held: why.length === 0,
    why,
  };
}

const fmtLag = (ms: number | null) => (ms === null ? "—" : ms === Infinity ? "lost" : `${(ms / 1000).toFixed(2)} s`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function main() {
  const server = await startBenchServer({ port: 3950, pgPort: 54950, env: { LOG_LEVEL: "warn" }, keepData: process.env.CAPACITY_KEEP_DATA === "1" });
  try {
    const { connectorKeys: keys } = await putJson(server.baseUrl, server.token, "/api/v1/master-data", CAPACITY_MASTER_DATA);
    const since = new Date(Date.now() - 60_000).toISOString();
    // the probes' starting point: 10 units of each probe SKU, and an exposure of 0 on the probe channel
    const at = new Date().toISOString();
    const setup = (connector: string, events: unknown[]) =>
      fetch(`${server.baseUrl}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${keys[connector]}`, "content-type": "application/json" }, body: JSON.stringify(events) }).then(async (r) => {
        if (!r.ok) throw new Error(`setup batch answered ${r.status}: ${(await r.text()).slice(0, 200)}`);
        return r.text();
      });
    await setup("cwms", [PROBE.target, PROBE.exception, PROBE.kpi].map((sku, i) => ({ eventId: `probe-setup-${i}`, type: "receipt.posted", sku, location: PROBE.location, quantity: 10, occurredAt: at })));
    await setup("cshop", [{ eventId: "probe-setup-exposure", type: "channel.quantity.published", sku: PROBE.target, channel: PROBE.channel, quantity: 0, occurredAt: at }]);
    const isEmptyStart = process.env.CAPACITY_EMPTY_START === "1";
    if (!isEmptyStart) for (const batch of openingStock()) await setup(batch.connector, batch.events);
    const probeState = { onHand: 10, kpiOrders: 0, since };
    const traffic = makeTraffic(7);
    // warm-up: the catalogue's positions exist and the server's code paths are compiled
    await runStep(server, keys, 2_000, traffic, probeState).catch(() => undefined);
    await waitIdle(server.pgUrl);

    console.log(`\nbench/capacity  (open loop, batches of ${BATCH} from 8 connectors, ${STEP_SECONDS} s a step; 20,000 SKUs × 6 locations × 5 channels, ${isEmptyStart ? "from an EMPTY book (CAPACITY_EMPTY_START=1)" : "stocked 20–200 units a position"}; node ${process.version}, ${(await import("node:os")).cpus().length} cores)`);
    console.log(`  promises: ingest p99 ≤ 1 s and no 503/429; targets and drift ≤ 2 s; exceptions and KPIs ≤ 10 s (p95 of the probes)\n`);
    console.log(`  ${"offered/s".padStart(9)} ${"answered/s".padStart(10)} ${"p50".padStart(6)} ${"p99".padStart(7)} ${"503".padStart(4)} ${"429".padStart(4)} ${"fail".padStart(4)}  ${"target".padStart(7)} ${"drift".padStart(7)} ${"exc open".padStart(8)} ${"exc heal".padStart(8)} ${"kpi".padStart(7)}  ${"CPU/1k ev (node+pg)".padStart(20)}  held`);
    const steps: TStep[] = [];
    let failures = 0;
    for (const rate of STEPS) {
      const step = await runStep(server, keys, rate, traffic, probeState);
      steps.push(step);
      const l = step.lag;
      console.log(
        `  ${fmt(step.rate).padStart(9)} ${fmt(step.achieved).padStart(10)} ${`${Math.round(step.p50)}`.padStart(6)} ${`${Math.round(step.p99)}`.padStart(7)} ${String(step.over503).padStart(4)} ${String(step.over429).padStart(4)} ${String(step.errors).padStart(4)}  ` +
          `${fmtLag(l.target.p95).padStart(7)} ${fmtLag(l.drift.p95).padStart(7)} ${fmtLag(l.exceptionOpen.p95).padStart(8)} ${fmtLag(l.exceptionResolve.p95).padStart(8)} ${fmtLag(l.kpi.p95).padStart(7)}  ` +
          `${`${Math.round(step.cpuPerK.node)} + ${Math.round(step.cpuPerK.postgres)} ms`.padStart(20)}  ${step.held ? "yes" : `no: ${step.why.join("; ")}`}`,
      );
      const settled = await waitIdle(server.pgUrl);
      if (settled > 5_000) console.log(`             (the workers took ${(settled / 1000).toFixed(1)} s to drain after this step)`);
      failures = step.held ? 0 : failures + 1;
      if (failures >= 2) break;
    }
    // the last step where every promise held, below the first that broke one
    const firstFailure = steps.find((s) => !s.held);
    const held = firstFailure ? steps.filter((s) => s.held && s.rate < firstFailure.rate).at(-1) : steps.at(-1);
    const raw = await rawProjectionBaseline(server.pgUrl, makeEvents(100_000), BATCH, 4);
    console.log(`\n  raw-SQL floor of the same run: ${fmt(raw.rate)} events/s (the events, the journal and both books, one transaction per batch, 4 clients)`);
    console.log(held ? `  capacity at SLO: ${fmt(held.rate)} events/s (${(held.rate / raw.rate).toFixed(2)}× the raw-SQL floor)` : "  capacity at SLO: below the first step");
  } finally {
    await server.stop();
  }
}

await main();
