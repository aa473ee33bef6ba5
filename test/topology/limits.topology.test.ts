// Limits across replicas: a connector allowed 5 requests a second gets at most that many in total,
// whichever web replica answers; and the ingest concurrency gate is one for the deployment.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createWorld, postEvents } from "../resilience/lib/api";
import { sql } from "../resilience/lib/db";
import { restoreTopology, topology } from "./lib/topology";

const t = topology();
afterAll(restoreTopology);

describe("limits across web replicas", () => {
  it("lets a 5/s connector in at most 5 times a second in total, its requests spread over both replicas", async () => {
    await restoreTopology();
    const w = await createWorld(t.url, t.token, { rateLimitPerSecond: 5 });
    // each replica's ingest route answered once before (a cold route would bunch the first requests up)
    for (const replica of t.web) await postEvents(replica.url, w.key("erp"), []);
    const SECONDS = 4;
    const PER_SECOND = 20;
    const start = Date.now();
    const outcomes: { at: number; replica: string; status: number; body: string }[] = [];
    const pending: Promise<void>[] = [];
    for (let i = 0; i < SECONDS * PER_SECOND; i++) {
      // one request every 50 ms, straight to web1 and web2 in turn
      const due = start + (i * 1000) / PER_SECOND;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      const replica = t.web[i % 2]!;
      const at = Date.now() - start;
      const event = { eventId: `${w.prefix}-rl-${i}`, type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 1, occurredAt: new Date(Date.now() - 1000).toISOString() };
      pending.push(postEvents(replica.url, w.key("wms"), [event]).then((r) => void outcomes.push({ at, replica: replica.name, status: r.status, body: r.status === 200 || r.status === 429 ? "" : r.text })));
    }
    await Promise.all(pending);
    const accepted = outcomes.filter((o) => o.status === 200);
    const limited = outcomes.filter((o) => o.status === 429);
    expect(outcomes.filter((o) => o.status !== 200 && o.status !== 429).map((o) => `${o.replica} ${o.status} ${o.body}`)).toEqual([]);
    // a full bucket (5) plus 5 a second: one bucket for the deployment; a bucket per replica would let in about twice as many
    expect(accepted.length).toBeLessThanOrEqual(5 + 5 * SECONDS + 1);
    expect(accepted.length).toBeGreaterThanOrEqual(10);
    // by when the replicas took them in (received_at): a token bucket of 5 lets in at most 5 + 5 × t
    // requests in any t seconds (one bucket for the deployment; one per replica would let in twice that)
    const taken = (
      await sql<{ ms: number }>(
        t.primaryAdmin,
        `select (extract(epoch from e.received_at - min(e.received_at) over ()) * 1000)::int as ms from event e join connector c on c.id = e.connector_id where c.code = $1 order by 1`,
        [w.code("wms")],
      )
    ).map((x) => x.ms);
    let worst = { excess: -Infinity, from: 0, to: 0, n: 0 };
    for (let i = 0; i < taken.length; i++) {
      for (let j = i; j < taken.length; j++) {
        // slack: the clock read when a request is taken in trails the bucket's own by an event-loop turn or two
        const excess = j - i + 1 - (5 + (5 * (taken[j]! - taken[i]!)) / 1000);
        if (excess > worst.excess) worst = { excess, from: taken[i]!, to: taken[j]!, n: j - i + 1 };
      }
    }
    expect(worst.excess, `${worst.n} let in between ${worst.from} and ${worst.to} ms`).toBeLessThanOrEqual(2);
    const perSecond = Array.from({ length: Math.ceil((taken.at(-1)! + 1) / 1000) }, (_, s) => taken.filter((ms) => ms >= s * 1000 && ms < (s + 1) * 1000).length);
    expect(new Set(accepted.map((o) => o.replica)).size).toBe(2);
    // exactly the acknowledged requests are stored
    const [row] = await sql<{ n: number }>(t.primaryAdmin, `select count(*)::int as n from event e join connector c on c.id = e.connector_id where c.code = $1`, [w.code("wms")]);
    expect(row!.n).toBe(accepted.length);
    console.log(`topology rate limit: 5/s connector, ${outcomes.length} requests over ${SECONDS} s alternating web1/web2 → ${accepted.length}×200 (per second ${perSecond.join(", ")}; web1 ${accepted.filter((o) => o.replica === "web1").length}, web2 ${accepted.filter((o) => o.replica === "web2").length}) + ${limited.length}×429`);
  });

  it("sheds ingest on every replica while the deployment's ingest slots are all taken, and takes it again when they free", async () => {
    const w = await createWorld(t.url, t.token, { rateLimitPerSecond: 1_000 });
    const event = (i: number) => [{ eventId: `${w.prefix}-gate-${i}`, type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 1, occurredAt: new Date(Date.now() - 1000).toISOString() }];
    // Someone else holds all 24 slots (SIGHTLINE_INGEST_CONCURRENCY): what 24 batches in flight elsewhere would do.
    const holder = new pg.Client({ connectionString: t.primaryAdmin });
    await holder.connect();
    try {
      await holder.query("begin");
      await holder.query("select pg_advisory_xact_lock(727401, s) from generate_series(0, 23) s");
      const busy = await Promise.all(t.web.map((replica, i) => postEvents(replica.url, w.key("wms"), event(i))));
      for (const r of busy) {
        expect(r.status).toBe(503);
        expect(r.headers.get("retry-after")).toBe("1");
        expect((r.json as unknown as { error: { code: string } }).error.code).toBe("overloaded");
      }
      await holder.query("commit");
      const again = await Promise.all(t.web.map((replica, i) => postEvents(replica.url, w.key("wms"), event(i))));
      expect(again.map((r) => r.status)).toEqual([200, 200]);
      expect(again.map((r) => r.json.accepted)).toEqual([1, 1]);
    } finally {
      await holder.end();
    }
  });
});
