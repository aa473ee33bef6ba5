import { expect, test } from "@playwright/test";
import { ADMIN } from "../fixtures/api";
import { createWorld } from "../fixtures/world";

const now = () => new Date().toISOString();

test("a connector posts a JSON array and every event is answered by eventId", async ({ request }) => {
  const w = await createWorld(request);
  const events = [
    { eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 12, occurredAt: now() },
    { eventId: w.nextId(), type: "receipt.posted", sku: "UNKNOWN-SKU", location: w.code("WH"), quantity: 1, occurredAt: now() },
  ];
  const response = await request.post("/api/v1/events", { headers: w.auth("wms"), data: events });
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ received: 2, accepted: 1, duplicate: 0, conflict: 0, held: 0, rejected: 1 });
  expect(body.results[0]).toEqual({ index: 0, eventId: events[0]!.eventId, status: "accepted" });
  expect(body.results[1]).toMatchObject({ index: 1, eventId: events[1]!.eventId, status: "rejected", reasons: [{ code: "unknown_sku", field: "sku" }] });

  const again = await (await request.post("/api/v1/events", { headers: w.auth("wms"), data: [events[0]] })).json();
  expect(again.results[0].status).toBe("duplicate");
  const changed = await (await request.post("/api/v1/events", { headers: w.auth("wms"), data: [{ ...events[0], quantity: 13 }] })).json();
  expect(changed.results[0].status).toBe("conflict");
});

test("NDJSON is accepted line by line", async ({ request }) => {
  const w = await createWorld(request);
  const lines = [1, 2, 3].map((q) => JSON.stringify({ eventId: w.nextId(), type: "receipt.posted", sku: w.code("B"), location: w.code("WH"), quantity: q, occurredAt: now() }));
  const response = await request.post("/api/v1/events", { headers: { ...w.auth("wms"), "content-type": "application/x-ndjson" }, data: Buffer.from(lines.join("\n") + "\n") });
  expect(response.status()).toBe(200);
  expect((await response.json()).accepted).toBe(3);
});

test("bad bodies get clear 4xx answers in the error shape", async ({ request }) => {
  const w = await createWorld(request);
  const malformed = await request.post("/api/v1/events", { headers: { ...w.auth("wms"), "content-type": "application/json" }, data: Buffer.from('[{"eventId": "x",') });
  expect(malformed.status()).toBe(400);
  const m = await malformed.json();
  expect(m.error.code).toBe("invalid_body");
  expect(m.error.message).toMatch(/not valid JSON.*kept as a dead letter/);

  const badLine = await request.post("/api/v1/events", { headers: { ...w.auth("wms"), "content-type": "application/x-ndjson" }, data: Buffer.from('{"eventId":"a"}\n{oops}\n') });
  expect(badLine.status()).toBe(400);
  expect((await badLine.json()).error.message).toContain("line 2");

  const notArray = await request.post("/api/v1/events", { headers: w.auth("wms"), data: { eventId: "single" } });
  expect(notArray.status()).toBe(400);

  const plain = await request.post("/api/v1/events", { headers: { ...w.auth("wms"), "content-type": "text/plain" }, data: Buffer.from("[]") });
  expect(plain.status()).toBe(415);
  expect((await plain.json()).error.code).toBe("unsupported_media_type");

  const tooMany = Array.from({ length: 5001 }, (_, i) => ({ eventId: `too-many-${i}`, type: "heartbeat", occurredAt: now() }));
  const many = await request.post("/api/v1/events", { headers: w.auth("wms"), data: tooMany });
  expect(many.status()).toBe(413);

  const huge = await request.post("/api/v1/events", { headers: { ...w.auth("wms"), "content-type": "application/json" }, data: Buffer.alloc(10 * 1024 * 1024, 32) });
  expect(huge.status()).toBe(413);
  expect((await huge.json()).error.code).toBe("payload_too_large");
});

test("credentials: none or a bad key → 401, a user token → 403", async ({ request }) => {
  const events = [{ eventId: "x", type: "heartbeat", occurredAt: now() }];
  const none = await request.post("/api/v1/events", { data: events });
  expect(none.status()).toBe(401);
  const bad = await request.post("/api/v1/events", { headers: { authorization: "Bearer slc_wrong" }, data: events });
  expect(bad.status()).toBe(401);
  expect((await bad.json()).error.code).toBe("unauthorized");
  const user = await request.post("/api/v1/events", { headers: ADMIN, data: events });
  expect(user.status()).toBe(403);
});

test("a connector over its rate limit gets 429 with Retry-After; others are unaffected", async ({ request }) => {
  const w = await createWorld(request, { rateLimitPerSecond: 2 });
  const send = (connector: string) => request.post("/api/v1/events", { headers: w.auth(connector), data: [{ eventId: w.nextId(), type: "heartbeat", occurredAt: now() }] });
  const statuses: number[] = [];
  let retryAfter: string | undefined;
  for (let i = 0; i < 6; i++) {
    const r = await send("wms");
    statuses.push(r.status());
    if (r.status() === 429) retryAfter = r.headers()["retry-after"];
  }
  expect(statuses).toContain(429);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect((await send("erp")).status()).toBe(200);
});
