// The real server as a child process (like bench/lib/server.ts): a large replay applying in the
// background, the server SIGKILLed mid-run (and its PostgreSQL stopped as in a crash), restarted on
// the same data folder: the replay resumes by itself and the book is exact, nothing applied twice.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 2;
const PG_PORT = PORT + 51_000;
const TOKEN = "resume-bootstrap-token-0123456789";
const DATA_DIR = path.join(os.tmpdir(), `sightline-e2e-resume-${PORT}`);
const BASE = `http://localhost:${PORT}`;
const EVENTS = 12_000;
const AUTH = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

function start(): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: "",
      SIGHTLINE_URL: "",
      SIGHTLINE_SECRET: "",
      PORT: String(PORT),
      SIGHTLINE_DATA_DIR: DATA_DIR,
      SIGHTLINE_PG_PORT: String(PG_PORT),
      SIGHTLINE_DEMO: "0",
      SIGHTLINE_BOOTSTRAP_TOKEN: TOKEN,
      SIGHTLINE_REPLAY_CHUNK: "400",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function healthy(proc: ChildProcess) {
  for (let i = 0; i < 360; i++) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`the server exited early (${proc.exitCode ?? proc.signalCode}); its stderr is above`);
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not come up");
}

async function api(route: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const r = await fetch(`${BASE}${route}`, { method: init.method ?? "GET", headers: { ...AUTH, ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) }, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

function exited(proc: ChildProcess) {
  return new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once("exit", () => resolve())));
}

/** A crash of the machine, not a clean stop: the orphaned PostgreSQL is told to quit immediately (no checkpoint). */
async function crashPostgres() {
  const pidFile = path.join(DATA_DIR, "pg", "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, "SIGQUIT");
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("a large replay killed mid-run resumes after a restart and applies every event exactly once", async () => {
  test.setTimeout(300_000);
  rmSync(DATA_DIR, { recursive: true, force: true });
  let server = start();
  try {
    await healthy(server);
    const md = await api("/api/v1/master-data", { method: "PUT", body: { skus: [{ code: "RESUME-A" }], connectors: [{ code: "resume-wms", kind: "wms", rateLimitPerSecond: 1000 }], locations: [{ code: "RESUME-WH", kind: "warehouse", authoritativeConnector: "resume-wms" }] } });
    const key = (md.body.connectorKeys as Record<string, string>)["resume-wms"]!;
    const base = Date.now() - 3_600_000;
    let expected = 0;
    for (let from = 0; from < EVENTS; from += 4_000) {
      const batch = Array.from({ length: 4_000 }, (_, k) => {
        const i = from + k;
        expected += 1 + (i % 5);
        return { eventId: `resume-${i}`, type: "receipt.posted", sku: "RESUME-OLD", location: "RESUME-WH", quantity: 1 + (i % 5), occurredAt: new Date(base + i * 10).toISOString() };
      });
      const sent = await api("/api/v1/events", { method: "POST", token: key, body: batch });
      expect(sent.body.rejected).toBe(4_000);
    }
    await api("/api/v1/master-data", { method: "PUT", body: { skus: [{ code: "RESUME-A", aliases: ["RESUME-OLD"] }] } });

    const plan = await api("/api/v1/replays", { method: "POST", body: { selector: { sku: "RESUME-OLD" } } });
    expect(plan.body).toMatchObject({ events: EVENTS, wouldApply: EVENTS, effects: [{ sku: "RESUME-A", location: "RESUME-WH", field: "onHand", before: 0, after: expected }] });
    const id = String(plan.body.id);
    const applying = await api(`/api/v1/replays/${id}/apply`, { method: "POST", body: { reason: "resume test" } });
    expect(applying).toMatchObject({ status: 202, body: { status: "applying", events: EVENTS } });

    // kill it once some chunks have committed and others have not
    let progress = 0;
    for (let i = 0; i < 600 && progress < 1_200; i++) {
      progress = Number((await api(`/api/v1/replays/${id}`)).body.progress);
      if (progress < 1_200) await new Promise((r) => setTimeout(r, 25));
    }
    // killed mid-run: some chunks committed, not all of them
    expect(progress).toBeGreaterThanOrEqual(1_200);
    expect(progress).toBeLessThan(EVENTS);
    server.kill("SIGKILL");
    await exited(server);
    await crashPostgres();

    const client = new pg.Client({ connectionString: `postgresql://postgres:sightline@127.0.0.1:${PG_PORT}/sightline` });
    server = start();
    await healthy(server);
    await client.connect();
    try {
      await expect.poll(async () => (await api(`/api/v1/replays/${id}`)).body.status, { timeout: 120_000, intervals: [500] }).toBe("applied");
      const done = await api(`/api/v1/replays/${id}`);
      expect(done.body).toMatchObject({ progress: EVENTS, result: { applied: EVENTS, skipped: 0, failed: 0 } });

      const book = await client.query<{ on_hand: number }>(`select p.on_hand from inventory_position p join sku s on s.id = p.sku_id join location l on l.id = p.location_id where s.code = 'RESUME-A' and l.code = 'RESUME-WH'`);
      expect(book.rows[0]!.on_hand).toBe(expected);
      const counts = await client.query<{ accepted: number; movements: number; distinct_events: number }>(
        `select (select count(*)::int from event where payload->>'sku' = 'RESUME-OLD' and status = 'accepted') as accepted,
                count(*)::int as movements, count(distinct m.event_pk)::int as distinct_events
         from movement m join event e on e.id = m.event_pk where e.payload->>'sku' = 'RESUME-OLD' and m.book = 0`,
      );
      expect(counts.rows[0]).toEqual({ accepted: EVENTS, movements: EVENTS, distinct_events: EVENTS });
      const audits = await client.query<{ action: string }>(`select action from audit_log where target_type = 'replay_plan' and target_id = $1 order by id`, [id]);
      expect(audits.rows.map((r) => r.action)).toEqual(["replay.apply_started", "replay.apply"]);
    } finally {
      await client.end();
    }
  } finally {
    server.kill("SIGTERM");
    await exited(server);
    await crashPostgres();
    rmSync(DATA_DIR, { recursive: true, force: true });
  }
});
