// Exception queue benchmark: 100,000 open groups on a real (embedded) PostgreSQL.
// Prints the queue's first page (every sort, with and without filters), the bulk acknowledge of
// 10,000 groups, and the detector's throughput over the event log — each beside a raw-SQL baseline
// run on the same data in the same process, so the ratio shows what the domain code costs.
//   npm run bench:exceptions            (GROUPS=100000 EVENTS=50000 to change the sizes)
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/server/database/embedded";
import { migrate } from "@/server/database/migrate";
import { medianOf, time } from "../lib/timing";

const GROUPS = Number(process.env.GROUPS ?? 100_000);
const EVENTS = Number(process.env.EVENTS ?? 50_000);
const SKUS = 20_000;
const RUNS = 7;

const ms = (x: number) => `${x.toFixed(1)} ms`;
const row = (label: string, value: number, baseline?: number, limit?: number) =>
  console.log(
    `${label.padEnd(58)} ${ms(value).padStart(11)}${baseline !== undefined ? `   raw SQL ${ms(baseline).padStart(10)}   ×${(value / baseline).toFixed(1)}` : ""}${limit ? `   target < ${limit} ms ${value < limit ? "✓" : "✗"}` : ""}`,
  );

async function seed(client: pg.Client) {
  await client.query(`insert into sku (code, updated_at) select 'B-' || lpad(g::text, 6, '0'), now() from generate_series(1, ${SKUS}) g`);
  await client.query(`insert into location (code, kind, updated_at) select 'L' || g, 'warehouse', now() from generate_series(1, 6) g`);
  await client.query(`insert into channel (code, kind, freshness_slo_seconds, priority, updated_at) select 'c' || g, 'marketplace', 300, g * 15, now() from generate_series(1, 5) g`);
  await client.query(`insert into connector (code, kind, key_hash, key_prefix, updated_at) values ('erp', 'erp', 'h1', 'p', now()), ('wms', 'wms', 'h2', 'p', now()), ('shop', 'channel', 'h3', 'p', now())`);
  await client.query(`insert into "user" (id, name, email, role) values ('u1', 'Ops', 'ops@bench.test', 'ops')`);
  // 100,000 open groups across the ten kinds (10,000 each), units skewed so severities vary.
  await client.query(`
    insert into exception_group (fingerprint, kind, sku_id, location_id, channel_id, connector_id, scope_value, severity, severity_rank, state, count,
                                 first_seen_at, last_seen_at, opened_at, sla_due_at, units_at_risk, details)
    select 'bench|' || g, k.kind,
           case when k.kind in ('stale_feed', 'silent_connector', 'sequence_gap', 'rejected_event') then null else 1 + g % ${SKUS} end,
           case when k.kind in ('negative_atp', 'system_drift', 'reservation_conflict') then 1 + g % 6 end,
           case when k.kind in ('oversell_risk', 'push_failed', 'stale_feed') then 1 + g % 5 end,
           case when k.kind in ('rejected_event', 'sequence_gap', 'silent_connector', 'conflicting_duplicate') then 1 + g % 3 end,
           case when k.kind = 'rejected_event' then 'X-' || g end,
           s.severity, s.rank, 'open', 1 + g % 7,
           now() - (g % 10000) * interval '1 minute', now() - (g % 500) * interval '1 second', now() - (g % 10000) * interval '1 minute',
           now() + ((g % 600) - 300) * interval '1 minute', u.units,
           case when k.kind = 'rejected_event' then '{"reasonCode":"unknown_sku"}'::jsonb else '{}'::jsonb end
    from generate_series(1, ${GROUPS}) g
    cross join lateral (select (array['negative_atp','oversell_risk','stale_feed','system_drift','conflicting_duplicate','rejected_event','sequence_gap','reservation_conflict','push_failed','silent_connector'])[1 + g % 10] as kind) k
    cross join lateral (select (power(1.0 * (g * 7919 % 1000) / 1000, 3) * 200)::int as units) u
    cross join lateral (select case when u.units >= 100 then 'critical' when u.units >= 20 then 'high' when u.units >= 5 then 'medium' else 'low' end as severity,
                               case when u.units >= 100 then 4 when u.units >= 20 then 3 when u.units >= 5 then 2 else 1 end as rank) s`);
  await client.query("analyze");
}

async function seedEvents(client: pg.Client) {
  // A realistic mix: 8 % rejected (unknown SKUs from 200 values), 2 % held, 1 % push failures, the rest movements.
  const [t] = await time(() =>
    client.query(`
      insert into event (connector_id, event_id, type, status, payload, body_hash, reasons, sku_id, location_id, channel_id, quantity, occurred_at, received_at, applied_at)
      select 1 + g % 3, 'e' || g,
             case when g % 100 = 11 then 'channel.push.failed' else 'order.created' end,
             case when g % 100 < 8 then 'rejected' when g % 100 < 10 then 'held' else 'accepted' end,
             jsonb_build_object('quantity', 1 + g % 5), 'h',
             case when g % 100 < 8 then jsonb_build_array(jsonb_build_object('code', 'unknown_sku', 'field', 'sku', 'message', 'unknown', 'value', 'GHOST-' || (g % 200))) end,
             case when g % 100 < 8 then null else 1 + g % ${SKUS} end, 1 + g % 6, case when g % 100 = 11 then 1 + g % 5 end, 1 + g % 5, now(), now(), now()
      from generate_series(1, ${EVENTS}) g`),
  );
  return t;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sightline-bench-exc-"));
  chmodSync(dir, 0o755);
  const pgServer = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: 57000 + Math.floor(Math.random() * 900), database: "bench" });
  try {
    await migrate(pgServer.url);
    process.env.DATABASE_URL = pgServer.url;
    process.env.LOG_LEVEL = "silent";
    const raw = new pg.Client({ connectionString: pgServer.url });
    await raw.connect();
    const [seedMs] = await time(() => seed(raw));
    console.log(`\nSightline exception queue — ${GROUPS.toLocaleString("en-US")} open groups (seeded in ${(seedMs / 1000).toFixed(1)} s), median of ${RUNS} runs\n`);

    const { listExceptions, countExceptions } = await import("@/server/exceptions/queries");
    const { ZExceptionListQuery } = await import("@/server/exceptions/exceptions.types");
    const { bulkActOnExceptions } = await import("@/server/exceptions/actions");
    const { exceptionSummary } = await import("@/server/exceptions/summary");
    const q = (input: Record<string, unknown>) => ZExceptionListQuery.parse(input);
    const active = { state: "open,acknowledged" };

    const rawFirstPage = await medianOf(() =>
      raw.query(`select * from exception_group where state = any($1) order by severity_rank desc, units_at_risk desc, id desc limit 51`, [["open", "acknowledged"]]),
    );
    row("queue first page, sort impact (default UI view)", await medianOf(() => listExceptions(q(active), null)), rawFirstPage, 1500);
    const rawAge = await medianOf(() => raw.query(`select * from exception_group where state = any($1) order by opened_at, id limit 51`, [["open", "acknowledged"]]));
    row("queue first page, sort age", await medianOf(() => listExceptions(q({ ...active, sort: "age" }), null)), rawAge, 1500);
    const rawSla = await medianOf(() => raw.query(`select * from exception_group where state = any($1) order by sla_due_at, id limit 51`, [["open", "acknowledged"]]));
    row("queue first page, sort SLA", await medianOf(() => listExceptions(q({ ...active, sort: "sla" }), null)), rawSla, 1500);
    row("queue first page, kind + channel + severity filters", await medianOf(() => listExceptions(q({ ...active, kind: "oversell_risk", channel: "c3", severity: "high,critical" }), null)), undefined, 1500);
    row("queue first page, SLA breached only", await medianOf(() => listExceptions(q({ ...active, breached: "1" }), null)), undefined, 1500);
    const page1 = await listExceptions(q(active), null);
    row("queue page 2 (keyset cursor)", await medianOf(() => listExceptions(q({ ...active, cursor: page1.nextCursor! }), null)), undefined, 1500);
    const rawCount = await medianOf(() => raw.query(`select count(*) from exception_group where state = any($1)`, [["open", "acknowledged"]]));
    row("count of the filter (bulk confirmation)", await medianOf(() => countExceptions(q(active), null)), rawCount);
    row("Overview summary (by kind and severity, oldest, breaches)", await medianOf(() => exceptionSummary()));

    console.log("");
    const filter = q({ kind: "push_failed", state: "open" });
    const matching = await countExceptions(filter, null);
    const [bulkMs, bulk] = await time(() => bulkActOnExceptions({ action: "acknowledge", filter }, { email: "ops@bench.test" }));
    row(`bulk acknowledge over a filter (${bulk.updated.toLocaleString("en-US")} of ${matching.toLocaleString("en-US")}, with audit rows)`, bulkMs, undefined, 5000);
    const ids = (await raw.query<{ id: number }>(`select id from exception_group where kind = 'stale_feed' and state = 'open' order by id limit 10000`)).rows.map((r) => r.id);
    const [idsMs, byIds] = await time(() => bulkActOnExceptions({ action: "acknowledge", ids }, { email: "ops@bench.test" }));
    const baselineIds = (await raw.query<{ id: number }>(`select id from exception_group where kind = 'silent_connector' and state = 'open' order by id limit 10000`)).rows.map((r) => r.id);
    const [rawBulk] = await time(() => raw.query(`update exception_group set state = 'acknowledged' where id = any($1::int[])`, [baselineIds]));
    row(`bulk acknowledge of ${byIds.updated.toLocaleString("en-US")} selected ids (with audit rows)`, idsMs, rawBulk, 5000);
    const [resolveMs, resolved] = await time(() => bulkActOnExceptions({ action: "resolve", filter: q({ kind: "push_failed", state: "acknowledged" }), note: "bench" }, { email: "ops@bench.test" }));
    row(`bulk resolve of ${resolved.updated.toLocaleString("en-US")} with a note each`, resolveMs, undefined, 5000);
    const audits = await raw.query(`select count(*)::int as n from audit_log where target_type = 'exception'`);
    console.log(`${"audit rows written".padEnd(58)} ${String(audits.rows[0].n).padStart(11)}`);

    console.log("");
    const { newDetectorState, detectFromEventLog, DETECT_BATCH } = await import("@/server/exceptions/detect-events");
    const { loadConfig } = await import("@/server/exceptions/config");
    const { db } = await import("@/server/db");
    const insertMs = await seedEvents(raw);
    const state = newDetectorState();
    let read = 0;
    const [detectMs] = await time(async () => {
      for (;;) {
        const r = await db.$transaction(async (tx) => detectFromEventLog(tx, state, await loadConfig(tx)), { timeout: 120_000 });
        read += r.events;
        if (r.isCaughtUp) break;
      }
    });
    console.log(`${`insert ${EVENTS.toLocaleString("en-US")} event rows (raw SQL, the floor under ingest)`.padEnd(58)} ${ms(insertMs).padStart(11)}   ${Math.round(EVENTS / (insertMs / 1000)).toLocaleString("en-US")} events/s`);
    console.log(
      `${`detector over them (${read.toLocaleString("en-US")} events, batches of ${DETECT_BATCH.toLocaleString("en-US")})`.padEnd(58)} ${ms(detectMs).padStart(11)}   ${Math.round(read / (detectMs / 1000)).toLocaleString("en-US")} events/s  (runs beside ingest, not in its requests)`,
    );
    const groups = await raw.query(`select kind, count(*)::int as n, sum(count)::int as occurrences from exception_group where fingerprint not like 'bench|%' group by kind order by kind`);
    for (const g of groups.rows) console.log(`   raised ${g.kind}: ${g.n} groups, ${g.occurrences} occurrences`);
    const { evaluateOnce } = await import("@/server/exceptions/evaluate");
    const [evalMs, evaluated] = await time(() => db.$transaction(async (tx) => evaluateOnce(tx, await loadConfig(tx), { sweep: true }), { timeout: 120_000 }));
    console.log(
      `${"evaluator pass with sweep over every open group".padEnd(58)} ${ms(evalMs).padStart(11)}   auto-resolved ${evaluated.autoResolved.toLocaleString("en-US")} (bench groups have no data behind them), SLA breaches marked ${evaluated.breached.toLocaleString("en-US")}`,
    );
    const [evalAgainMs] = await time(() => db.$transaction(async (tx) => evaluateOnce(tx, await loadConfig(tx)), { timeout: 120_000 }));
    console.log(`${"evaluator pass, steady state (every 3 s)".padEnd(58)} ${ms(evalAgainMs).padStart(11)}`);
    await raw.end();
    await db.$disconnect();
  } finally {
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
