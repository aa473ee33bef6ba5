import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as planRoute } from "@/app/api/v1/replays/route";
import { GET as getRoute } from "@/app/api/v1/replays/[id]/route";
import { POST as applyRoute } from "@/app/api/v1/replays/[id]/apply/route";
import { POST as cancelRoute } from "@/app/api/v1/replays/[id]/cancel/route";
import { createCaller } from "@/server/api/root";
import type { TTRPCContext } from "@/server/api/trpc";
import { createApiToken } from "@/server/auth/api-tokens";
import type { TPrincipal } from "@/server/auth/principal";
import { createUser } from "@/server/auth/users";
import { db } from "@/server/db";
import { logger } from "@/server/lib/logger";
import { rotateConnectorKey } from "@/server/master-data/queries";
import { at, makeWorld, type TWorld } from "@/test/fixtures";
import { addSkuAlias } from "./fixes";
import { ZApplyResponse, ZReplayPlan } from "./replay.types";

type THandler = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
const tokens: Record<string, string> = {};
let connectorKey = "";
let w: TWorld;

async function call(handler: THandler, opts: { url: string; token?: string; body?: unknown; rawBody?: string; contentType?: string; params?: Record<string, string>; method?: string }) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (opts.contentType) headers["content-type"] = opts.contentType;
  const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const response = await handler(new Request(`http://localhost${opts.url}`, { method: opts.method ?? "POST", headers, body }), { params: Promise.resolve(opts.params ?? {}) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

beforeAll(async () => {
  for (const role of ["ops", "executive", "merchandiser", "admin"] as const) {
    const user = await createUser({ email: `${role}@replay.test`, name: role, role, password: "longenough" }, "test");
    tokens[role] = (await createApiToken({ name: "t", userId: user.id }, "test")).token;
  }
  w = await makeWorld();
  connectorKey = (await rotateConnectorKey(w.wms.code, "test")).key;
});

async function rejectedEvent(code: string, quantity: number) {
  const eventId = w.nextId();
  await w.ingest(w.wms, [{ eventId, type: "receipt.posted", sku: code, location: w.code("WH"), quantity, occurredAt: at(1) }]);
  return String((await db.event.findFirstOrThrow({ where: { connectorId: w.wms.id, eventId } })).id);
}

describe("POST /api/v1/replays and /apply", () => {
  it("plans (nothing changes) and applies with a reason, in the contract's shape", async () => {
    const pk = await rejectedEvent("API-OLD-1", 9);
    await addSkuAlias({ sku: w.code("A"), alias: "API-OLD-1" }, "ops@replay.test");
    const plan = await call(planRoute, { url: "/api/v1/replays", token: tokens.ops, body: { selector: { eventIds: [pk] } } });
    expect(plan.status).toBe(200);
    const parsed = ZReplayPlan.strict().parse(plan.body);
    expect(parsed).toMatchObject({ events: 1, wouldApply: 1, wouldSkip: 0, wouldFail: 0 });
    expect(parsed.effects).toContainEqual({ sku: w.code("A"), location: w.code("WH"), field: "onHand", before: 0, after: 9 });
    expect(parsed.effects).toContainEqual({ sku: w.code("A"), channel: w.code("web"), field: "target", before: 0, after: 9 });
    expect(await w.book("A", "WH")).toBeNull();
    // numeric ids work as well as strings
    expect((await call(planRoute, { url: "/api/v1/replays", token: tokens.admin, body: { selector: { eventIds: [Number(pk)] } } })).body).toMatchObject({ events: 1, wouldApply: 1 });

    const url = `/api/v1/replays/${parsed.id}/apply`;
    const params = { id: parsed.id };
    for (const body of [undefined, {}, { reason: "" }, { reason: "   " }, { reason: 42 }]) {
      const refused = await call(applyRoute, { url, token: tokens.ops, params, ...(body === undefined ? {} : { body }) });
      expect(refused).toMatchObject({ status: 400, body: { error: { code: "invalid_field" } } });
      expect(refused.body.error!.message).toMatch(/reason/);
    }
    expect(await call(applyRoute, { url, token: tokens.ops, params, rawBody: "{nope", contentType: "application/json" })).toMatchObject({ status: 400, body: { error: { code: "invalid_body" } } });
    expect(await w.book("A", "WH")).toBeNull();

    const applied = await call(applyRoute, { url, token: tokens.ops, params, body: { reason: "alias added" } });
    expect(applied.status).toBe(200);
    expect(ZApplyResponse.parse(applied.body)).toMatchObject({ applied: 1, skipped: 0, failed: 0, status: "applied" });
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 9 });
    const again = await call(applyRoute, { url, token: tokens.admin, params, body: { reason: "again" } });
    expect(again).toMatchObject({ status: 409, body: { error: { code: "plan_already_applied" } } });

    const read = await call(getRoute, { url: `/api/v1/replays/${parsed.id}`, method: "GET", token: tokens.executive, params });
    expect(read).toMatchObject({ status: 200, body: { id: parsed.id, status: "applied", reason: "alias added", appliedBy: "ops@replay.test", result: { applied: 1 } } });
    const list = await call(listRoute, { url: "/api/v1/replays?limit=1", method: "GET", token: tokens.merchandiser });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(typeof list.body.nextCursor).toBe("string");
    const next = await call(listRoute, { url: `/api/v1/replays?limit=1&cursor=${encodeURIComponent(String(list.body.nextCursor))}`, method: "GET", token: tokens.ops });
    expect((next.body.items as { id: string }[])[0]!.id).not.toBe((list.body.items as { id: string }[])[0]!.id);
  });

  it("answers 409 plan_stale when the book moved since the preview", async () => {
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("B"), location: w.code("WH"), quantity: 1, occurredAt: at(0) }]);
    const pk = await rejectedEvent("API-OLD-2", 2);
    await addSkuAlias({ sku: w.code("B"), alias: "API-OLD-2" }, "ops@replay.test");
    const plan = await call(planRoute, { url: "/api/v1/replays", token: tokens.ops, body: { selector: { eventIds: [pk] } } });
    await w.ingest(w.wms, [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("B"), location: w.code("WH"), quantity: 1, occurredAt: at(3) }]);
    const id = String(plan.body.id);
    const stale = await call(applyRoute, { url: `/api/v1/replays/${id}/apply`, token: tokens.ops, params: { id }, body: { reason: "late" } });
    expect(stale).toMatchObject({ status: 409, body: { error: { code: "plan_stale" } } });
    expect(stale.body.error!.message).toMatch(/preview again/);
    expect(await w.book("B", "WH")).toMatchObject({ onHand: 2 });
  });

  it("a selector matching nothing gives a plan of 0 events; bad selectors are 400", async () => {
    const none = await call(planRoute, { url: "/api/v1/replays", token: tokens.ops, body: { selector: { connector: w.wms.code, sku: "NOTHING-MATCHES" } } });
    expect(none).toMatchObject({ status: 200, body: { events: 0, wouldApply: 0, wouldSkip: 0, wouldFail: 0, effects: [] } });
    const empty = await call(planRoute, { url: "/api/v1/replays", token: tokens.ops, body: { selector: { eventIds: ["999999999"] } } });
    expect(empty).toMatchObject({ status: 200, body: { events: 0 } });
    for (const selector of [{ status: "accepted" }, { eventIds: [] }, { eventIds: ["abc"] }, { colour: "red" }]) {
      expect(await call(planRoute, { url: "/api/v1/replays", token: tokens.ops, body: { selector } })).toMatchObject({ status: 400, body: { error: { code: "invalid_field" } } });
    }
    expect(await call(planRoute, { url: "/api/v1/replays", token: tokens.ops, body: { selector: { exceptionId: 123456 } } })).toMatchObject({ status: 404 });
    expect(await call(planRoute, { url: "/api/v1/replays", token: tokens.ops, rawBody: "[]", contentType: "text/plain" })).toMatchObject({ status: 415 });
  });

  it("lets ops and admin act, nobody else (403; connector key 403; no credentials 401)", async () => {
    const plan = await call(planRoute, { url: "/api/v1/replays", token: tokens.admin, body: { selector: { sku: "NOTHING-2" } } });
    const id = String(plan.body.id);
    for (const token of [tokens.executive, tokens.merchandiser, connectorKey]) {
      expect(await call(planRoute, { url: "/api/v1/replays", token, body: { selector: {} } })).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
      expect(await call(applyRoute, { url: `/api/v1/replays/${id}/apply`, token, params: { id }, body: { reason: "x" } })).toMatchObject({ status: 403 });
      expect(await call(cancelRoute, { url: `/api/v1/replays/${id}/cancel`, token, params: { id } })).toMatchObject({ status: 403 });
    }
    expect(await call(listRoute, { url: "/api/v1/replays", method: "GET", token: connectorKey })).toMatchObject({ status: 403 });
    expect(await call(planRoute, { url: "/api/v1/replays", body: { selector: {} } })).toMatchObject({ status: 401 });
    expect(await call(getRoute, { url: "/api/v1/replays/rp_nosuchplan1", method: "GET", token: tokens.ops, params: { id: "rp_nosuchplan1" } })).toMatchObject({ status: 404 });
    expect(await call(getRoute, { url: "/api/v1/replays/../x", method: "GET", token: tokens.ops, params: { id: "../x" } })).toMatchObject({ status: 404 });
    expect(await call(cancelRoute, { url: `/api/v1/replays/${id}/cancel`, token: tokens.ops, params: { id } })).toMatchObject({ status: 200, body: { status: "cancelled" } });
    expect(await call(cancelRoute, { url: `/api/v1/replays/${id}/cancel`, token: tokens.ops, params: { id } })).toMatchObject({ status: 409 });

    const ctxFor = (principal: TPrincipal | null): TTRPCContext => ({ headers: new Headers(), principal, credentialError: null, log: logger, requestId: "t" });
    const user = (role: "ops" | "executive" | "merchandiser") => ({ kind: "user" as const, via: "session" as const, user: { id: role, email: `${role}@replay.test`, name: role, role } });
    await expect(createCaller(ctxFor(user("executive"))).replays.createPlan({ selector: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createCaller(ctxFor(user("merchandiser"))).replays.addSkuAlias({ sku: w.code("A"), alias: "X-1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createCaller(ctxFor(user("executive"))).replays.editPayload({ id: "1", payload: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await createCaller(ctxFor(user("executive"))).replays.list({ limit: 5 })).items.length).toBeGreaterThan(0);
    const viaTrpc = await createCaller(ctxFor(user("ops"))).replays.createPlan({ selector: { sku: "NOTHING-3" } });
    expect(viaTrpc.events).toBe(0);
    await expect(createCaller(ctxFor(user("ops"))).replays.applyPlan({ id: viaTrpc.id, reason: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
