// The notification contract through the real server (DESIGN.md's HTTP API rows): endpoints CRUD,
// rotate-secret, test, recover, the message log and redelivery, with their statuses and error
// shapes; private addresses refused at save (the allow flag is off here); executive and connector
// keys refused every change.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, putMasterData, signInViaApi, uniqueCode } from "../fixtures/api";

const JSON_HEADERS = { ...ADMIN, "content-type": "application/json" };

async function create(request: APIRequestContext, body: Record<string, unknown>) {
  return request.post("/api/v1/notifications/endpoints", { headers: JSON_HEADERS, data: body });
}

test("endpoints: create (201 with the secret once), list, change, rotate, test, recover, delete (204)", async ({ request }) => {
  const created = await create(request, { kind: "webhook", url: "https://93.184.215.14/hooks/sightline", description: "e2e contract", eventTypes: ["exception.opened", "exception.resolved"], filter: { kinds: ["negative_atp"], minSeverity: "high" } });
  expect(created.status()).toBe(201);
  const e = (await created.json()) as Record<string, unknown> & { id: string; secret: string };
  expect(e).toMatchObject({ kind: "webhook", url: "https://93.184.215.14/hooks/sightline", description: "e2e contract", eventTypes: ["exception.opened", "exception.resolved"], filter: { kinds: ["negative_atp"], minSeverity: "high" }, enabled: true, mutedUntil: null, rateLimitPerMinute: 30, status: "healthy" });
  expect(e.secret).toMatch(/^whsec_/);
  expect(Date.parse(String(e.createdAt))).toBeGreaterThan(0);

  const list = (await (await request.get("/api/v1/notifications/endpoints", { headers: ADMIN })).json()) as { items: Record<string, unknown>[]; nextCursor: string | null };
  const listed = list.items.find((i) => i.id === e.id)!;
  expect(listed).toBeDefined();
  expect(listed).not.toHaveProperty("secret");
  expect(list).toHaveProperty("nextCursor");

  const until = new Date(Date.now() + 3600_000).toISOString();
  const patched = await request.patch(`/api/v1/notifications/endpoints/${e.id}`, { headers: JSON_HEADERS, data: { mutedUntil: until, rateLimitPerMinute: 10, enabled: false } });
  expect(patched.status()).toBe(200);
  expect(await patched.json()).toMatchObject({ mutedUntil: until, rateLimitPerMinute: 10, enabled: false, status: "disabled" });
  expect((await request.patch(`/api/v1/notifications/endpoints/${e.id}`, { headers: JSON_HEADERS, data: { enabled: true, mutedUntil: null } })).status()).toBe(200);

  const rotated = await request.post(`/api/v1/notifications/endpoints/${e.id}/rotate-secret`, { headers: ADMIN });
  expect(rotated.status()).toBe(200);
  const { secret } = (await rotated.json()) as { secret: string };
  expect(secret).toMatch(/^whsec_/);
  expect(secret).not.toBe(e.secret);

  const tested = await request.post(`/api/v1/notifications/endpoints/${e.id}/test`, { headers: ADMIN });
  expect(tested.status()).toBe(200);
  const { id: messageId } = (await tested.json()) as { id: string };
  expect(messageId).toMatch(/^msg_/);

  // the message is in the log (this address is unreachable from here: it is retried)
  const messages = (await (await request.get(`/api/v1/notifications/messages?endpoint=${e.id}`, { headers: ADMIN })).json()) as { items: Record<string, unknown>[] };
  expect(messages.items[0]).toMatchObject({ id: messageId, endpoint: e.id, type: "notification.test" });
  expect(["pending", "retrying", "delivered", "failed"]).toContain(messages.items[0]!.status);
  for (const key of ["attempts", "lastStatusCode", "lastError", "createdAt", "nextAttemptAt", "deliveredAt"]) expect(messages.items[0]).toHaveProperty(key);
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/notifications/messages/${messageId}`, { headers: ADMIN })).json()) as { attemptLog: unknown[] }).attemptLog.length, { timeout: 30_000 })
    .toBeGreaterThan(0);
  const detail = (await (await request.get(`/api/v1/notifications/messages/${messageId}`, { headers: ADMIN })).json()) as { payload: Record<string, unknown>; attemptLog: Record<string, unknown>[] };
  expect(detail.payload).toMatchObject({ type: "notification.test", data: { endpoint: e.id, sentBy: "bootstrap@sightline.local" } });
  expect(detail.attemptLog[0]).toMatchObject({ at: expect.any(String), durationMs: expect.any(Number) });
  expect(detail.attemptLog[0]).toHaveProperty("statusCode");

  const redelivered = await request.post(`/api/v1/notifications/messages/${messageId}/redeliver`, { headers: ADMIN });
  expect(redelivered.status()).toBe(200);
  expect(await redelivered.json()).toEqual({ id: messageId });

  const recovered = await request.post(`/api/v1/notifications/endpoints/${e.id}/recover`, { headers: JSON_HEADERS, data: { since: new Date(Date.now() - 3600_000).toISOString() } });
  expect(recovered.status()).toBe(200);
  expect(await recovered.json()).toEqual({ redelivering: expect.any(Number) });
  expect((await request.post(`/api/v1/notifications/endpoints/${e.id}/recover`, { headers: JSON_HEADERS, data: {} })).status()).toBe(400);

  const deleted = await request.delete(`/api/v1/notifications/endpoints/${e.id}`, { headers: ADMIN });
  expect(deleted.status()).toBe(204);
  expect((await request.get(`/api/v1/notifications/endpoints/${e.id}`, { headers: ADMIN })).status()).toBe(404);
  expect((await request.get(`/api/v1/notifications/messages/${messageId}`, { headers: ADMIN })).status()).toBe(404);
  expect((await request.post(`/api/v1/notifications/messages/msg_doesnotexist/redeliver`, { headers: ADMIN })).status()).toBe(404);
});

test("email endpoints take addresses; bad bodies are 400 with the field named", async ({ request }) => {
  const email = await create(request, { kind: "email", to: ["oncall@example.com"], eventTypes: ["exception.opened"] });
  expect(email.status()).toBe(201);
  const e = (await email.json()) as { id: string; to: string[]; secret?: string };
  expect(e.to).toEqual(["oncall@example.com"]);
  expect(e.secret).toBeUndefined();
  expect((await request.post(`/api/v1/notifications/endpoints/${e.id}/rotate-secret`, { headers: ADMIN })).status()).toBe(400);
  for (const body of [{ kind: "webhook" }, { kind: "pager" , url: "https://93.184.215.14/" }, { kind: "webhook", url: "ftp://93.184.215.14/" }, { kind: "webhook", url: "https://93.184.215.14/", eventTypes: ["exception.exploded"] }, { kind: "email", to: ["not-an-address"] }]) {
    const r = await create(request, body);
    expect(r.status(), JSON.stringify(body)).toBe(400);
    expect(await r.json()).toMatchObject({ error: { code: "invalid_field", message: expect.any(String) } });
  }
  expect((await request.delete(`/api/v1/notifications/endpoints/${e.id}`, { headers: ADMIN })).status()).toBe(204);
});

test("SSRF: loopback, private, metadata and a name resolving to 127.0.0.1 are refused at save (400 invalid_field)", async ({ request }) => {
  for (const url of ["http://127.0.0.1:9/hook", "http://10.0.0.7/hook", "http://169.254.169.254/latest/meta-data/", "http://localhost/hook", "http://[::1]/hook"]) {
    for (const kind of ["webhook", "slack"]) {
      const r = await create(request, { kind, url });
      expect(r.status(), `${kind} ${url}`).toBe(400);
      expect(await r.json()).toMatchObject({ error: { code: "invalid_field", message: expect.stringContaining("url") } });
    }
  }
});

test("roles: everyone reads; an executive gets 403 on every change; a connector key gets 403", async ({ page, request }) => {
  const created = (await (await create(request, { kind: "webhook", url: "https://93.184.215.14/roles" })).json()) as { id: string };
  const connector = uniqueCode("ncon").toLowerCase();
  const { connectorKeys } = await putMasterData(request, { connectors: [{ code: connector, kind: "wms" }] });
  const key = { authorization: `Bearer ${connectorKeys[connector]}`, "content-type": "application/json" };
  expect((await request.get("/api/v1/notifications/endpoints", { headers: key })).status()).toBe(403);
  expect((await request.post("/api/v1/notifications/endpoints", { headers: key, data: { kind: "webhook", url: "https://93.184.215.14/x" } })).status()).toBe(403);
  expect((await request.get("/api/v1/notifications/messages", { headers: key })).status()).toBe(403);

  await signInViaApi(page, "executive@example.com");
  const ex = page.request;
  expect((await ex.get("/api/v1/notifications/endpoints")).status()).toBe(200);
  expect((await ex.get("/api/v1/notifications/messages")).status()).toBe(200);
  const changes = [
    ex.post("/api/v1/notifications/endpoints", { data: { kind: "webhook", url: "https://93.184.215.14/x" } }),
    ex.patch(`/api/v1/notifications/endpoints/${created.id}`, { data: { enabled: false } }),
    ex.delete(`/api/v1/notifications/endpoints/${created.id}`),
    ex.post(`/api/v1/notifications/endpoints/${created.id}/rotate-secret`),
    ex.post(`/api/v1/notifications/endpoints/${created.id}/test`),
    ex.post(`/api/v1/notifications/endpoints/${created.id}/recover`, { data: { since: new Date().toISOString() } }),
    ex.post(`/api/v1/notifications/messages/msg_anything123/redeliver`),
  ];
  for (const r of await Promise.all(changes)) {
    expect(r.status(), r.url()).toBe(403);
    expect(await r.json()).toMatchObject({ error: { code: "forbidden" } });
  }
  expect((await request.delete(`/api/v1/notifications/endpoints/${created.id}`, { headers: ADMIN })).status()).toBe(204);
});
