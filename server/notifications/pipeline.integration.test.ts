// From a state change to a message at a real receiver: ingest → the exception detector and
// evaluator → the outbox → the dispatcher (hold, filters, rate limit and digest) → the deliverer.
// The receiver verifies every message with the standardwebhooks library; mail goes to a real SMTP
// server in this process and mailparser reads it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { actOnException } from "@/server/exceptions/actions";
import { raiseOccurrences } from "@/server/exceptions/raise";
import { detect, evaluate } from "@/server/exceptions/test-world";
import { startJobRunner } from "@/server/jobs/queue";
import { logger } from "@/server/lib/logger";
import { upsertMasterData } from "@/server/master-data/upsert";
import { drainTargetDirty } from "@/server/targets/worker";
import { at, makeWorld, type TWorld } from "@/test/fixtures";
import { startMailSink, startReceiver, waitFor, type TMailSink, type TReceiver } from "@/test/notify-receivers";
import { sendAvailabilityChanges } from "./availability-changed";
import { setNotifyConfig } from "./config";
import { deliverDue } from "./deliver";
import { sendDigest } from "./digest";
import { dispatchDue } from "./dispatch";
import { createEndpoint, updateEndpoint } from "./endpoints";
import { NOTIFICATION_TASKS } from "./tasks";

const HOLD_SECONDS = 1;
const ADMIN = { email: "admin@example.com" };
let w: TWorld;
let receiver: TReceiver;
let sink: TMailSink;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ofKind = (kind: string, type?: string) => receiver.received.filter((m) => m.body.data.kind === kind && (!type || m.type === type));

async function webhook(overrides: Parameters<typeof createEndpoint>[0] extends infer T ? Partial<T> : never = {}) {
  const e = await createEndpoint({ kind: "webhook", url: receiver.url, description: "test receiver", ...overrides } as Parameters<typeof createEndpoint>[0], ADMIN);
  receiver.secrets = [...receiver.secrets, e.secret!];
  return e;
}

async function deliverAll() {
  const endpoints = await db.notificationEndpoint.findMany({ select: { id: true } });
  for (const e of endpoints) await deliverDue(e.id);
  await deliverDue(null);
}

/** Disables every endpoint (each test adds the ones it needs). */
async function clearEndpoints() {
  await db.notificationEndpoint.updateMany({ data: { enabled: false } });
}

beforeAll(async () => {
  receiver = await startReceiver();
  sink = await startMailSink();
  setNotifyConfig({ allowPrivate: true, holdSeconds: HOLD_SECONDS, retrySeconds: [1, 1, 1], publicUrl: "http://sightline.test", smtpUrl: sink.url, isDemo: false });
  w = await makeWorld();
});

afterAll(async () => {
  await receiver?.close();
  await sink?.close();
});

describe("exception messages", () => {
  it("sends exception.opened once, after the hold, and exception.resolved when fixed", async () => {
    await clearEndpoints();
    await webhook({ filter: { kinds: ["negative_atp"] } });
    const sku = w.code("A");
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku, location: w.code("WH"), quantity: 5, occurredAt: at(0) }]);
    await w.ingest(w.erp, [{ eventId: w.nextId(), type: "order.created", sku, location: w.code("WH"), channel: w.code("web"), quantity: 8, orderRef: "SO-1", occurredAt: at(1) }]);
    await detect();
    const group = await db.exceptionGroup.findFirstOrThrow({ where: { kind: "negative_atp", skuId: (await db.sku.findUniqueOrThrow({ where: { code: sku } })).id } });

    // held: nothing yet
    expect(await dispatchDue()).toMatchObject({ messages: 0 });
    await deliverAll();
    expect(ofKind("negative_atp")).toHaveLength(0);

    await sleep(HOLD_SECONDS * 1000 + 100);
    expect((await dispatchDue()).messages).toBe(1);
    await deliverAll();
    const [opened] = ofKind("negative_atp", "exception.opened");
    expect(opened).toMatchObject({ verifiedWith: expect.any(Number), type: "exception.opened" });
    expect(opened!.id).toMatch(/^msg_/);
    expect(opened!.body.data).toMatchObject({ id: group.id, kind: "negative_atp", scope: { sku, location: w.code("WH") }, state: "open", unitsAtRisk: 3, url: `http://sightline.test/exceptions/${group.id}` });
    expect(Date.parse(opened!.body.timestamp)).toBeGreaterThan(0);

    // once: another detector pass and dispatch add nothing
    await detect();
    await dispatchDue();
    await deliverAll();
    expect(ofKind("negative_atp", "exception.opened")).toHaveLength(1);

    // fixed: a receipt heals the book, the evaluator resolves the group
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku, location: w.code("WH"), quantity: 10, occurredAt: at(2) }]);
    await evaluate();
    await dispatchDue();
    await deliverAll();
    const resolved = ofKind("negative_atp", "exception.resolved");
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.body.data).toMatchObject({ id: group.id, state: "resolved", resolution: "auto" });
    expect(resolved[0]!.id).not.toBe(opened!.id);
  });

  it("sends nothing for a group that heals within the hold", async () => {
    await clearEndpoints();
    await webhook({ filter: { kinds: ["negative_atp"] } });
    const before = ofKind("negative_atp").length;
    const sku = w.code("B");
    await w.ingest(w.erp, [{ eventId: w.nextId(), type: "order.created", sku, location: w.code("WH"), channel: w.code("web"), quantity: 2, orderRef: "SO-2", occurredAt: at(3) }]);
    await detect();
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku, location: w.code("WH"), quantity: 5, occurredAt: at(4) }]);
    await evaluate();
    await dispatchDue();
    await sleep(HOLD_SECONDS * 1000 + 100);
    await dispatchDue();
    await deliverAll();
    expect(ofKind("negative_atp").length).toBe(before);
    const outcomes = await db.notificationEvent.findMany({ where: { groupId: (await db.exceptionGroup.findFirstOrThrow({ where: { kind: "negative_atp", state: "resolved" }, orderBy: { id: "desc" } })).id } });
    expect(outcomes.map((o) => `${o.type}:${o.outcome}`).sort()).toEqual(["exception.opened:healed_within_hold", "exception.resolved:never_announced"]);
  });

  it("follows each endpoint's filter: kind, least severity and channel", async () => {
    await clearEndpoints();
    const byKind = await webhook({ description: "stale feeds", filter: { kinds: ["stale_feed"] } });
    const bySeverity = await webhook({ description: "critical only", filter: { minSeverity: "critical" } });
    const byChannel = await webhook({ description: "b2b only", filter: { channels: [w.code("b2b")] } });
    const [web, b2b] = await Promise.all([w.code("web"), w.code("b2b")].map((code) => db.channel.findUniqueOrThrow({ where: { code } })));
    const skuC = await db.sku.findUniqueOrThrow({ where: { code: w.code("C") } });
    const wh = await db.location.findUniqueOrThrow({ where: { code: w.code("WH") } });
    await db.$transaction((tx) =>
      raiseOccurrences(tx, [
        { kind: "stale_feed", scope: { channelId: web!.id }, unitsAtRisk: 2 },
        { kind: "push_failed", scope: { channelId: b2b!.id, skuId: skuC.id }, unitsAtRisk: 500 },
        { kind: "negative_atp", scope: { skuId: skuC.id, locationId: wh.id }, unitsAtRisk: 1 },
      ]),
    );
    await sleep(HOLD_SECONDS * 1000 + 100);
    await dispatchDue();
    const messages = await db.notificationMessage.findMany({ where: { endpointId: { in: [byKind.id, bySeverity.id, byChannel.id] } } });
    const got = (id: string) => messages.filter((m) => m.endpointId === id).map((m) => (m.payload as { data: { kind: string } }).data.kind).sort();
    expect(got(byKind.id)).toEqual(["stale_feed"]);
    expect(got(bySeverity.id)).toEqual(["push_failed"]);
    expect(got(byChannel.id)).toEqual(["push_failed"]);
  });

  it("folds what passes an endpoint's limit into one digest: 100 at once, 10 a minute → 10 messages and a digest of 90", async () => {
    await clearEndpoints();
    const limited = await webhook({ description: "limited", rateLimitPerMinute: 10, filter: { kinds: ["negative_atp"] } });
    const skus = Array.from({ length: 100 }, (_, i) => ({ code: w.code(`R${i}`) }));
    await upsertMasterData({ skus }, "test");
    await w.ingest(
      w.erp,
      skus.map((s, i) => ({ eventId: w.nextId(), type: "order.created", sku: s.code, location: w.code("WH"), channel: w.code("web"), quantity: 1, orderRef: `R-${i}`, occurredAt: at(5) })),
    );
    await detect();
    await sleep(HOLD_SECONDS * 1000 + 100);
    await dispatchDue();
    await deliverDue(limited.id);
    const got = receiver.received.filter((m) => String((m.body.data.scope as { sku?: string } | undefined)?.sku ?? "").startsWith(w.code("R")));
    expect(got).toHaveLength(10);
    const [digest] = await db.notificationDigest.findMany({ where: { endpointId: limited.id } });
    expect(digest).toMatchObject({ count: 90, byKind: { negative_atp: 90 } });
    // the job that sends it is due at the minute's end
    const [job] = await db.$queryRaw<{ run_at: Date }[]>`select run_at from graphile_worker._private_jobs where key = ${`notify_digest:${limited.id}:${digest!.minute.getTime()}`}`;
    expect(job!.run_at.getTime()).toBe(digest!.minute.getTime() + 60_000);
    expect(await sendDigest(limited.id, digest!.minute)).toBe(true);
    expect(await sendDigest(limited.id, digest!.minute)).toBe(false);
    await deliverDue(limited.id);
    const digests = receiver.received.filter((m) => m.type === "exception.digest");
    expect(digests).toHaveLength(1);
    expect(digests[0]!.body.data).toMatchObject({ count: 90, byKind: { negative_atp: 90 }, url: "http://sightline.test/exceptions" });
    expect(digests[0]!.verifiedWith).not.toBeNull();
  });

  it("emails an email endpoint (subject with severity, kind and scope; text and HTML; a link) and the assignee", async () => {
    await clearEndpoints();
    await createEndpoint({ kind: "email", to: ["oncall@example.com", "ops-lead@example.com"], filter: { kinds: ["negative_atp"] } }, ADMIN);
    await db.user.upsert({ where: { email: "assignee@example.com" }, create: { id: "u-assignee", email: "assignee@example.com", name: "Assignee", role: "ops" }, update: {} });
    const sku = w.code("E");
    await upsertMasterData({ skus: [{ code: sku }] }, "test");
    await w.ingest(w.erp, [{ eventId: w.nextId(), type: "order.created", sku, location: w.code("WH"), channel: w.code("web"), quantity: 30, orderRef: "SO-E", occurredAt: at(6) }]);
    await detect();
    await sleep(HOLD_SECONDS * 1000 + 100);
    await dispatchDue();
    await deliverAll();
    const mail = await waitFor(() => sink.mails.find((m) => m.subject?.includes(sku)));
    expect(mail.subject).toMatch(new RegExp(`^\\[Sightline\\] HIGH Negative ATP opened: SKU ${sku} at ${w.code("WH")}$`));
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual(["oncall@example.com", "ops-lead@example.com"]);
    const group = await db.exceptionGroup.findFirstOrThrow({ where: { kind: "negative_atp", skuId: (await db.sku.findUniqueOrThrow({ where: { code: sku } })).id } });
    expect(mail.text).toContain(`http://sightline.test/exceptions/${group.id}`);
    expect(mail.html).toContain(`href="http://sightline.test/exceptions/${group.id}"`);

    await actOnException(group.id, { action: "assign", assignee: "assignee@example.com" }, ADMIN);
    await dispatchDue();
    await deliverAll();
    const assigned = await waitFor(() => sink.mails.find((m) => m.subject?.includes("assigned") && m.subject.includes(sku) && JSON.stringify(m.to).includes("assignee@example.com")));
    expect(assigned.text).toContain("Assignee: assignee@example.com");
  });
});

describe("availability.changed", () => {
  it("tells an endpoint what a receipt changed on its channel, one message per channel at most every 5 s", async () => {
    await clearEndpoints();
    await drainTargetDirty();
    await webhook({ eventTypes: ["availability.changed"], filter: { channels: [w.code("web")] } });
    const sku = w.code("C");
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku, location: w.code("WH"), quantity: 12, occurredAt: at(7) }]);
    await drainTargetDirty();
    const [web, b2b] = await Promise.all([w.code("web"), w.code("b2b")].map((code) => db.channel.findUniqueOrThrow({ where: { code } })));
    expect(await sendAvailabilityChanges(b2b!.id)).toMatchObject({ messages: 0 });
    expect(await sendAvailabilityChanges(web!.id)).toMatchObject({ messages: 1 });
    await deliverAll();
    const changed = receiver.received.filter((m) => m.type === "availability.changed");
    expect(changed).toHaveLength(1);
    expect(changed[0]!.body.data).toMatchObject({ channel: w.code("web"), items: [{ sku, target: 12 }] });
    expect(changed[0]!.verifiedWith).not.toBeNull();

    // a second change within 5 s waits for the next round (a job is scheduled for it)
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku, location: w.code("WH"), quantity: 3, occurredAt: at(8) }]);
    await drainTargetDirty();
    expect(await sendAvailabilityChanges(web!.id)).toMatchObject({ messages: 0 });
    const [job] = await db.$queryRaw<{ run_at: Date }[]>`select run_at from graphile_worker._private_jobs where key = ${`notify_availability:${web!.id}`}`;
    expect(job!.run_at.getTime()).toBeGreaterThan(Date.now() + 2_000);
    await sleep(5_100);
    expect(await sendAvailabilityChanges(web!.id)).toMatchObject({ messages: 1, items: 1 });
    await deliverAll();
    expect(receiver.received.filter((m) => m.type === "availability.changed").at(-1)!.body.data).toMatchObject({ items: [{ sku, target: 15, previousTarget: 12 }] });
  });
});

describe("through the job queue", () => {
  it("delivers a negative ATP's opening with no code but the queue's runner doing the work", async () => {
    await clearEndpoints();
    const endpoint = await webhook({ filter: { kinds: ["negative_atp"] } });
    const runner = await startJobRunner({ log: logger, connectionString: process.env.DATABASE_URL!, tasks: NOTIFICATION_TASKS, pollIntervalMs: 200 });
    try {
      const sku = w.code("Q");
      await upsertMasterData({ skus: [{ code: sku }] }, "test");
      await w.ingest(w.erp, [{ eventId: w.nextId(), type: "order.created", sku, location: w.code("WH"), channel: w.code("web"), quantity: 4, orderRef: "SO-Q", occurredAt: at(9) }]);
      const raisedAt = Date.now();
      await detect();
      const got = await waitFor(() => receiver.received.find((m) => (m.body.data.scope as { sku?: string } | undefined)?.sku === sku));
      expect(got.at - raisedAt).toBeGreaterThanOrEqual(HOLD_SECONDS * 1000 - 50);
      expect(got.verifiedWith).not.toBeNull();
      await updateEndpoint(endpoint.id, { enabled: false }, ADMIN);
    } finally {
      await runner.stop();
    }
  });
});
