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
    const SECONDS = 4;
    const PER_SECOND = 20;
    const start = Date.now();
    const outcomes: { at: number; replica: string; status: number }[] = [];
    const pending: Promise<void>[] = [];
    for (let i = 0; i < SECONDS * PER_SECOND; i++) {
      // one request every 50 ms, straight to web1 and web2 in turn
      const due = start + (i * 1000) / PER_SECOND;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      const replica = t.web[i % 2]!;
      const at = Date.now() - start;
      const event = { eventId: `${w.prefix}-rl-${i}`, type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 1, occurredAt: new Date(Date.now() - 1000).toISOString() };
      pending.push(postEvents(replica.url, w.key("wms"), [event]).then((r) => void outcomes.push({ at, replica: replica.name, status: r.status })));
    }
    await Promise.all(pending);
    const accepted = outcomes.filter((o) => o.status === 200);
    const limited = outcomes.filter((o) => o.status === 429);
    expect(accepted.length + limited.length).toBe(outcomes.length);
    // a full bucket (5) plus 5 a second: one bucket for the deployment; a bucket per replica would let in about twice as many
    expect(accepted.length).toBeLessThanOrEqual(5 + 5 * SECONDS + 1);
    expect(accepted.length).toBeGreaterThanOrEqual(5 * SECONDS - 1);
    const perSecond = Array.from({ length: SECONDS }, (_, s) => accepted.filter((o) => o.at >= s * 1000 && o.at < (s + 1) * 1000).length);
    // after the first second's burst, at most 5 a second (one more for a token refilled at the edge)
    for (const n of perSecond.slice(1)) expect(n).toBeLessThanOrEqual(6);
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
