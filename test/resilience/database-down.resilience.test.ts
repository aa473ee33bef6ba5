// Check 6: PostgreSQL down, or the server's pool exhausted → 503 with Retry-After, quickly (no
// hang), no 500, no stack trace; and the server recovers by itself when the database is back.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type TEmbeddedPostgres } from "@/server/database/embedded";
import { bearer, call, createRoleUsers, createWorld, leaks, postEvents, waitFor, type TRoleUser, type TWorld } from "./lib/api";
import { sql, withPg } from "./lib/db";
import { BASE_PORT, figure, startOwnServer } from "./lib/servers";

type TServer = Awaited<ReturnType<typeof startOwnServer>>;
const servers: TServer[] = [];
let pg: TEmbeddedPostgres | undefined;
const pgDir = mkdtempSync(path.join(os.tmpdir(), "sightline-resilience-pg-"));
// PostgreSQL runs as its own OS user (when the tests run as root), which must reach the folder
chmodSync(pgDir, 0o755);

afterAll(async () => {
  for (const s of servers) await s.stop();
  await pg?.stop();
  rmSync(pgDir, { recursive: true, force: true });
});

type TProbe = { name: string; send: () => Promise<{ status: number; headers: Headers; text: string }> };

function probesFor(s: TServer, w: TWorld, user: TRoleUser): TProbe[] {
  return [
    { name: "POST /api/v1/events", send: () => postEvents(s.baseUrl, w.key("wms"), [{ eventId: `${w.prefix}-down-${Math.random()}`, type: "heartbeat", occurredAt: new Date().toISOString() }]) },
    { name: "GET /api/v1/exceptions (token)", send: () => call(s.baseUrl, "/api/v1/exceptions", { headers: bearer(user.token) }) },
    { name: "GET /api/v1/exceptions (session)", send: () => call(s.baseUrl, "/api/v1/exceptions", { headers: { cookie: user.cookie } }) },
    { name: "PUT /api/v1/master-data", send: () => call(s.baseUrl, "/api/v1/master-data", { method: "PUT", headers: { ...bearer(s.token), "content-type": "application/json" }, body: "{}" }) },
    { name: "tRPC exceptions.summary (token)", send: () => call(s.baseUrl, `/api/trpc/exceptions.summary?input=${encodeURIComponent('{"json":null}')}`, { headers: bearer(user.token) }) },
    { name: "tRPC exceptions.summary (session)", send: () => call(s.baseUrl, `/api/trpc/exceptions.summary?input=${encodeURIComponent('{"json":null}')}`, { headers: { cookie: user.cookie } }) },
    { name: "Shopify webhook", send: () => call(s.baseUrl, `/api/v1/webhooks/shopify/${w.code("shopify")}`, { method: "POST", headers: { "content-type": "application/json", "x-shopify-hmac-sha256": "x" }, body: "{}" }) },
    { name: "GET /api/health", send: () => call(s.baseUrl, "/api/health") },
  ];
}

type TOutcome = { name: string; status: number; ms: number; retryAfter: string | null; leaked: string[] };

async function probeAll(probes: TProbe[]): Promise<TOutcome[]> {
  return Promise.all(
    probes.map(async (p) => {
      const t0 = performance.now();
      const r = await p.send();
      return { name: p.name, status: r.status, ms: Math.round(performance.now() - t0), retryAfter: r.headers.get("retry-after"), leaked: leaks(r.text) };
    }),
  );
}

const summary = (xs: TOutcome[]) => `${xs.map((x) => x.status).filter((s) => s === 503).length}/${xs.length}×503 (max ${Math.max(...xs.map((x) => x.ms))} ms)`;

describe("check 6: PostgreSQL down", () => {
  it("answers 503 with Retry-After at once while it is down, and serves again by itself when it is back", async () => {
    const port = BASE_PORT + 3 + 51_000;
    pg = await startEmbeddedPostgres({ dataDir: path.join(pgDir, "pg"), port });
    // an external database (DATABASE_URL): its life is not the server's business
    const s = await startOwnServer(3, { DATABASE_URL: pg.url });
    servers.push(s);
    // it says so when that URL's role could switch the audit log's protection off
    expect(s.logs()).toContain("connects as a superuser");
    const w = await createWorld(s.baseUrl, s.token);
    const user = (await createRoleUsers(s.baseUrl, s.token)).ops;
    const probes = probesFor(s, w, user);
    const up = await probeAll(probes);
    expect(up.filter((x) => x.status >= 500)).toEqual([]);

    await pg.stop();
    const stoppedAt = Date.now();
    const rounds: TOutcome[][] = [];
    for (let i = 0; i < 3; i++) {
      rounds.push(await probeAll(probes));
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const down = rounds.flat();
    for (const o of down) {
      expect(o.status, `${o.name} while down`).toBe(503);
      expect(Number(o.retryAfter), `${o.name} Retry-After`).toBeGreaterThanOrEqual(1);
      expect(o.ms, `${o.name} answered in`).toBeLessThan(6_000);
      expect(o.leaked, o.name).toEqual([]);
    }
    // a person signed in, who opens a page meanwhile, is not sent to sign in again
    const page = await call(s.baseUrl, "/exceptions", { headers: { cookie: user.cookie } });
    expect(page.headers.get("location") ?? "", "page while the database is down").not.toContain("/sign-in");
    // Next's error document, which the browser fills with app/global-error.tsx ("Something went wrong")
    expect(page.status).toBe(500);
    expect(page.text).toContain('id="__next_error__"');
    expect(leaks(page.text.replace(/<script[\s\S]*?<\/script>/g, ""))).toEqual([]);

    pg = await startEmbeddedPostgres({ dataDir: path.join(pgDir, "pg"), port });
    const backAt = Date.now();
    await waitFor(async () => (await probeAll(probes)).every((o) => o.status < 500), { timeoutMs: 30_000, intervalMs: 200, what: "every endpoint to answer again" });
    const recoveredMs = Date.now() - backAt;
    expect((await postEvents(s.baseUrl, w.key("wms"), [{ eventId: `${w.prefix}-back`, type: "heartbeat", occurredAt: new Date().toISOString() }])).json.accepted).toBe(1);
    expect(s.proc.exitCode).toBeNull();
    figure(6, `PostgreSQL (external, DATABASE_URL) stopped for ${((backAt - stoppedAt) / 1000).toFixed(1)} s: ${down.length} requests to ${probes.length} endpoints (REST, tRPC, webhook, health; token and session) → ${summary(down)}, all with Retry-After, 0 leaks; page for a signed-in user → ${page.status}; all answering again ${recoveredMs} ms after it was back, no restart`);
  });
});

describe("check 6: the server's database pool exhausted", () => {
  it("answers 503 with Retry-After after the pool's wait, no 500, and recovers when connections free up", async () => {
    const s = await startOwnServer(4, { SIGHTLINE_DB_POOL: "3" });
    servers.push(s);
    const w = await createWorld(s.baseUrl, s.token);
    const user = (await createRoleUsers(s.baseUrl, s.token)).ops;
    const probes = probesFor(s, w, user);
    const [connector] = await withPg(s.pgUrl, async (c) => (await c.query<{ id: number }>("select id from connector where code = $1", [w.code("wms")])).rows);

    // hold the pool: three ingest requests whose inserts wait on rows this transaction has not committed
    const blockerIds = [1, 2, 3].map((i) => `${w.prefix}-blocker-${i}`);
    const outcome = await withPg(s.pgUrl, async (holder) => {
      await holder.query("begin");
      for (const id of blockerIds) {
        await holder.query(`insert into event (connector_id, event_id, type, status, payload, body_hash) values ($1, $2, 'heartbeat', 'accepted', '{}', 'x')`, [connector!.id, id]);
      }
      const blocked = blockerIds.map((id) => postEvents(s.baseUrl, w.key("wms"), [{ eventId: id, type: "heartbeat", occurredAt: new Date().toISOString() }]));
      // (from another connection: inside a transaction pg_stat_activity is a snapshot taken once)
      await waitFor(async () => (await sql<{ n: number }>(s.pgUrl, `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and usename = 'sightline_app'`))[0]!.n >= 3, { timeoutMs: 15_000, what: "three requests to wait on the held rows" });
      const exhausted = await probeAll(probes);
      await holder.query("rollback");
      return { exhausted, blocked: await Promise.all(blocked) };
    });

    for (const o of outcome.exhausted) {
      if (o.name === "GET /api/health") continue;
      expect(o.status, `${o.name} with the pool exhausted`).toBe(503);
      expect(Number(o.retryAfter), `${o.name} Retry-After`).toBeGreaterThanOrEqual(1);
      expect(o.ms, `${o.name} answered in`).toBeLessThan(10_000);
      expect(o.leaked).toEqual([]);
    }
    // the held requests were not lost: they went through once their rows were free
    expect(outcome.blocked.map((r) => [r.status, r.json.accepted])).toEqual([[200, 1], [200, 1], [200, 1]]);
    await waitFor(async () => (await probeAll(probes)).every((o) => o.status < 500), { timeoutMs: 15_000, what: "recovery" });
    const health = outcome.exhausted.find((o) => o.name === "GET /api/health")!;
    figure(6, `pool of 3 held by 3 blocked ingest requests: ${outcome.exhausted.length - 1} requests to other endpoints → ${summary(outcome.exhausted.filter((o) => o.name !== "GET /api/health"))} after the pool's 5 s wait, all with Retry-After, 0 leaks (health → ${health.status}); the 3 held requests → 200 accepted once released; all endpoints answering again`);
  });
});
