// Check 5: PostgreSQL killed abruptly (kill -9 of the postmaster, then an immediate-mode shutdown)
// while 4 clients ingest. The server must bring its embedded PostgreSQL back by itself; afterwards
// every acknowledged event is stored exactly once, the book counts each event once, and a client
// retrying what was not acknowledged gets `accepted` at most once (`duplicate` if it had committed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, postEvents, type TIngestAnswer, type TWorld } from "./lib/api";
import { sql } from "./lib/db";
import { figure, startOwnServer } from "./lib/servers";

const CLIENTS = 4;
const BATCHES = 50;
const BATCH = 100;
const SKUS = 20;

let server: Awaited<ReturnType<typeof startOwnServer>>;
let w: TWorld;

beforeAll(async () => {
  server = await startOwnServer(1);
  w = await createWorld(server.baseUrl, server.token);
  await fetch(`${server.baseUrl}/api/v1/master-data`, {
    method: "PUT",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: JSON.stringify({ skus: Array.from({ length: SKUS }, (_, i) => ({ code: w.code(`S${i}`) })) }),
  });
});

afterAll(async () => {
  await server?.stop();
});

type TAttempt = { status: number | "network"; answer?: TIngestAnswer; startedAt: number; at: number };

const BASE_TIME = Date.now() - 3_600_000;

/** The same events every time it is called (a retry must send exactly what was sent). */
function batchOf(client: number, b: number) {
  const base = BASE_TIME;
  return Array.from({ length: BATCH }, (_, i) => {
    const n = (client * BATCHES + b) * BATCH + i;
    return { eventId: `${w.prefix}-c${client}-b${b}-e${i}`, type: "receipt.posted", sku: w.code(`S${n % SKUS}`), location: w.code("WH"), quantity: 1 + (n % 3), occurredAt: new Date(base + n).toISOString() };
  });
}

describe("check 5: PostgreSQL killed during ingest from 4 clients", () => {
  it("recovers by itself, keeps every acknowledged event exactly once and answers retries consistently", async () => {
    const attempts = new Map<string, TAttempt[]>();
    let acked = 0;
    const crashes: { signal: NodeJS.Signals; at: number; pid: number; recoveredAt?: number }[] = [];
    const serverPid = server.proc.pid;

    const runClient = async (client: number) => {
      for (let b = 0; b < BATCHES; b++) {
        const events = batchOf(client, b);
        const key = `${client}/${b}`;
        const list: TAttempt[] = [];
        attempts.set(key, list);
        for (;;) {
          let attempt: TAttempt;
          const startedAt = Date.now();
          try {
            const r = await postEvents(server.baseUrl, w.key("wms"), events);
            attempt = { status: r.status, answer: r.status === 200 ? r.json : undefined, startedAt, at: Date.now() };
            if (r.status !== 200) await new Promise((res) => setTimeout(res, Number(r.headers.get("retry-after") ?? 1) * 250));
          } catch {
            attempt = { status: "network", startedAt, at: Date.now() };
            await new Promise((res) => setTimeout(res, 250));
          }
          list.push(attempt);
          if (attempt.status === 200) break;
        }
        acked++;
        // back: a request sent after the crash was acknowledged
        const crash = crashes.at(-1);
        if (crash && !crash.recoveredAt && list.at(-1)!.startedAt > crash.at) crash.recoveredAt = list.at(-1)!.at;
      }
    };

    const chaos = (async () => {
      const total = CLIENTS * BATCHES;
      for (const [share, signal] of [[0.3, "SIGKILL"], [0.65, "SIGQUIT"]] as const) {
        while (acked < total * share) await new Promise((r) => setTimeout(r, 20));
        const pid = server.postmasterPid()!;
        // SIGKILL: the postmaster dies at once (its backends notice and exit); SIGQUIT: PostgreSQL's
        // "immediate" shutdown (pg_ctl stop -m immediate): no checkpoint, crash recovery on start
        process.kill(pid, signal);
        crashes.push({ signal, at: Date.now(), pid });
        // wait for it to be back before the next one
        while (!crashes.at(-1)!.recoveredAt) await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => runClient(c)), chaos]);

    // the server itself never stopped; its PostgreSQL is a new process
    expect(server.proc.pid).toBe(serverPid);
    expect(server.proc.exitCode).toBeNull();
    expect(server.postmasterPid()).not.toBe(crashes[0]!.pid);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);

    // per event, over every acknowledged answer: accepted at most once, never a conflict
    const total = CLIENTS * BATCHES * BATCH;
    let failedAttempts = 0;
    const failures: Record<string, number> = {};
    for (const list of attempts.values()) for (const a of list) if (a.status !== 200) failures[a.status] = (failures[a.status] ?? 0) + 1;
    let committedUnacked = 0;
    const answersByEvent = new Map<string, string[]>();
    for (const list of attempts.values()) {
      failedAttempts += list.filter((a) => a.status !== 200).length;
      for (const a of list) for (const r of a.answer?.results ?? []) answersByEvent.set(r.eventId!, [...(answersByEvent.get(r.eventId!) ?? []), r.status]);
      const final = list.at(-1)!.answer!;
      if (list.length > 1 && final.duplicate > 0) committedUnacked += final.duplicate;
    }
    // while PostgreSQL was gone the answer was 503 (or the connection failed), never a 500
    expect(Object.keys(failures).filter((k) => k !== "503" && k !== "network"), JSON.stringify(failures)).toEqual([]);
    expect(answersByEvent.size).toBe(total);
    const wrong = [...answersByEvent.entries()].filter(([, s]) => s.filter((x) => x === "accepted").length > 1 || s.some((x) => x !== "accepted" && x !== "duplicate"));
    expect(wrong.slice(0, 5)).toEqual([]);
    // a batch whose first acknowledged answer says duplicate had committed before its ack was lost
    for (const list of attempts.values()) {
      const answer = list.at(-1)!.answer!;
      if (list.length === 1) expect(answer.accepted).toBe(BATCH);
      else expect(answer.accepted + answer.duplicate).toBe(BATCH);
    }

    // the event log: every event exactly once; the book: each counted once
    const [stored] = await sql<{ n: number; distinct: number; accepted: number; applied: number }>(
      server.pgUrl,
      `select count(*)::int as n, count(distinct event_id)::int as distinct, count(*) filter (where status = 'accepted')::int as accepted, count(*) filter (where applied_at is not null)::int as applied
       from event where connector_id = (select id from connector where code = $1) and event_id like $2`,
      [w.code("wms"), `${w.prefix}-c%`],
    );
    expect(stored).toEqual({ n: total, distinct: total, accepted: total, applied: total });
    const expectedOnHand = new Map<string, number>();
    for (let c = 0; c < CLIENTS; c++) for (let b = 0; b < BATCHES; b++) for (const e of batchOf(c, b)) expectedOnHand.set(e.sku, (expectedOnHand.get(e.sku) ?? 0) + e.quantity);
    const books = await sql<{ sku: string; on_hand: number }>(server.pgUrl, `select s.code as sku, p.on_hand from inventory_position p join sku s on s.id = p.sku_id join location l on l.id = p.location_id where l.code = $1 and s.code like $2`, [w.code("WH"), `${w.prefix}-S%`]);
    expect(Object.fromEntries(books.map((b) => [b.sku, b.on_hand]))).toEqual(Object.fromEntries(expectedOnHand));
    const [moves] = await sql<{ n: number }>(server.pgUrl, `select count(*)::int as n from movement m join event e on e.id = m.event_pk where m.book = 0 and e.event_id like $1`, [`${w.prefix}-c%`]);
    expect(moves!.n).toBe(total);

    // everything sent once more: all duplicates
    let resentDuplicates = 0;
    for (let c = 0; c < CLIENTS; c++) {
      for (let b = 0; b < BATCHES; b += 10) {
        const r = await postEvents(server.baseUrl, w.key("wms"), batchOf(c, b));
        expect(r.status).toBe(200);
        resentDuplicates += r.json.duplicate;
      }
    }
    expect(resentDuplicates).toBe(CLIENTS * (BATCHES / 10) * BATCH);

    const logs = server.logs();
    expect(logs).toContain("embedded PostgreSQL exited unexpectedly");
    expect(logs).toContain("embedded PostgreSQL restarted");
    figure(5, `${CLIENTS} clients × ${BATCHES} batches × ${BATCH} events (${total.toLocaleString("en-US")}); PostgreSQL killed twice (${crashes.map((c) => `${c.signal} → ingest back after ${((c.recoveredAt ?? 0) - c.at) / 1000} s`).join(", ")}), restarted by the server itself; ${failedAttempts} failed attempts (${Object.entries(failures).map(([k, n]) => `${n}×${k}`).join(", ")}) retried; ${committedUnacked} events had committed before their ack was lost (answered duplicate on retry); stored ${stored!.n.toLocaleString("en-US")} = ${total.toLocaleString("en-US")} exactly once, 0 accepted twice, book and ${moves!.n.toLocaleString("en-US")} movements match; ${resentDuplicates.toLocaleString("en-US")} resent → duplicate`);
  });
});
