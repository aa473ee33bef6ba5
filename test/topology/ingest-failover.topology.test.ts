// Ingest through haproxy from 4 clients while one web replica is killed (SIGKILL) and restarted:
// every acknowledged event is stored exactly once, a retry of a request whose first attempt had
// committed answers "duplicate", and the book is exact.
import { afterAll, describe, expect, it } from "vitest";
import { createWorld, postEvents } from "../resilience/lib/api";
import { book, sql } from "../resilience/lib/db";
import { control, restoreTopology, topology } from "./lib/topology";

const t = topology();
afterAll(restoreTopology);

describe("ingest through haproxy while a web replica is killed and restarted", () => {
  it("stores every acknowledged event exactly once, answers retries as duplicates, and keeps the book exact", async () => {
    await restoreTopology();
    const w = await createWorld(t.url, t.token, { rateLimitPerSecond: 1_000 });
    const BATCH = 25;
    let isDone = false;
    const sent = new Map<string, number>(); // eventId → quantity
    const answers = new Map<string, string>(); // eventId → status in its acknowledged answer
    const duplicateOnFirstTry: string[] = [];
    const afterLostAnswer: string[] = []; // statuses of retries whose first answer (a 200) was lost on the way
    const failures: Record<string, number> = {};
    let requests = 0;
    let retried = 0;

    const client = async (n: number) => {
      for (let batch = 0; !isDone || batch < 4; batch++) {
        const events = Array.from({ length: BATCH }, (_, i) => {
          const quantity = 1 + ((n + batch + i) % 5);
          const e = { eventId: `${w.prefix}-c${n}-b${batch}-${i}`, type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity, occurredAt: new Date(Date.now() - 60_000).toISOString() };
          sent.set(e.eventId, quantity);
          return e;
        });
        // the same body again until it is acknowledged (what a connector does)
        let isAnswerLost = false;
        for (let attempt = 0; ; attempt++) {
          requests++;
          const r = await postEvents(t.url, w.key("wms"), events).catch((e: unknown) => ({ status: 0, json: null, error: (e as Error).message }));
          // one batch in five: its first answer never reaches the client (a timeout, a dropped connection)
          if (attempt === 0 && batch % 5 === 2 && r.status === 200) {
            isAnswerLost = true;
            failures.lost = (failures.lost ?? 0) + 1;
            continue;
          }
          if (r.status === 200 && r.json) {
            if (attempt > 0) retried++;
            for (const res of r.json.results) {
              answers.set(res.eventId!, res.status);
              if (attempt === 0 && res.status === "duplicate") duplicateOnFirstTry.push(res.eventId!);
              if (isAnswerLost) afterLostAnswer.push(res.status);
            }
            break;
          }
          failures[String(r.status)] = (failures[String(r.status)] ?? 0) + 1;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        }
      }
    };

    const clients = [0, 1, 2, 3].map(client);
    await new Promise((r) => setTimeout(r, 1_500));
    const before = requests;
    await control("kill", "web1");
    const killedAt = requests;
    await new Promise((r) => setTimeout(r, 2_000));
    await control("start", "web1");
    await new Promise((r) => setTimeout(r, 2_000));
    isDone = true;
    await Promise.all(clients);

    // every event sent was acknowledged, and stored once
    expect(answers.size).toBe(sent.size);
    const [stored] = await sql<{ n: number; distinct: number }>(
      t.primaryAdmin,
      `select count(*)::int as n, count(distinct event_id)::int as distinct from event e join connector c on c.id = e.connector_id where c.code = $1`,
      [w.code("wms")],
    );
    expect(stored).toEqual({ n: sent.size, distinct: sent.size });
    // a first attempt never meets its own events; a retry finds them when the lost attempt had
    // committed: always, when its answer was a 200 that got lost
    expect(duplicateOnFirstTry).toEqual([]);
    expect(afterLostAnswer.length).toBeGreaterThan(0);
    expect(new Set(afterLostAnswer)).toEqual(new Set(["duplicate"]));
    expect([...answers.values()].every((s) => s === "accepted" || s === "duplicate")).toBe(true);
    // the book: every unit once
    const units = [...sent.values()].reduce((a, b) => a + b, 0);
    expect(await book(t.primaryAdmin, w.code("A"), w.code("WH"))).toMatchObject({ onHand: units });
    const duplicates = [...answers.values()].filter((s) => s === "duplicate").length;
    console.log(
      `topology ingest: 4 clients, ${sent.size} events in ${requests} requests (${before} before the kill, ${requests - killedAt} after); web1 SIGKILLed and restarted; ` +
        `failed attempts ${JSON.stringify(failures)} (lost: a 200 the client never read), ${retried} batches retried, ${duplicates} events answered duplicate on a retry; stored ${stored!.n} (each once), onHand ${units} = units sent`,
    );
  });
});
