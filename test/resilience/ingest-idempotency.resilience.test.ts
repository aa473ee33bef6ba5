// Checks 1–3: the same event many times at once, a reused eventId, events out of order and stale.
import { beforeAll, describe, expect, it } from "vitest";
import { bearer, call, createWorld, postEvents, shopifyHeaders, waitFor, type TIngestAnswer, type TWorld } from "./lib/api";
import { book, sql, storedCounts } from "./lib/db";
import { figure, sharedServer } from "./lib/servers";

const server = sharedServer();
let w: TWorld;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

beforeAll(async () => {
  w = await createWorld(server.baseUrl, server.token);
});

describe("check 1: the same event or webhook posted 10 times concurrently", () => {
  it("makes one change and answers nine duplicates (REST ingest)", async () => {
    const event = { eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 7, occurredAt: iso(60_000) };
    const before = await storedCounts(server.pgUrl, w.code("wms"));
    const answers = await Promise.all(Array.from({ length: 10 }, () => postEvents(server.baseUrl, w.key("wms"), [event])));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const statuses = answers.map((a) => a.json.results[0]!.status).sort();
    expect(statuses).toEqual(["accepted", ...Array(9).fill("duplicate")]);
    const after = await storedCounts(server.pgUrl, w.code("wms"));
    expect(after.events - before.events).toBe(1);
    expect(after.movements - before.movements).toBe(1);
    expect((await book(server.pgUrl, w.code("A"), w.code("WH")))?.onHand).toBe(7);
    const [hourly] = await sql<{ duplicate: number; accepted: number }>(server.pgUrl, `select sum(duplicate)::int as duplicate, sum(accepted)::int as accepted from ingest_hourly h join connector c on c.id = h.connector_id where c.code = $1`, [w.code("wms")]);
    expect(hourly).toMatchObject({ duplicate: 9, accepted: 1 });
    figure(1, `REST: 10 concurrent requests, 0 failures, 1 accepted + 9 duplicate; event rows +${after.events - before.events}, movements +${after.movements - before.movements}, on hand 7`);
  });

  it("makes one change and answers nine duplicates (Shopify webhook)", async () => {
    const body = JSON.stringify({ inventory_item_id: w.code("shopify-item"), location_id: w.code("shopify-loc"), available: 11, updated_at: iso(30_000) });
    const eventId = `${w.prefix}-shopify-1`;
    const before = await storedCounts(server.pgUrl, w.code("shopify"));
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => call<TIngestAnswer>(server.baseUrl, `/api/v1/webhooks/shopify/${w.code("shopify")}`, { method: "POST", headers: shopifyHeaders("inventory_levels/update", eventId, body), body })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.reduce((n, a) => n + a.json.accepted, 0)).toBe(1);
    expect(answers.reduce((n, a) => n + a.json.duplicate, 0)).toBe(9);
    const after = await storedCounts(server.pgUrl, w.code("shopify"));
    expect(after.events - before.events).toBe(1);
    const [exposure] = await sql<{ exposed: number }>(server.pgUrl, `select cp.exposed from channel_position cp join sku s on s.id = cp.sku_id join channel c on c.id = cp.channel_id where s.code = $1 and c.code = $2`, [w.code("A"), w.code("web")]);
    expect(exposure?.exposed).toBe(11);
    figure(1, `Shopify: 10 concurrent webhooks, 0 failures, 1 accepted + 9 duplicate; event rows +${after.events - before.events}, exposure 11`);
  });
});

describe("check 2: an eventId reused with a different body", () => {
  it("answers conflict, keeps the second body aside, leaves the book unchanged and raises the exception", async () => {
    const eventId = w.nextId();
    const original = { eventId, type: "receipt.posted", sku: w.code("B"), location: w.code("WH"), quantity: 5, occurredAt: iso(50_000) };
    expect((await postEvents(server.baseUrl, w.key("wms"), [original])).json.results[0]!.status).toBe("accepted");
    const bookBefore = await book(server.pgUrl, w.code("B"), w.code("WH"));
    const variants = [
      { ...original, quantity: 500 },
      { ...original, type: "stock.adjusted", quantity: undefined, delta: -5 },
      { ...original, occurredAt: iso(10_000) },
    ];
    const answers = await Promise.all(variants.map((v) => postEvents(server.baseUrl, w.key("wms"), [v])));
    expect(answers.map((a) => a.json.results[0]!.status)).toEqual(["conflict", "conflict", "conflict"]);
    // the same content with keys in another order and other whitespace is the same event
    const reordered = `[{"occurredAt":"${original.occurredAt}", "quantity":5,"location":"${original.location}","sku":"${original.sku}","type":"receipt.posted","eventId":"${eventId}"}]`;
    expect((await postEvents(server.baseUrl, w.key("wms"), null, { body: reordered })).json.results[0]!.status).toBe("duplicate");

    const bookAfter = await book(server.pgUrl, w.code("B"), w.code("WH"));
    expect(bookAfter).toEqual(bookBefore);
    const kept = await sql<{ payload: { quantity?: number; delta?: number } }>(server.pgUrl, `select ec.payload from event_conflict ec join event e on e.id = ec.event_pk where e.event_id = $1 order by ec.id`, [eventId]);
    expect(kept).toHaveLength(3);
    expect(kept.map((k) => k.payload.quantity ?? k.payload.delta)).toEqual(expect.arrayContaining([500, -5, 5]));
    const [stored] = await sql<{ payload: { quantity: number }; status: string }>(server.pgUrl, `select payload, status from event where event_id = $1`, [eventId]);
    expect(stored).toMatchObject({ status: "accepted", payload: { quantity: 5 } });

    const exception = await waitFor(
      async () => {
        const r = await call<{ items: { kind: string; count: number; scope: { sku?: string; connector?: string } }[] }>(server.baseUrl, `/api/v1/exceptions?kind=conflicting_duplicate&sku=${w.code("B")}`, { headers: bearer(server.token) });
        return r.json.items?.[0];
      },
      { timeoutMs: 20_000, what: "the conflicting_duplicate exception" },
    );
    expect(exception.kind).toBe("conflicting_duplicate");
    figure(2, `1 original + 3 conflicting bodies + 1 reordered duplicate, 0 failures: 3 conflict kept in event_conflict, book unchanged (on hand ${bookAfter?.onHand}), exception raised (count ${exception.count})`);
  });
});

describe("check 3: out-of-order and stale events", () => {
  it("holds a sequence gap and releases it when filled, counting each event once", async () => {
    // a connector of its own, so its sequence stream starts at 1
    const own = await createWorld(server.baseUrl, server.token);
    const ev = (seq: number, qty: number) => ({ eventId: own.nextId(), type: "receipt.posted", sku: own.code("A"), location: own.code("WH"), quantity: qty, sequence: seq, occurredAt: iso(40_000 - seq) });
    const e1 = ev(1, 1);
    const e2 = ev(2, 10);
    const e3 = ev(3, 100);
    const e5 = ev(5, 10_000);
    const e4 = ev(4, 1_000);
    const first = await postEvents(server.baseUrl, own.key("wms"), [e1, e3, e5]);
    expect(first.json.results.map((r) => r.status)).toEqual(["accepted", "held", "held"]);
    expect((await book(server.pgUrl, own.code("A"), own.code("WH")))?.onHand).toBe(1);
    // a held event sent again is a duplicate, not a second copy
    expect((await postEvents(server.baseUrl, own.key("wms"), [e3])).json.results[0]!.status).toBe("duplicate");
    const second = await postEvents(server.baseUrl, own.key("wms"), [e2]);
    expect(second.json.results[0]!.status).toBe("accepted");
    expect((await book(server.pgUrl, own.code("A"), own.code("WH")))?.onHand).toBe(111);
    const third = await postEvents(server.baseUrl, own.key("wms"), [e4, e2]);
    expect(third.json.results.map((r) => r.status)).toEqual(["accepted", "duplicate"]);
    expect((await book(server.pgUrl, own.code("A"), own.code("WH")))?.onHand).toBe(11_111);

    const rows = await sql<{ event_id: string; status: string; applied: boolean }>(server.pgUrl, `select e.event_id, e.status, e.applied_at is not null as applied from event e join connector c on c.id = e.connector_id where c.code = $1 order by e.sequence`, [own.code("wms")]);
    expect(rows.map((r) => [r.event_id, r.status, r.applied])).toEqual([e1, e2, e3, e4, e5].map((e) => [e.eventId, "accepted", true]));
    const [moves] = await sql<{ n: number }>(server.pgUrl, `select count(*)::int as n from movement m join event e on e.id = m.event_pk join connector c on c.id = e.connector_id where c.code = $1 and m.book = 0`, [own.code("wms")]);
    expect(moves!.n).toBe(5);
    figure(3, `sequence: 5 events sent in 3 requests (+2 resent), 2 held then released, 5 stored, 5 canonical movements, on hand 11,111 (each counted once)`);
  });

  it("records a movement older than the latest snapshot without counting it twice, and a stale channel quantity without moving the exposure back", async () => {
    const own = await createWorld(server.baseUrl, server.token);
    const sku = own.code("A");
    const loc = own.code("WH");
    const snapshotAt = iso(60_000);
    const events = [
      { eventId: own.nextId(), type: "balance.snapshot", sku, location: loc, balances: { onHand: 100 }, occurredAt: snapshotAt },
      { eventId: own.nextId(), type: "receipt.posted", sku, location: loc, quantity: 5, occurredAt: iso(30_000) },
    ];
    expect((await postEvents(server.baseUrl, own.key("wms"), events)).json.accepted).toBe(2);
    expect((await book(server.pgUrl, sku, loc))?.onHand).toBe(105);
    // arrives late: it happened before the snapshot, which already counts it
    const late = { eventId: own.nextId(), type: "receipt.posted", sku, location: loc, quantity: 40, occurredAt: iso(120_000) };
    expect((await postEvents(server.baseUrl, own.key("wms"), [late])).json.results[0]!.status).toBe("accepted");
    expect((await book(server.pgUrl, sku, loc))?.onHand).toBe(105);
    const [flags] = await sql<{ flags: { beforeSnapshot?: boolean } | null; status: string }>(server.pgUrl, `select flags, status from event where event_id = $1`, [late.eventId]);
    expect(flags).toMatchObject({ status: "accepted", flags: { beforeSnapshot: true } });

    // channel quantities: the latest by occurredAt wins, whatever the arrival order
    const obs = (qty: number, msAgo: number) => ({ eventId: own.nextId(), type: "channel.quantity.observed", sku, channel: own.code("web"), quantity: qty, occurredAt: iso(msAgo) });
    const fresh = obs(9, 5_000);
    const stale = obs(3, 90_000);
    expect((await postEvents(server.baseUrl, own.key("shopify"), [fresh])).json.accepted).toBe(1);
    expect((await postEvents(server.baseUrl, own.key("shopify"), [stale])).json.results[0]!.status).toBe("accepted");
    const [exposure] = await sql<{ exposed: number }>(server.pgUrl, `select cp.exposed from channel_position cp join sku s on s.id = cp.sku_id join channel c on c.id = cp.channel_id where s.code = $1 and c.code = $2`, [sku, own.code("web")]);
    expect(exposure!.exposed).toBe(9);

    const stored = await sql<{ n: number }>(server.pgUrl, `select count(*)::int as n from event e join connector c on c.id = e.connector_id where c.code = any($1)`, [[own.code("wms"), own.code("shopify")]]);
    expect(stored[0]!.n).toBe(5);
    figure(3, `stale: 5 events (snapshot, receipt, late receipt before the snapshot, fresh and stale channel quantity), all 5 stored accepted, on hand 105 (late one recorded, not re-counted), exposure 9 (stale 3 ignored)`);
  });
});
