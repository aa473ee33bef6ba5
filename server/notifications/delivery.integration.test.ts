// Delivery against a real HTTP receiver that verifies with the standardwebhooks library: retries
// with the same webhook-id, Retry-After, 410, the notification_failing exception, rotation's grace
// time, recovery and redelivery, Slack, and SSRF refusal at connect time (redirects included).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { fingerprint } from "@/server/exceptions/kinds";
import { startReceiver, type TReceiver } from "@/test/notify-receivers";
import { setNotifyConfig, type TNotifyConfig } from "./config";
import { deliverDue } from "./deliver";
import { dispatchDue } from "./dispatch";
import { createEndpoint, recoverFailed, rotateSecret, sendTest, updateEndpoint } from "./endpoints";
import { getMessage, redeliverMessage } from "./messages";
import { DEMO_RECEIVER_PATH } from "./ssrf";
import { sweep } from "./sweep";

const ADMIN = { email: "admin@example.com" };
const BASE: Partial<TNotifyConfig> = { allowPrivate: true, holdSeconds: 0, retrySeconds: [1, 1, 1], publicUrl: "http://sightline.test", smtpUrl: null, isDemo: false };
let receiver: TReceiver;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function endpointTo(url = receiver.url, extra: { kind?: "webhook" | "slack" } = {}) {
  const e = await createEndpoint({ kind: extra.kind ?? "webhook", url, description: "delivery test" }, ADMIN);
  if (e.secret) receiver.secrets = [...receiver.secrets, e.secret];
  return e;
}

/** Runs the deliverer until the message settles (delivered or failed), waiting out each retry. */
async function settle(endpointId: string, messageId: string, maxRounds = 10) {
  for (let i = 0; i < maxRounds; i++) {
    await deliverDue(endpointId);
    const m = await getMessage(messageId);
    if (m.status === "delivered" || m.status === "failed") return m;
    await sleep(Math.max(50, Date.parse(m.nextAttemptAt ?? new Date().toISOString()) - Date.now() + 50));
  }
  return getMessage(messageId);
}

beforeAll(async () => {
  receiver = await startReceiver();
});
beforeEach(() => {
  setNotifyConfig(BASE);
});
afterAll(async () => {
  await receiver?.close();
});

describe("retries", () => {
  it("answers 500 twice, then 200: three attempts of one message with one webhook-id, all in the log", async () => {
    const e = await endpointTo();
    receiver.respond({ status: 500, body: "boom" }, { status: 500, body: "still down" });
    const before = receiver.received.length;
    const { id } = await sendTest(e.id, ADMIN);
    const m = await settle(e.id, id);
    expect(m).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 200 });
    expect(m.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    expect(m.attemptLog[0]).toMatchObject({ error: "answered 500", responseBody: "boom" });
    expect(m.attemptLog.every((a) => a.durationMs >= 0)).toBe(true);
    const got = receiver.received.slice(before);
    expect(got.map((r) => r.id)).toEqual([id, id, id]);
    expect(got.every((r) => r.verifiedWith !== null && r.type === "notification.test")).toBe(true);
    expect(m.payload).toMatchObject({ type: "notification.test", data: { endpoint: e.id, sentBy: ADMIN.email } });
  });

  it("keeps a notification_failing exception open while the endpoint fails, and resolves it when a delivery succeeds", async () => {
    const e = await endpointTo();
    receiver.respond({ status: 503 });
    const { id } = await sendTest(e.id, ADMIN);
    await deliverDue(e.id);
    const fp = fingerprint("notification_failing", { value: e.id });
    expect(await db.exceptionGroup.findUniqueOrThrow({ where: { fingerprint: fp } })).toMatchObject({ state: "open", kind: "notification_failing", scopeValue: e.id });
    expect(await db.notificationEndpoint.findUniqueOrThrow({ where: { id: e.id } })).toMatchObject({ failingSince: expect.any(Date) });
    // its own failing is never sent to it
    await dispatchDue();
    expect(await db.notificationMessage.count({ where: { endpointId: e.id, type: "exception.opened" } })).toBe(0);
    const m = await settle(e.id, id);
    expect(m.status).toBe("delivered");
    expect(await db.exceptionGroup.findUniqueOrThrow({ where: { fingerprint: fp } })).toMatchObject({ state: "resolved", resolution: "auto" });
    expect(await db.notificationEndpoint.findUniqueOrThrow({ where: { id: e.id } })).toMatchObject({ failingSince: null, lastSuccessAt: expect.any(Date) });
  });

  it("waits at least as long as Retry-After says", async () => {
    const e = await endpointTo();
    receiver.respond({ status: 429, headers: { "retry-after": "30" } });
    const { id } = await sendTest(e.id, ADMIN);
    await deliverDue(e.id);
    const m = await getMessage(id);
    expect(m.status).toBe("retrying");
    expect(Date.parse(m.nextAttemptAt!) - Date.now()).toBeGreaterThan(28_000);
  });

  it("fails a message after the last retry, and recovers every failed one since a time with the same ids", async () => {
    setNotifyConfig({ ...BASE, retrySeconds: [] });
    const e = await endpointTo();
    receiver.respond({ status: 500 }, { status: 500 });
    const a = await sendTest(e.id, ADMIN);
    const b = await sendTest(e.id, ADMIN);
    await deliverDue(e.id);
    expect((await getMessage(a.id)).status).toBe("failed");
    expect((await getMessage(b.id)).status).toBe("failed");
    const before = receiver.received.length;
    expect(await recoverFailed(e.id, new Date(Date.now() - 60_000).toISOString(), ADMIN)).toEqual({ redelivering: 2 });
    await deliverDue(e.id);
    expect((await getMessage(a.id))).toMatchObject({ status: "delivered", attempts: 2 });
    expect(receiver.received.slice(before).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(await recoverFailed(e.id, new Date(Date.now() - 60_000).toISOString(), ADMIN)).toEqual({ redelivering: 0 });
    const audit = await db.auditLog.findMany({ where: { targetType: "notification_endpoint", targetId: e.id, action: "notification.endpoint.recover" } });
    expect(audit.map((r) => (r.details as { redelivering: number }).redelivering)).toEqual([2, 0]);
  });

  it("redelivers one message with its id, audited", async () => {
    const e = await endpointTo();
    const { id } = await sendTest(e.id, ADMIN);
    await deliverDue(e.id);
    expect(await redeliverMessage(id, ADMIN)).toEqual({ id });
    await deliverDue(e.id);
    expect(receiver.received.filter((r) => r.id === id)).toHaveLength(2);
    expect(await getMessage(id)).toMatchObject({ status: "delivered", attempts: 2 });
    expect(await db.auditLog.count({ where: { action: "notification.message.redeliver", targetId: id } })).toBe(1);
  });
});

describe("a 410 and long failure disable the endpoint", () => {
  it("disables the endpoint on 410 Gone; its other messages then fail without an attempt", async () => {
    const e = await endpointTo();
    receiver.respond({ status: 410 });
    const first = await sendTest(e.id, ADMIN);
    await deliverDue(e.id);
    expect(await getMessage(first.id)).toMatchObject({ status: "failed", lastStatusCode: 410, attempts: 1 });
    const row = await db.notificationEndpoint.findUniqueOrThrow({ where: { id: e.id } });
    expect(row).toMatchObject({ enabled: false, disabledReason: "the receiver answered 410 Gone" });
    expect(await db.auditLog.count({ where: { action: "notification.endpoint.disable", targetId: e.id, actorEmail: "system" } })).toBe(1);
    await db.notificationMessage.create({ data: { id: "msg_pending_after_410", endpointId: e.id, type: "exception.digest", payload: { type: "exception.digest", timestamp: new Date().toISOString(), data: {} } } });
    await deliverDue(e.id);
    expect(await getMessage("msg_pending_after_410")).toMatchObject({ status: "failed", attempts: 0, lastError: "the endpoint is disabled" });
    await expect(recoverFailed(e.id, new Date(0).toISOString(), ADMIN)).rejects.toMatchObject({ code: "conflict" });
  });

  it("disables an endpoint whose deliveries have all failed for SIGHTLINE_NOTIFY_DISABLE_AFTER_HOURS", async () => {
    setNotifyConfig({ ...BASE, disableAfterHours: 120 });
    const e = await endpointTo();
    await db.notificationEndpoint.update({ where: { id: e.id }, data: { failingSince: new Date(Date.now() - 121 * 3600_000) } });
    receiver.respond({ status: 500 });
    await sendTest(e.id, ADMIN);
    await deliverDue(e.id);
    expect(await db.notificationEndpoint.findUniqueOrThrow({ where: { id: e.id } })).toMatchObject({ enabled: false, disabledReason: "every attempt failed for 120 h" });
    // the notification_failing group stays open: nobody fixed it
    expect(await db.exceptionGroup.findUniqueOrThrow({ where: { fingerprint: fingerprint("notification_failing", { value: e.id }) } })).toMatchObject({ state: "open" });
    // the sweep disables one that stopped getting attempts
    const quiet = await endpointTo();
    await db.notificationEndpoint.update({ where: { id: quiet.id }, data: { failingSince: new Date(Date.now() - 200 * 3600_000) } });
    expect((await sweep()).disabled).toBe(1);
  });
});

describe("rotation", () => {
  it("signs with the new secret and, for 24 h, the old one too", async () => {
    const e = await endpointTo();
    const old = e.secret!;
    const { secret: fresh, previousValidUntil } = await rotateSecret(e.id, ADMIN);
    expect(fresh).toMatch(/^whsec_/);
    expect(Date.parse(previousValidUntil) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    for (const secrets of [[fresh], [old]]) {
      receiver.secrets = secrets;
      const { id } = await sendTest(e.id, ADMIN);
      await deliverDue(e.id);
      expect(receiver.received.find((r) => r.id === id)).toMatchObject({ verifiedWith: 0, signatures: 2 });
    }
    // after the grace time only the new secret signs
    await db.notificationEndpoint.update({ where: { id: e.id }, data: { previousSecretUntil: new Date(Date.now() - 1000) } });
    receiver.secrets = [old];
    const late = await sendTest(e.id, ADMIN);
    await deliverDue(e.id);
    expect(receiver.received.find((r) => r.id === late.id)).toMatchObject({ verifiedWith: null, signatures: 1 });
    receiver.secrets = [fresh];
  });
});

describe("slack", () => {
  it("posts {text, blocks}, unsigned", async () => {
    const e = await endpointTo(receiver.url.replace("/hook", "/slack"), { kind: "slack" });
    expect(e.secret).toBeUndefined();
    const { id } = await sendTest(e.id, ADMIN);
    await deliverDue(e.id);
    const got = receiver.received.find((r) => r.path === "/slack" && r.at > 0 && r.id === "");
    expect(got?.body).toMatchObject({ text: expect.stringContaining("Test message"), blocks: expect.any(Array) });
    expect((await getMessage(id)).status).toBe("delivered");
  });
});

describe("SSRF at connect time", () => {
  it("refuses a private address when the connection is made, even for an endpoint saved while it was allowed", async () => {
    const e = await endpointTo();
    setNotifyConfig({ ...BASE, allowPrivate: false });
    const before = receiver.received.length;
    const { id } = await sendTest(e.id, ADMIN);
    await deliverDue(e.id);
    const m = await getMessage(id);
    expect(m.status).toBe("retrying");
    expect(m.lastError).toMatch(/not allowed.*private IP address/);
    expect(receiver.received.length).toBe(before);
  });

  it("checks again on every redirect", async () => {
    const inside = await startReceiver();
    const front = await startReceiver();
    try {
      // the demo receiver's address is the one private address allowed (demo mode): it redirects elsewhere
      setNotifyConfig({ ...BASE, allowPrivate: true, isDemo: true, publicUrl: `http://127.0.0.1:${front.port}` });
      const e = await endpointTo(`http://127.0.0.1:${front.port}${DEMO_RECEIVER_PATH}`);
      setNotifyConfig({ ...BASE, allowPrivate: false, isDemo: true, publicUrl: `http://127.0.0.1:${front.port}` });
      front.respond({ status: 307, headers: { location: inside.url } });
      const { id } = await sendTest(e.id, ADMIN);
      await deliverDue(e.id);
      expect(front.received).toHaveLength(1);
      expect(inside.received).toHaveLength(0);
      expect((await getMessage(id)).lastError).toMatch(/not allowed/);
      // with private addresses allowed, the same redirect is followed and the message arrives once, same id
      setNotifyConfig({ ...BASE, allowPrivate: true });
      front.respond({ status: 308, headers: { location: inside.url } });
      await redeliverMessage(id, ADMIN);
      await deliverDue(e.id);
      expect(inside.received.map((r) => r.id)).toEqual([id]);
    } finally {
      await inside.close();
      await front.close();
    }
  });
});
