// Background work across worker processes: kill the worker, start another, and targets, drift,
// exceptions and KPIs catch up; with two workers, SIGKILL one in the middle of a burst and the other
// takes over within 10 s. Nothing is done twice: an exception group counts each occurrence once, and
// each KPI hour counts each order once.
import { afterAll, describe, expect, it } from "vitest";
import { createWorld, postEvents, waitFor, type TWorld } from "../resilience/lib/api";
import { sql } from "../resilience/lib/db";
import { control, restoreTopology, topology } from "./lib/topology";

const t = topology();
afterAll(restoreTopology);

async function runningWorkers(): Promise<string[]> {
  const s = await control("status");
  return Object.entries(s.processes).filter(([name, p]) => name.startsWith("worker") && p.isRunning).map(([name]) => name);
}

async function startNewWorker(): Promise<string> {
  const { name } = await control<{ name: string }>("add-worker");
  await control("start", name);
  return name;
}

/** What the workers derived for this world, read on the primary. */
async function derived(w: TWorld) {
  const [row] = await sql<{ target: number | null; drift_exposed: number | null; drift_target: number | null; rejected_count: number | null; rejected_groups: number; occurrences: number; oversell: number; orders: number | null }>(
    t.primaryAdmin,
    `with s as (select id from sku where code = $1), ch as (select id from channel where code = $2), k as (select id from connector where code = $3)
     select (select target from channel_position where sku_id = (select id from s) and channel_id = (select id from ch)) as target,
            (select exposed from channel_drift where sku_id = (select id from s) and channel_id = (select id from ch)) as drift_exposed,
            (select target from channel_drift where sku_id = (select id from s) and channel_id = (select id from ch)) as drift_target,
            (select sum(count)::int from exception_group where kind = 'rejected_event' and connector_id = (select id from k)) as rejected_count,
            (select count(*)::int from exception_group where kind = 'rejected_event' and connector_id = (select id from k)) as rejected_groups,
            (select count(*)::int from exception_occurrence o join event e on e.id = o.event_pk where e.connector_id = (select id from k) and e.status = 'rejected') as occurrences,
            (select count(*)::int from exception_group where kind = 'oversell_risk' and sku_id = (select id from s) and channel_id = (select id from ch)) as oversell,
            (select sum(orders)::int from kpi_hourly where channel_id = (select id from ch)) as orders`,
    [w.code("A"), w.code("web"), w.code("wms")],
  );
  return row!;
}

describe("background work across worker processes", () => {
  it("catches up after the worker is killed and another starts, and a second worker takes over a killed one's work within 10 s, never twice", async () => {
    await restoreTopology();
    const w = await createWorld(t.url, t.token, { rateLimitPerSecond: 1_000 });
    const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    let orders = 0;
    let rejected = 0;
    const ingest = async (opts: { receipts: number; rejects: number; orders: number; exposure?: number; burst?: number }) => {
      const events: unknown[] = [];
      for (let i = 0; i < opts.receipts; i++) events.push({ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 1, occurredAt: ago(30) });
      for (let i = 0; i < opts.rejects; i++, rejected++) events.push({ eventId: w.nextId(), type: "receipt.posted", sku: `${w.prefix}-MISSING`, location: w.code("WH"), quantity: 1, occurredAt: ago(30) });
      const posted = await postEvents(t.url, w.key("wms"), events);
      expect(posted.status).toBe(200);
      const channelEvents: unknown[] = [];
      for (let i = 0; i < opts.orders; i++, orders++) channelEvents.push({ eventId: w.nextId(), type: "order.created", sku: w.code("A"), location: w.code("WH"), channel: w.code("web"), quantity: 1, orderRef: `${w.prefix}-o${orders}`, occurredAt: ago(20) });
      if (opts.exposure !== undefined) channelEvents.push({ eventId: w.nextId(), type: "channel.quantity.published", sku: w.code("A"), channel: w.code("web"), quantity: opts.exposure, occurredAt: ago(10) });
      if (channelEvents.length) expect((await postEvents(t.url, w.key("shopify"), channelEvents)).status).toBe(200);
      // a burst on another SKU keeps the workers busy (4,000 receipts in batches of 1,000)
      for (let b = 0; b < (opts.burst ?? 0); b++) {
        const batch = Array.from({ length: 1_000 }, () => ({ eventId: w.nextId(), type: "receipt.posted", sku: w.code("B"), location: w.code("WH"), quantity: 1, occurredAt: ago(30) }));
        expect((await postEvents(t.url, w.key("wms"), batch)).status).toBe(200);
      }
    };

    // 1. no worker at all: ingest is stored, nothing is derived yet
    for (const name of await runningWorkers()) await control("kill", name);
    await ingest({ receipts: 100, rejects: 30, orders: 40, exposure: 75, burst: 2 });
    await new Promise((r) => setTimeout(r, 1_500));
    const idle = await derived(w);
    expect(idle.rejected_count).toBeNull();
    expect(idle.orders).toBeNull();

    // 2. another worker starts and catches everything up
    const started = Date.now();
    const second = await startNewWorker();
    const startedIn = Date.now() - started;
    const caughtUp = await waitFor(
      async () => {
        const d = await derived(w);
        return d.target === 60 && d.drift_exposed === 75 && d.drift_target === 60 && d.rejected_count === 30 && d.oversell === 1 && d.orders === 40 ? d : null;
      },
      { timeoutMs: 60_000, what: "the new worker to catch up" },
    );
    const catchUpMs = Date.now() - started;
    expect(caughtUp).toMatchObject({ rejected_groups: 1, occurrences: 30 });

    // 3. two workers. Both hang (SIGSTOP) while a burst arrives; one resumes and works on it and is
    // killed (SIGKILL) in the middle; the other resumes and must have finished within 10 s, once.
    const third = await startNewWorker();
    await control("freeze", second);
    await control("freeze", third);
    await ingest({ receipts: 0, rejects: 20, orders: 20, burst: 4 });
    await control("thaw", second);
    await new Promise((r) => setTimeout(r, 100));
    await control("kill", second);
    const atKill = await derived(w);
    const killedAt = Date.now();
    await control("thaw", third);
    const after = await waitFor(
      async () => {
        const d = await derived(w);
        return d.rejected_count === 50 && d.orders === 60 && d.target === 40 ? d : null;
      },
      { timeoutMs: 30_000, what: `${third} to take over from ${second}` },
    );
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(10_000);
    expect(after).toMatchObject({ rejected_groups: 1, occurrences: 50, oversell: 1, orders: 60 });
    // and nothing is counted twice later either (the roll-ups are idempotent past their watermarks)
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await derived(w)).toMatchObject({ rejected_count: 50, occurrences: 50, orders: 60, rejected_groups: 1 });
    console.log(
      `topology workers: with no worker nothing was derived; a new worker (ready in ${startedIn} ms) caught up targets, drift, exceptions and KPIs ${catchUpMs} ms after it was started; ` +
        `with two workers, ${second} SIGKILLed while working on a 4,000-event burst (it had counted ${atKill.rejected_count ?? 0} of 50 rejects and ${atKill.orders ?? 0} of 60 orders) and ${third} finished the work ${takeoverMs} ms later; rejected_event counted 50 of 50, KPI orders 60 of 60`,
    );
  });
});
