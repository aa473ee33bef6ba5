// The writes DESIGN.md's contract needs at the least, done by hand in raw SQL: per batch of 1,000,
// one transaction that stores the events (with the event table's real indexes), locks the books
// they touch in key order, adds their movements to the canonical and the reported books, and
// writes the journal. 4 clients, as the HTTP bench. No validation, no look-ups, no exposures, no
// queues: what PostgreSQL alone needs for "a 200 means the book already shows it".
import { createHash } from "node:crypto";
import pg from "pg";

type TBenchEvent = { eventId: string; type: string; sku: string; location?: string; quantity?: number; delta?: number; orderRef?: string; occurredAt: string };
type TDelta = { on_hand?: number; reserved?: number; allocated?: number };

const FIELDS = ["on_hand", "reserved", "allocated"] as const;

function deltaOf(e: TBenchEvent): TDelta | null {
  const q = e.quantity ?? 0;
  switch (e.type) {
    case "receipt.posted":
      return { on_hand: q };
    case "stock.adjusted":
      return { on_hand: e.delta ?? 0 };
    case "order.created":
    case "reservation.created":
      return { reserved: q };
    case "pick.confirmed":
      return { reserved: -q, allocated: q };
    default:
      return null;
  }
}

const isPhysical = (type: string) => type === "receipt.posted" || type === "stock.adjusted" || type === "pick.confirmed";

export async function rawProjectionBaseline(pgUrl: string, events: TBenchEvent[], batchSize: number, clients: number) {
  const setup = new pg.Client({ connectionString: pgUrl });
  await setup.connect();
  await setup.query(`
    drop table if exists bench_event, bench_movement, bench_position, bench_reported;
    create table bench_event (like event including all) with (fillfactor = 85);
    create table bench_movement (like movement including all);
    create table bench_position (like inventory_position including all);
    create table bench_reported (like reported_position including all);
    insert into bench_position (sku_id, location_id) select s, l from generate_series(0, 9999) s, generate_series(1, 2) l;
    insert into bench_reported (connector_id, sku_id, location_id) select 1, s, l from generate_series(0, 9999) s, generate_series(1, 2) l;
    analyze bench_position, bench_reported;`);

  // Everything a caller would have worked out before its transaction, prepared outside the clock.
  const batches: { rows: string; perEvent: { eventId: string; sku: number; loc: number; at: string; delta: TDelta; physical: boolean }[] }[] = [];
  for (let i = 0; i < events.length; i += batchSize) {
    const slice = events.slice(i, i + batchSize);
    const perEvent = slice.flatMap((e) => {
      const delta = deltaOf(e);
      return delta && e.location ? [{ eventId: e.eventId, sku: Number(e.sku.split("-")[1]), loc: e.location === "BW1" ? 1 : 2, at: e.occurredAt, delta, physical: isPhysical(e.type) }] : [];
    });
    const rows = JSON.stringify(
      slice.map((e) => ({
        e: e.eventId,
        t: e.type,
        p: e,
        h: createHash("sha256").update(JSON.stringify(e)).digest("hex"),
        o: e.occurredAt,
        k: Number(e.sku.split("-")[1]),
        l: e.location ? (e.location === "BW1" ? 1 : 2) : null,
        n: e.quantity ?? e.delta ?? null,
        r: e.orderRef ?? null,
      })),
    );
    batches.push({ rows, perEvent });
  }

  const conns = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      return c;
    }),
  );
  let next = 0;
  const started = performance.now();
  await Promise.all(
    conns.map(async (c) => {
      while (next < batches.length) {
        const b = batches[next++]!;
        await c.query("begin");
        const { rows: ids } = await c.query<{ id: string; event_id: string }>(
          `insert into bench_event (connector_id, event_id, type, status, payload, body_hash, occurred_at, received_at, applied_at, sku_id, location_id, quantity, order_ref)
           select 1, x.e, x.t, 'accepted', x.p, x.h, x.o, now(), now(), x.k, x.l, x.n, x.r
           from json_to_recordset($1::json) as x(e text, t text, p jsonb, h text, o timestamptz, k int, l int, n int, r text)
           returning id, event_id`,
          [b.rows],
        );
        const pk = new Map(ids.map((r) => [r.event_id, r.id]));
        const canonical = new Map<string, [number, number, number, number, number]>();
        const reported = new Map<string, [number, number, number, number, number]>();
        const journal: unknown[][] = [];
        for (const e of b.perEvent) {
          for (const [book, into] of [[0, canonical], ...(e.physical ? [[1, reported] as const] : [])] as const) {
            const k = `${e.sku}:${e.loc}`;
            const sum = into.get(k) ?? [e.sku, e.loc, 0, 0, 0];
            FIELDS.forEach((f, i) => (sum[2 + i]! += e.delta[f] ?? 0));
            into.set(k, sum);
            journal.push([pk.get(e.eventId), book, e.sku, e.loc, e.at, e.delta.on_hand ?? 0, e.delta.reserved ?? 0, e.delta.allocated ?? 0]);
          }
        }
        for (const [table, books, key] of [["bench_position", canonical, "sku_id, location_id"], ["bench_reported", reported, "connector_id, sku_id, location_id"]] as const) {
          const rows = JSON.stringify([...books.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]));
          const match = table === "bench_reported" ? "p.connector_id = 1 and " : "";
          await c.query(`select 1 from ${table} p join json_array_elements($1::json) r on ${match}p.sku_id = (r->>0)::int and p.location_id = (r->>1)::int order by ${key} for update of p`, [rows]);
          await c.query(
            `update ${table} p set on_hand = p.on_hand + (r->>2)::int, reserved = p.reserved + (r->>3)::int, allocated = p.allocated + (r->>4)::int, updated_at = now()
             from json_array_elements($1::json) r where ${match}p.sku_id = (r->>0)::int and p.location_id = (r->>1)::int`,
            [rows],
          );
        }
        await c.query(
          `insert into bench_movement (event_pk, book, sku_id, location_id, occurred_at, d_on_hand, d_reserved, d_allocated)
           select (r->>0)::bigint, (r->>1)::int, (r->>2)::int, (r->>3)::int, (r->>4)::timestamptz, (r->>5)::int, (r->>6)::int, (r->>7)::int
           from json_array_elements($1::json) r`,
          [JSON.stringify(journal)],
        );
        await c.query("commit");
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(conns.map((c) => c.end()));
  await setup.query("drop table bench_event, bench_movement, bench_position, bench_reported");
  await setup.end();
  return { seconds, rate: events.length / seconds };
}
