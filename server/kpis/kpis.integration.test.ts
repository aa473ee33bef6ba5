// KPI math against known data on a real PostgreSQL: events go in through real ingest, the real
// worker rolls them up, and the report reads the roll-ups back.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { makeWorld, type TWorld } from "@/test/fixtures";
import { saveKpiConfig } from "./config";
import { sampleAccuracy } from "./accuracy";
import { kpiReport, toKpiResponse } from "./report";
import { catchUpKpis, runExceptionRollup } from "./worker";

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const HOUR = { from: at(0), to: at(3600) };

async function ingestOk(world: TWorld, connector: TWorld["wms"], events: unknown[]) {
  const result = await world.ingest(connector, events);
  expect(result.results.filter((r) => r.status !== "accepted" && r.status !== "duplicate")).toEqual([]);
  return result;
}

async function report(world: TWorld, channel: string, range = HOUR, now = new Date(T0 + 3600_000)) {
  await catchUpKpis();
  return toKpiResponse(await kpiReport({ ...range, channel: world.code(channel) }, now));
}

describe("oversell rate", () => {
  it("counts orders accepted while the pool's ATP just before was below the ordered quantity", async () => {
    const w = await makeWorld();
    const order = (s: number, channel: string, location: string, quantity: number) => ({
      eventId: w.nextId(), type: "order.created", sku: w.code("A"), location: w.code(location), channel: w.code(channel), quantity, orderRef: w.nextId(), occurredAt: at(s),
    });
    await ingestOk(w, w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 10, occurredAt: at(0) }]);
    // web sells from WH: 10 ≥ 4, then 6 ≥ 5, then 1 < 3 (oversold). A receipt after them must not hide it.
    await ingestOk(w, w.crm, [order(60, "web", "WH", 4), order(120, "web", "WH", 5), order(180, "web", "WH", 3)]);
    await ingestOk(w, w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 50, occurredAt: at(600) }]);
    // b2b sells from WH and ST: at 300 s the pool is (10 − 12) + 0 = −2 < 1.
    await ingestOk(w, w.crm, [order(300, "b2b", "ST", 1)]);

    const web = await report(w, "web");
    expect(web).toMatchObject({ orders: 3, oversoldOrders: 1, oversellRate: 0.333333 });
    const b2b = await report(w, "b2b");
    expect(b2b).toMatchObject({ orders: 1, oversoldOrders: 1, oversellRate: 1 });

    const all = toKpiResponse(await kpiReport(HOUR, new Date(T0 + 3600_000)));
    expect(all.byChannel[w.code("web")]!.oversellRate).toBe(0.333333);
    expect(all.byChannel[w.code("b2b")]!.oversellRate).toBe(1);
  });

  it("counts an order that was held for a sequence gap once it is released", async () => {
    const w = await makeWorld();
    const base = { sku: w.code("B"), location: w.code("WH"), channel: w.code("web") };
    const held = await w.ingest(w.crm, [{ ...base, eventId: w.nextId(), type: "order.created", quantity: 2, orderRef: "o-held", sequence: 2, occurredAt: at(100) }]);
    expect(held.results[0]!.status).toBe("held");
    expect((await report(w, "web")).orders).toBe(0);
    await ingestOk(w, w.crm, [{ ...base, eventId: w.nextId(), type: "reservation.created", quantity: 1, orderRef: "r-1", sequence: 1, occurredAt: at(50) }]);
    const web = await report(w, "web");
    expect(web).toMatchObject({ orders: 1, oversoldOrders: 1 });
    // rolling up again changes nothing
    expect((await report(w, "web")).orders).toBe(1);
  });
});

describe("sync latency", () => {
  it("measures each ATP-changing event to the channel's next publish of the SKU, late events and waiting ones included", async () => {
    const w = await makeWorld();
    const sku = w.code("C");
    const publish = (s: number) => ({ eventId: w.nextId(), type: "channel.quantity.published", sku, channel: w.code("web"), quantity: 5, occurredAt: at(s) });
    await ingestOk(w, w.wms, [
      { eventId: w.nextId(), type: "receipt.posted", sku, location: w.code("WH"), quantity: 20, occurredAt: at(0) },
      { eventId: w.nextId(), type: "stock.adjusted", sku, location: w.code("WH"), delta: -2, occurredAt: at(30) },
      // a snapshot does not start a latency
      { eventId: w.nextId(), type: "balance.snapshot", sku, location: w.code("WH"), balances: { onHand: 18 }, occurredAt: at(35) },
    ]);
    await ingestOk(w, w.shop, [publish(40)]);
    await ingestOk(w, w.crm, [{ eventId: w.nextId(), type: "order.created", sku, location: w.code("WH"), channel: w.code("web"), quantity: 1, orderRef: "o-1", occurredAt: at(60) }]);
    await ingestOk(w, w.shop, [publish(65)]);
    let web = await report(w, "web");
    expect(web).toMatchObject({ latencySamples: 3, syncLatencyP50Seconds: 10, syncLatencyP95Seconds: 40 });

    // arrives after the publish that follows it (65 s): 15 s
    await ingestOk(w, w.wms, [{ eventId: w.nextId(), type: "stock.adjusted", sku, location: w.code("WH"), delta: 1, occurredAt: at(50) }]);
    // waits for a publish that comes later: 20 s
    await ingestOk(w, w.wms, [{ eventId: w.nextId(), type: "stock.adjusted", sku, location: w.code("WH"), delta: 1, occurredAt: at(120) }]);
    await catchUpKpis();
    await ingestOk(w, w.shop, [publish(140)]);
    web = await report(w, "web");
    // samples 5, 10, 15, 20, 40
    expect(web).toMatchObject({ latencySamples: 5, syncLatencyP50Seconds: 15, syncLatencyP95Seconds: 40 });
    // a publish that arrives late (100 s, before the 140 s one already rolled up) and a second one at
    // 140 s change nothing: those changes were counted against the 140 s publish
    await ingestOk(w, w.shop, [publish(100), publish(140)]);
    expect(await report(w, "web")).toMatchObject({ latencySamples: 5, syncLatencyP50Seconds: 15 });
    // a change at 130 s arriving now: its next publish is the one at 140 s
    await ingestOk(w, w.wms, [{ eventId: w.nextId(), type: "stock.adjusted", sku, location: w.code("WH"), delta: 1, occurredAt: at(130) }]);
    expect(await report(w, "web")).toMatchObject({ latencySamples: 6, syncLatencyP50Seconds: 10, syncLatencyP95Seconds: 40 });
    // b2b (WH and ST) never published: no latency yet
    expect(await report(w, "b2b")).toMatchObject({ latencySamples: 0, syncLatencyP50Seconds: null, syncLatencyP95Seconds: null });
  });

  it("ignores physical events from a connector that is not the location's authority", async () => {
    const w = await makeWorld();
    const sku = w.code("B");
    await w.ingest(w.erp, [{ eventId: w.nextId(), type: "receipt.posted", sku, location: w.code("WH"), quantity: 5, occurredAt: at(900) }]);
    await ingestOk(w, w.shop, [{ eventId: w.nextId(), type: "channel.quantity.published", sku, channel: w.code("web"), quantity: 0, occurredAt: at(960) }]);
    expect((await report(w, "web")).latencySamples).toBe(0);
  });
});

describe("stale-feed minutes", () => {
  it("adds the gaps longer than the SLO, splits one when a late update lands in it, and counts the open gap until now", async () => {
    const w = await makeWorld();
    const publish = (s: number) => ({ eventId: w.nextId(), type: "channel.quantity.published", sku: w.code("A"), channel: w.code("web"), quantity: 1, occurredAt: at(s) });
    const now = new Date(T0 + 30 * 60_000);
    // web's SLO is 300 s. 65 s → 1200 s: stale 18:55 − 5:00 = 13:55; after 1200 s, stale from 25:00 until now (30:00).
    await ingestOk(w, w.shop, [publish(0), publish(65), publish(1200)]);
    expect((await report(w, "web", HOUR, now)).staleFeedMinutes).toBe(18.9);
    // a late update at 600 s: 65 → 600 is 3:55 stale, 600 → 1200 is 5:00.
    await ingestOk(w, w.shop, [publish(600)]);
    expect((await report(w, "web", HOUR, now)).staleFeedMinutes).toBe(13.9);
    // a channel that never reported is not stale: unknown, not zero
    expect((await report(w, "b2b", HOUR, now)).staleFeedMinutes).toBeNull();
  });
});

describe("exceptions and MTTR", () => {
  it("counts openings, reopenings and resolutions in the range, MTTR from each resolution's opening", async () => {
    const w = await makeWorld();
    const [channel] = await db.$queryRaw<{ id: number }[]>`select id from channel where code = ${w.code("web")}`;
    const group = async (fp: string, firstSeen: number, scope: { channelId?: number; connectorId?: number }) => {
      const g = await db.exceptionGroup.create({
        data: { fingerprint: `${w.code(fp)}`, kind: "push_failed", severity: "low", state: "resolved", firstSeenAt: new Date(at(firstSeen)), lastSeenAt: new Date(at(firstSeen)), openedAt: new Date(at(firstSeen)), ...scope },
      });
      return g.id;
    };
    const audit = (id: number, action: string, s: number) => db.auditLog.create({ data: { actorEmail: "system", action, targetType: "exception", targetId: String(id), at: new Date(at(s)) } });
    const a = await group("g-a", 0, { channelId: channel!.id });
    await audit(a, "exception.resolve", 1800); // 30 min
    const b = await group("g-b", 600, { connectorId: w.shop.id }); // web through its connector
    await audit(b, "exception.auto_resolve", 1200); // 10 min
    await audit(b, "exception.reopen", 2400);
    await audit(b, "exception.resolve", 6000); // 60 min after the reopening
    await audit(b, "exception.note", 2500);

    const range = { from: at(0), to: at(7200) };
    expect(await report(w, "web", range)).toMatchObject({ exceptionsOpened: 3, exceptionsResolved: 3, mttrMinutes: 33.3 });
    // the previous hour only: b's second resolution is outside it
    expect(await report(w, "web", HOUR)).toMatchObject({ exceptionsOpened: 3, exceptionsResolved: 2, mttrMinutes: 20 });
    expect(await report(w, "b2b", range)).toMatchObject({ exceptionsOpened: 0, exceptionsResolved: 0, mttrMinutes: null });
  });

  it("follows live openings and resolutions within a worker tick (recent hours only)", async () => {
    const w = await makeWorld();
    const [channel] = await db.$queryRaw<{ id: number }[]>`select id from channel where code = ${w.code("web")}`;
    const now = Date.now();
    const g = await db.exceptionGroup.create({
      data: { fingerprint: w.code("live"), kind: "stale_feed", severity: "low", state: "resolved", firstSeenAt: new Date(now - 45 * 60_000), lastSeenAt: new Date(now), openedAt: new Date(now - 45 * 60_000), channelId: channel!.id },
    });
    await db.auditLog.create({ data: { actorEmail: "ops@example.com", action: "exception.resolve", targetType: "exception", targetId: String(g.id), at: new Date(now - 15 * 60_000) } });
    expect(await runExceptionRollup(false)).not.toBeNull();
    const r = toKpiResponse(await kpiReport({ channel: w.code("web") }, new Date(now)));
    expect(r).toMatchObject({ exceptionsOpened: 1, exceptionsResolved: 1, mttrMinutes: 30 });
  });
});

describe("exception counts kept by the transactions that change groups", () => {
  it("count openings, reopenings and resolutions at once, equal to a recompute from history", async () => {
    const w = await makeWorld();
    const [channel] = await db.$queryRaw<{ id: number }[]>`select id from channel where code = ${w.code("web")}`;
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const at = (min: number) => new Date(hour + min * 60_000);
    const rows = () => db.kpiExceptionHourly.findMany({ where: { channelId: channel!.id }, orderBy: { hour: "asc" } });
    const g = await db.exceptionGroup.create({
      data: { fingerprint: w.code("cycle"), kind: "stale_feed", severity: "low", state: "open", firstSeenAt: at(1), lastSeenAt: at(1), openedAt: at(1), channelId: channel!.id },
    });
    const audit = (action: string, min: number) => db.auditLog.create({ data: { actorEmail: "system", action, targetType: "exception", targetId: String(g.id), at: at(min) } });
    await audit("exception.resolve", 11); // 10 minutes after it opened
    await audit("exception.reopen", 20);
    await audit("exception.auto_resolve", 50); // 30 minutes after the reopen
    await audit("exception.acknowledge", 51); // not a cycle
    // no roll-up ran: the counts are already there
    expect(await rows()).toEqual([expect.objectContaining({ hour: new Date(hour), opened: 2, resolved: 2, resolveMinutes: 40 })]);
    const kept = await rows();
    expect(await runExceptionRollup(true)).not.toBeNull();
    expect(await rows()).toEqual(kept);
  });
});

describe("accuracy", () => {
  it("is the share of SKU × channel rows within the tolerance, over the hours sampled", async () => {
    const w = await makeWorld();
    const ids = await db.$queryRaw<{ sku: number; ch: number; code: string }[]>`
      select s.id as sku, c.id as ch, s.code from sku s cross join channel c where s.code like ${w.code("%")} and c.code = ${w.code("web")} order by s.code`;
    const [a, b, c] = ids;
    const position = (sku: number, target: number, exposed: number | null) =>
      db.channelPosition.upsert({ where: { skuId_channelId: { skuId: sku, channelId: a!.ch } }, create: { skuId: sku, channelId: a!.ch, target, exposed }, update: { target, exposed } });
    await position(a!.sku, 5, 5);
    await position(b!.sku, 3, 4);
    await position(c!.sku, 7, null); // never exposed: not a row accuracy counts
    await sampleAccuracy(db, new Date(at(10)));
    expect(await report(w, "web")).toMatchObject({ accuracy: 0.5, driftUnits: 1 });

    await saveKpiConfig(db, { accuracyToleranceUnits: 1 });
    await sampleAccuracy(db, new Date(at(3700)));
    await saveKpiConfig(db, { accuracyToleranceUnits: 0 });
    // two hours: 1 of 2, then 2 of 2
    expect(await report(w, "web", { from: at(0), to: at(7200) })).toMatchObject({ accuracy: 0.75 });
    expect(await report(w, "b2b")).toMatchObject({ accuracy: null, driftUnits: null });
  });
});

describe("rates, filters and empty ranges", () => {
  it("gives duplicate and dead-letter rates of events received, per channel of the sending connector", async () => {
    const w = await makeWorld();
    const events = [
      { eventId: w.nextId(), type: "channel.quantity.observed", sku: w.code("A"), channel: w.code("web"), quantity: 1, occurredAt: at(0) },
      { eventId: w.nextId(), type: "channel.quantity.observed", sku: w.code("B"), channel: w.code("web"), quantity: 1, occurredAt: at(0) },
      { eventId: w.nextId(), type: "channel.quantity.observed", sku: "NO-SUCH-SKU", channel: w.code("web"), quantity: 1, occurredAt: at(0) },
    ];
    await w.ingest(w.shop, events);
    await w.ingest(w.shop, events.slice(0, 2)); // duplicates
    const now = new Date();
    const range = { from: new Date(now.getTime() - 3600_000).toISOString(), to: new Date(now.getTime() + 60_000).toISOString() };
    const web = await report(w, "web", range, now);
    expect(web).toMatchObject({ eventsIngested: 5, duplicateRate: 0.4, deadLetterRate: 0.2 });
    expect(Object.keys(web.byChannel)).toEqual([w.code("web")]);
    const all = toKpiResponse(await kpiReport(range, now));
    expect(all.eventsIngested).toBeGreaterThanOrEqual(5);
    expect(all.byChannel[w.code("web")]!.eventsIngested).toBe(5);
  });

  it("answers nulls (and zero counts) for a range with no data", async () => {
    const w = await makeWorld();
    const empty = await report(w, "web", { from: "2020-01-01T00:00:00Z", to: "2020-01-02T00:00:00Z" });
    expect(empty).toMatchObject({
      oversellRate: null,
      syncLatencyP50Seconds: null,
      syncLatencyP95Seconds: null,
      staleFeedMinutes: null,
      exceptionsOpened: 0,
      exceptionsResolved: 0,
      mttrMinutes: null,
      accuracy: null,
      duplicateRate: null,
      deadLetterRate: null,
      eventsIngested: 0,
      from: "2020-01-01T00:00:00.000Z",
      to: "2020-01-02T00:00:00.000Z",
    });
  });

  it("refuses an unknown channel and a backwards range", async () => {
    await expect(kpiReport({ channel: "no-such-channel" })).rejects.toThrow(/no channel has the code/);
    await expect(kpiReport({ from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" })).rejects.toThrow(/before to/);
  });
});

describe("catching up", () => {
  it("says how many stored events the roll-up has not counted yet", async () => {
    const w = await makeWorld();
    await catchUpKpis();
    expect((await kpiReport(HOUR, new Date(T0 + 3600_000))).pendingEvents).toBe(0);
    const events = Array.from({ length: 3 }, (_, i) => ({ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 1, occurredAt: at(i) }));
    await ingestOk(w, w.wms, events);
    expect((await kpiReport(HOUR, new Date(T0 + 3600_000))).pendingEvents).toBe(3);
    await catchUpKpis();
    expect((await kpiReport(HOUR, new Date(T0 + 3600_000))).pendingEvents).toBe(0);
  });
});
