// Notifications benchmark, against the built server (npm run build first) on its own embedded
// PostgreSQL: 10,000 exception groups open in one burst (10,000 orders for SKUs with no stock),
// three webhook endpoints on a local receiver (each message verified with standardwebhooks) and one
// email endpoint on a local SMTP server. Prints deliveries per second, the time from the causing
// event's 200 to the webhook's arrival (p50, p95; goal: hold + 2 s at p95), and the same burst with
// notifications off in the same run: ingest throughput, time for the groups to open, CPU.
// Then, in this process on the same database, the hot paths' overhead: raising 10,000 groups and
// recomputing 10,000 SKUs' targets with and without an enabled endpoint (transactions rolled back).
//   npm run bench:notifications                 (HOLD=30, the default)
//   HOLD=2 npm run bench:notifications          (a short hold)
//   GROUPS=10000 LIMIT=100000 PORT=3290 …        (LIMIT: each endpoint's rateLimitPerMinute)
import { startMailSink, startReceiver } from "../../test/notify-receivers";
import { percentile, putJson, startBenchServer } from "../lib/server";
import { median } from "../lib/timing";

const GROUPS = Number(process.env.GROUPS ?? 10_000);
const HOLD = Number(process.env.HOLD ?? 30);
const LIMIT = Number(process.env.LIMIT ?? 100_000);
const PORT = Number(process.env.PORT ?? 3290);
const BATCH = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

async function waitUntil(probe: () => Promise<boolean> | boolean, ms: number, every = 250): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > ms) throw new Error("timed out");
    await sleep(every);
  }
  return Date.now() - started;
}

async function main() {
  const receiver = await startReceiver();
  const sink = await startMailSink();
  console.log(`notifications bench: ${fmt(GROUPS)} groups in one burst, hold ${HOLD} s, 3 webhooks + 1 email, rateLimitPerMinute ${fmt(LIMIT)}`);
  const server = await startBenchServer({
    port: PORT,
    pgPort: PORT + 51_000,
    env: { SIGHTLINE_WEBHOOK_ALLOW_PRIVATE: "1", SIGHTLINE_SMTP_URL: sink.url, SIGHTLINE_NOTIFY_HOLD_SECONDS: String(HOLD), SIGHTLINE_NOTIFY_RETRY_SECONDS: "1,2,5,10" },
  });
  const pg = await import("pg");
  const sql = new pg.default.Client({ connectionString: server.pgUrl });
  await sql.connect();
  const count = async (q: string, params: unknown[] = []) => Number((await sql.query<{ n: string }>(q, params)).rows[0]!.n);
  try {
    const skus = (set: string) => Array.from({ length: GROUPS }, (_, i) => ({ code: `NB-${set}-${i}` }));
    const streamSkus = (set: string) => Array.from({ length: 2_000 }, (_, i) => ({ code: `NB-${set}-${i}` }));
    const md = await putMasterData(server, { skus: [...skus("off"), ...skus("on"), ...skus("lim"), ...streamSkus("s1"), ...streamSkus("s2"), ...streamSkus("s3")] });
    const key = md.connectorKeys["nb-erp"]!;
    const headers = { authorization: `Bearer ${server.token}`, "content-type": "application/json" };
    const endpoints: { id: string; secret?: string }[] = [];
    for (const body of [
      ...["a", "b", "c"].map((p) => ({ kind: "webhook", url: `${receiver.url.replace("/hook", `/${p}`)}`, description: `webhook ${p}` })),
      { kind: "email", to: ["oncall@bench.test"], description: "email" },
    ]) {
      const r = await fetch(`${server.baseUrl}/api/v1/notifications/endpoints`, { method: "POST", headers, body: JSON.stringify({ ...body, enabled: false, eventTypes: ["exception.opened"], filter: { kinds: ["negative_atp"] }, rateLimitPerMinute: LIMIT }) });
      if (r.status !== 201) throw new Error(`endpoint ${r.status}: ${await r.text()}`);
      endpoints.push((await r.json()) as { id: string; secret?: string });
    }
    receiver.secrets = endpoints.flatMap((e) => (e.secret ? [e.secret] : []));

    /** One burst: GROUPS orders in requests of BATCH; each SKU's 200 time. */
    const burst = async (set: string) => {
      const okAt = new Map<string, number>();
      const started = performance.now();
      const cpu0 = server.cpuSeconds();
      for (let from = 0; from < GROUPS; from += BATCH) {
        const events = skus(set)
          .slice(from, from + BATCH)
          .map((s, i) => ({ eventId: `${s.code}-o`, type: "order.created", sku: s.code, location: "NB-WH", channel: "nb-web", quantity: 1 + (i % 3), orderRef: `${s.code}-SO`, occurredAt: new Date().toISOString() }));
        const r = await fetch(`${server.baseUrl}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(events) });
        if (r.status !== 200) throw new Error(`ingest ${r.status}: ${await r.text()}`);
        const at = Date.now();
        for (const e of events) okAt.set(e.sku, at);
      }
      const ingestMs = performance.now() - started;
      const opened = await waitUntil(
        async () => (await count(`select count(*) as n from exception_group g join sku s on s.id = g.sku_id where g.kind = 'negative_atp' and s.code like $1`, [`NB-${set}-%`])) >= GROUPS,
        600_000,
      );
      return { okAt, ingestMs, openedMs: opened + ingestMs, cpu0 };
    };

    /** Ingest throughput: 1,000-event batches of receipts (no exception) for `seconds`, one client. */
    const stream = async (set: string, seconds: number) => {
      const codes = streamSkus(set);
      const started = performance.now();
      let sent = 0;
      for (let b = 0; performance.now() - started < seconds * 1000; b++) {
        const events = Array.from({ length: 1_000 }, (_, i) => ({ eventId: `${set}-${b}-${i}`, type: "receipt.posted", sku: codes[(b * 1_000 + i) % codes.length]!.code, location: "NB-WH", quantity: 1, occurredAt: new Date().toISOString() }));
        const r = await fetch(`${server.baseUrl}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(events) });
        if (r.status !== 200) throw new Error(`stream ${r.status}: ${await r.text()}`);
        sent += events.length;
      }
      return (sent / (performance.now() - started)) * 1000;
    };

    // 1. notifications off (every endpoint disabled: the outbox writes nothing)
    const off = await burst("off");
    await sleep(3_000);
    const offCpu = server.cpuSeconds();
    const offStream = await stream("s1", 20);
    const offStreamCpu = server.cpuSeconds();
    const cpuStream = offStreamCpu.node + offStreamCpu.postgres - (offCpu.node + offCpu.postgres);

    // 2. notifications on
    for (const e of endpoints) await fetch(`${server.baseUrl}/api/v1/notifications/endpoints/${e.id}`, { method: "PATCH", headers, body: JSON.stringify({ enabled: true }) });
    const before = receiver.received.length;
    const on = await burst("on");
    const expectedWebhooks = 3 * GROUPS;
    const expectedMail = GROUPS;
    const undelivered = () => count(`select count(*) as n from notification_message where type = 'exception.opened' and status <> 'delivered'`);
    const created = () => count(`select count(*) as n from notification_message where type = 'exception.opened'`);
    // the same ingest stream while the deliveries run
    await waitUntil(() => receiver.received.length - before >= 500, 600_000, 100);
    const duringFrom = receiver.received.length;
    const onStream = await stream("s2", 20);
    const duringDeliveries = receiver.received.length - duringFrom;
    const settle = await waitUntil(async () => (await created()) >= expectedWebhooks + expectedMail && (await undelivered()) === 0, 1_800_000, 1_000);
    const onCpu = server.cpuSeconds();
    const arrivals = receiver.received.slice(before);
    const latencies = arrivals.map((r) => r.at - on.okAt.get(String((r.body.data.scope as { sku?: string }).sku))!).filter((x) => Number.isFinite(x));
    const first = Math.min(...arrivals.map((r) => r.at));
    const last = Math.max(...arrivals.map((r) => r.at));
    const mailIds = new Set(sink.mails.map((m) => String(m.headers.get("x-sightline-message-id") ?? "")));
    const deliveries = arrivals.length + sink.mails.length;
    const distinctWebhooks = new Set(arrivals.map((r) => r.id)).size;
    const spanS = (last - first) / 1000;
    const verified = arrivals.filter((r) => r.verifiedWith !== null).length;
    const cpuOff = offCpu.node + offCpu.postgres - (off.cpu0.node + off.cpu0.postgres);
    const cpuOn = onCpu.node + onCpu.postgres - (on.cpu0.node + on.cpu0.postgres);

    console.log(`\nburst of ${fmt(GROUPS)} orders → ${fmt(GROUPS)} negative ATP groups`);
    console.log(`  notifications off: ingest ${fmt((GROUPS / off.ingestMs) * 1000)} events/s; groups open ${fmt(off.openedMs / 1000, 1)} s after the first request; CPU (server + PostgreSQL) ${fmt(cpuOff, 1)} s`);
    console.log(`  notifications on:  ingest ${fmt((GROUPS / on.ingestMs) * 1000)} events/s (${fmt(((GROUPS / on.ingestMs) / (GROUPS / off.ingestMs) - 1) * 100, 1)} %); groups open ${fmt(on.openedMs / 1000, 1)} s; CPU until every message arrived ${fmt(cpuOn - cpuStream, 1)} s without the ingest stream's ${fmt(cpuStream, 1)} s (+${fmt(cpuOn - cpuStream - cpuOff, 1)} s for ${fmt(deliveries)} deliveries, ${fmt(((cpuOn - cpuStream - cpuOff) / deliveries) * 1000, 2)} ms each)`);
    console.log(`  ingest of a steady stream (1,000-event batches, one client, 20 s): ${fmt(offStream)} events/s with notifications off; ${fmt(onStream)} events/s while ${fmt(duringDeliveries)} webhooks arrived (${fmt((onStream / offStream - 1) * 100, 1)} %)`);
    console.log(`\ndeliveries: ${fmt(arrivals.length)} webhooks (${fmt(distinctWebhooks)} distinct webhook-ids of ${fmt(expectedWebhooks)}; ${fmt(verified)} verified with standardwebhooks) + ${fmt(sink.mails.length)} emails (${fmt(mailIds.size)} distinct of ${fmt(expectedMail)}) in ${fmt(spanS, 1)} s from the first arrival: ${fmt(deliveries / Math.max(spanS, 0.001))} deliveries/s; all done ${fmt(settle / 1000, 1)} s after the groups opened`);
    console.log(`webhook arrival after the causing event's 200: p50 ${fmt(percentile(latencies, 50) / 1000, 2)} s, p95 ${fmt(percentile(latencies, 95) / 1000, 2)} s, max ${fmt(Math.max(...latencies) / 1000, 2)} s (goal: hold + 2 s = ${HOLD + 2} s at p95)`);
    const firstThousand = [...latencies].sort((a, b) => a - b).slice(0, 1000);
    console.log(`  the first 1,000 webhooks: p95 ${fmt(percentile(firstThousand, 95) / 1000, 2)} s`);

    // 3. the same burst at the default limit (30 a minute): each endpoint gets 30 messages, the rest as one digest
    for (const e of endpoints) await fetch(`${server.baseUrl}/api/v1/notifications/endpoints/${e.id}`, { method: "PATCH", headers, body: JSON.stringify({ rateLimitPerMinute: 30, eventTypes: ["exception.opened", "exception.digest"] }) });
    const limBefore = receiver.received.length;
    const mailsBefore = sink.mails.length;
    const limMessagesBefore = await created();
    const lim = await burst("lim");
    // the ingest stream again, from the end of the hold: the dispatcher folds the burst into digests meanwhile
    await sleep(HOLD * 1000);
    const limStream = await stream("s3", 20);
    // every group accounted for at each webhook endpoint: sent on its own, or counted in a digest (a burst may span two minutes)
    const accounted = (path: string) =>
      receiver.received.slice(limBefore).filter((r) => r.path === path).reduce((n, r) => n + (r.type === "exception.digest" ? Number(r.body.data.count) : r.type === "exception.opened" ? 1 : 0), 0);
    const limSettle = await waitUntil(() => ["/a", "/b", "/c"].every((path) => accounted(path) >= GROUPS), 300_000, 500);
    const limArrivals = receiver.received.slice(limBefore);
    const limOpened = limArrivals.filter((r) => r.type === "exception.opened");
    const limLatencies = limOpened.map((r) => r.at - lim.okAt.get(String((r.body.data.scope as { sku?: string }).sku))!).filter((x) => Number.isFinite(x));
    const digests = limArrivals.filter((r) => r.type === "exception.digest").map((r) => Number(r.body.data.count));
    console.log(`\nat the default limit (30 a minute per endpoint): ${fmt((await created()) - limMessagesBefore)} exception.opened messages (${fmt(limOpened.length)} webhooks, ${fmt(sink.mails.length - mailsBefore)} emails), digests counting ${digests.join(", ")}: every group accounted for at each webhook ${fmt(limSettle / 1000, 1)} s after the groups opened`);
    console.log(`  webhook arrival after the causing event's 200: p50 ${fmt(percentile(limLatencies, 50) / 1000, 2)} s, p95 ${fmt(percentile(limLatencies, 95) / 1000, 2)} s (goal: hold + 2 s = ${HOLD + 2} s)`);
    console.log(`  ingest of the steady stream meanwhile: ${fmt(limStream)} events/s (${fmt((limStream / offStream - 1) * 100, 1)} % against notifications off)`);

    // 4. the hot paths' overhead, in this process, on the same database (rolled back)
    process.env.DATABASE_URL = server.pgUrl;
    const { db } = await import("@/server/db");
    const { raiseOccurrences } = await import("@/server/exceptions/raise");
    const { recomputeSkus } = await import("@/server/targets/recompute");
    const { currentPolicy } = await import("@/server/policies/current");
    const skuIds = (await sql.query<{ id: number }>(`select id from sku where code like 'NB-off-%' order by id`)).rows.map((r) => r.id);
    const [wh] = (await sql.query<{ id: number }>(`select id from location where code = 'NB-WH'`)).rows;
    const rollback = new Error("rollback");
    const inTx = async (work: (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0]) => Promise<unknown>) => {
      try {
        await db.$transaction(
          async (tx) => {
            await work(tx);
            throw rollback;
          },
          { timeout: 120_000 },
        );
      } catch (e) {
        if (e !== rollback) throw e;
      }
    };
    const raise = () => inTx((tx) => raiseOccurrences(tx, skuIds.map((skuId) => ({ kind: "system_drift" as const, scope: { skuId, locationId: wh!.id }, unitsAtRisk: 3 }))));
    const targets = () =>
      inTx(async (tx) => {
        await tx.$executeRaw`update inventory_position set on_hand = on_hand + 7 where sku_id = any(${skuIds}::int[])`;
        await tx.$executeRaw`insert into inventory_position (sku_id, location_id, on_hand) select unnest(${skuIds}::int[]), ${wh!.id}, 7 on conflict do nothing`;
        await recomputeSkus(tx, skuIds, (await currentPolicy(tx)).policy);
      });
    const setEnabled = async (on: boolean, types: string[]) => sql.query(`update notification_endpoint set enabled = $1, event_types = $2`, [on, types]);
    // off and on alternate (each after a vacuum), so the rolled-back rows' bloat weighs on both alike
    const runs = { raiseOff: [] as number[], raiseOn: [] as number[], targetsOff: [] as number[], targetsOn: [] as number[] };
    const timed = async (fn: () => Promise<void>) => {
      await sql.query("vacuum exception_group, notification_event, channel_position, availability_change, inventory_position");
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    for (let i = 0; i < 6; i++) {
      await setEnabled(false, ["exception.opened"]);
      const raiseOff = await timed(raise);
      const targetsOff = await timed(targets);
      await setEnabled(true, ["exception.opened", "availability.changed"]);
      const raiseOn = await timed(raise);
      const targetsOn = await timed(targets);
      if (i === 0) continue; // warm-up
      runs.raiseOff.push(raiseOff);
      runs.raiseOn.push(raiseOn);
      runs.targetsOff.push(targetsOff);
      runs.targetsOn.push(targetsOn);
    }
    await setEnabled(false, ["exception.opened"]);
    const [raiseOff, raiseOn, targetsOff, targetsOn] = [runs.raiseOff, runs.raiseOn, runs.targetsOff, runs.targetsOn].map(median) as [number, number, number, number];
    console.log(`\nhot paths, ${fmt(skuIds.length)} rows each (median of 5, rolled back):`);
    console.log(`  raiseOccurrences of ${fmt(skuIds.length)} new groups: ${fmt(raiseOff, 1)} ms without an endpoint, ${fmt(raiseOn, 1)} ms with the outbox rows (×${(raiseOn / raiseOff).toFixed(2)})`);
    console.log(`  recomputeSkus writing ${fmt(skuIds.length)} changed targets: ${fmt(targetsOff, 1)} ms without an availability.changed endpoint, ${fmt(targetsOn, 1)} ms keeping the changes (×${(targetsOn / targetsOff).toFixed(2)})`);
    await db.$disconnect();
  } finally {
    await sql.end();
    await server.stop();
    await receiver.close();
    await sink.close();
  }
}

async function putMasterData(server: { baseUrl: string; token: string }, extra: { skus: { code: string }[] }) {
  return putJson(server.baseUrl, server.token, "/api/v1/master-data", {
    skus: extra.skus,
    connectors: [{ code: "nb-erp", kind: "erp", rateLimitPerSecond: 1000 }],
    locations: [{ code: "NB-WH", kind: "warehouse" }],
    channels: [{ code: "nb-web", kind: "shopify", freshnessSloSeconds: 3600, eligibleLocations: ["NB-WH"] }],
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
