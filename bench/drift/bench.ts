// Drift at scale: on bench/seed-large's 200,000 SKUs × 6 channels (1.2M positions), times the
// top-50 channel drift query and the drift page's data call (the domain functions the tRPC
// procedures call) against the same SQL sent raw over node-postgres, and checks the plans use
// the ranking indexes. Budget: 50 ms of server time each. Usage: npm run bench:drift
import pg from "pg";
import type { Prisma } from "@prisma/client";
import { ensureSeeded } from "../seed-large/seed";

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const BUDGET_MS = 50;

const { url, pg: server } = await ensureSeeded();
process.env.DATABASE_URL = url;
process.env.LOG_LEVEL ??= "silent";
const { closeDatabase } = await import("@/server/db");
const { channelDriftSql, channelTotalsSql, heatmapSql, listChannelDrift } = await import("@/server/drift/channel-drift");
const { storedTotalsSql } = await import("@/server/drift/channel-totals");
const { driftPage } = await import("@/server/drift/drift-page");
const { systemDriftSql } = await import("@/server/drift/system-drift");
const { ZDriftQuery } = await import("@/server/drift/drift.types");
const { encodeCursor } = await import("@/server/drift/paging");

const raw = new pg.Pool({ connectionString: url, max: 4 });
const rawQuery = (sql: Prisma.Sql) => raw.query(sql.text, sql.values as unknown[]);

async function time(fn: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(RUNS / 2)]!, p95: samples[Math.floor(RUNS * 0.95)]! };
}

async function plan(sql: Prisma.Sql, settings: string[] = []) {
  const client = await raw.connect();
  try {
    await client.query("begin");
    for (const s of settings) await client.query(s);
    const { rows } = await client.query(`explain (analyze, format json) ${sql.text}`, sql.values as unknown[]);
    await client.query("rollback");
    const top = (rows[0] as { "QUERY PLAN": [{ "Execution Time": number; Plan: unknown }] })["QUERY PLAN"][0];
    return { ms: top["Execution Time"], json: JSON.stringify(top.Plan) };
  } finally {
    client.release();
  }
}

const counts = (await raw.query(`select (select count(*) from sku)::int as skus, (select count(*) from channel_position)::int as positions,
  (select count(*) from channel_drift where exposed <> target)::int as drifting`)).rows[0] as { skus: number; positions: number; drifting: number };
console.log(`\n${counts.skus.toLocaleString("en-US")} SKUs, ${counts.positions.toLocaleString("en-US")} channel positions (${counts.drifting.toLocaleString("en-US")} drifting); ${RUNS} runs each, times in ms\n`);

type TCase = { name: string; input: Parameters<typeof listChannelDrift>[0]; isBudgeted?: boolean };
const list = (extra: Partial<TCase["input"]> = {}) => ({ sort: "drift" as const, limit: 50, ...extra });
// A cursor deep inside the largest tie (|drift| = 0, ~1.1M rows): keyset paging must not sort it.
const deep = encodeCursor(["drift", 0, "SKU-0100000", "edi"]);
const CASES: TCase[] = [
  { name: "top 50 by |drift|", input: list(), isBudgeted: true },
  { name: "next page (cursor)", input: list({ cursor: (await listChannelDrift(list())).nextCursor! }) },
  { name: "deep cursor in the |drift|=0 tie", input: list({ cursor: deep }) },
  { name: "sort by units at risk", input: list({ sort: "risk" }) },
  { name: "channel=web", input: list({ channel: "web" }) },
  { name: "location=LOC-1", input: list({ location: "LOC-1" }) },
  { name: "category=Safety", input: list({ category: "Safety" }) },
  { name: "sign=negative, min |drift| 30", input: list({ sign: "negative", minDrift: 30 }) },
  { name: "q=SKU-01234 (prefix)", input: list({ q: "SKU-01234" }) },
  { name: "sku=SKU-0004242 (exact)", input: list({ sku: "SKU-0004242" }) },
];

let isOverBudget = false;
const line = (name: string, app: { p50: number; p95: number }, base?: { p50: number }, budgeted?: boolean) => {
  const verdict = budgeted ? (app.p50 <= BUDGET_MS ? "  ✓ ≤ 50 ms" : "  ✗ over 50 ms") : "";
  if (budgeted && app.p50 > BUDGET_MS) isOverBudget = true;
  console.log(
    `${name.padEnd(36)} app p50 ${app.p50.toFixed(2).padStart(7)}  p95 ${app.p95.toFixed(2).padStart(7)}` +
      (base ? `   raw SQL p50 ${base.p50.toFixed(2).padStart(7)}   ratio ${(app.p50 / base.p50).toFixed(2).padStart(5)}×` : "") +
      verdict,
  );
};

console.log("channel drift list (listChannelDrift vs the same SQL over node-postgres)");
for (const c of CASES) line(c.name, await time(() => listChannelDrift(c.input)), await time(() => rawQuery(channelDriftSql(c.input))), c.isBudgeted);

console.log("\nthe drift page's data call (driftPage: rows ‖ totals, then the heat map)");
const pageInput = ZDriftQuery.parse({});
const rawPage = async () => {
  const [rows] = await Promise.all([rawQuery(channelDriftSql(pageInput)), rawQuery(storedTotalsSql(pageInput))]);
  const skus = [...new Set((rows.rows as { sku: string }[]).map((r) => r.sku))].slice(0, 12);
  await rawQuery(heatmapSql(skus));
};
line("channel view (default filters)", await time(() => driftPage(pageInput)), await time(rawPage), true);
const filtered = ZDriftQuery.parse({ category: "Safety", sign: "positive" });
line("channel view, category + sign", await time(() => driftPage(filtered)), undefined, true);
line("system view (ERP vs WMS)", await time(() => driftPage(ZDriftQuery.parse({ kind: "system" }))), undefined, true);
line("staleness view", await time(() => driftPage(ZDriftQuery.parse({ kind: "staleness" }))));

console.log("\nplans (EXPLAIN ANALYZE, PostgreSQL's own execution time)");
const top = await plan(channelDriftSql(list()));
const usesIndex = top.json.includes("channel_drift_rank_idx") && !/"Node Type":"Seq Scan","Parallel Aware":(true|false),"Async Capable":(true|false),"Relation Name":"channel_drift"/.test(top.json);
console.log(`top 50 by |drift|                    ${top.ms.toFixed(3)} ms  ${usesIndex ? "✓ index scan on channel_drift_rank_idx" : "✗ does not use channel_drift_rank_idx"}`);
const deepPlan = await plan(channelDriftSql(list({ cursor: deep })));
console.log(`deep cursor                          ${deepPlan.ms.toFixed(3)} ms  ${/"Index Cond":"[^"]*sku_code/.test(deepPlan.json) ? "✓ the cursor is an index condition" : "✗ the cursor is only a filter"}`);
const stored = await plan(storedTotalsSql({}));
console.log(`totals per channel (stored + deltas) ${stored.ms.toFixed(3)} ms`);
const totals = await plan(channelTotalsSql({ category: "Safety" }));
console.log(`totals aggregated (category filter)  ${totals.ms.toFixed(3)} ms  ${totals.json.includes("channel_drift_drifting_idx") ? "✓ index-only scan of channel_drift_drifting_idx" : "✗ not on channel_drift_drifting_idx"}`);
const noIndex = await plan(channelDriftSql(list()), ["set local enable_indexscan = off", "set local enable_bitmapscan = off", "set local enable_indexonlyscan = off"]);
console.log(`top 50 without indexes (baseline)    ${noIndex.ms.toFixed(3)} ms  (what a sequential scan and sort costs)`);
const system = await plan(systemDriftSql({ limit: 50 }));
console.log(`system drift top 50                  ${system.ms.toFixed(3)} ms  ${system.json.includes("system_drift_rank_idx") ? "✓ index scan on system_drift_rank_idx" : "✗ not on system_drift_rank_idx"}`);
if (!usesIndex || !system.json.includes("system_drift_rank_idx")) isOverBudget = true;

await raw.end();
await closeDatabase();
await server.stop();
if (isOverBudget) {
  console.log("\n✗ over budget or off the index");
  process.exitCode = 1;
}
