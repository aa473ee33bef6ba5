import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/v1/exceptions/route";
import { GET as getRoute } from "@/app/api/v1/exceptions/[id]/route";
import { POST as actionRoute } from "@/app/api/v1/exceptions/[id]/actions/route";
import { createCaller } from "@/server/api/root";
import type { TTRPCContext } from "@/server/api/trpc";
import { createApiToken } from "@/server/auth/api-tokens";
import type { TPrincipal } from "@/server/auth/principal";
import { createUser } from "@/server/auth/users";
import { db } from "@/server/db";
import { logger } from "@/server/lib/logger";
import { actOnException, bulkActOnExceptions } from "./actions";
import { exceptionDetail } from "./detail";
import { ZExceptionGroup, ZExceptionListQuery } from "./exceptions.types";
import { countExceptions, listExceptions } from "./queries";
import { raiseOccurrences } from "./raise";
import { idOf, seedWorld } from "./test-world";

const OPS = { email: "ops@example.test" };
const tokens: Record<string, string> = {};
let connectorKey = "";

beforeAll(async () => {
  await seedWorld();
  for (const role of ["ops", "executive", "merchandiser", "admin"] as const) {
    const user = await createUser({ email: `${role}@example.test`, name: role, role, password: "longenough" }, "test");
    tokens[role] = (await createApiToken({ name: "t", userId: user.id }, "test")).token;
  }
  const { rotateConnectorKey } = await import("@/server/master-data/queries");
  connectorKey = (await rotateConnectorKey("erp", "test")).key;
});

let counter = 0;
/** A fresh open group (a rejected_event with its own failing value). */
async function newGroup(units = 1, value = `V-${++counter}`) {
  await raiseOccurrences(db, [{ kind: "rejected_event", scope: { connectorId: await idOf("connector", "erp"), reasonCode: "unknown_sku", value }, unitsAtRisk: units }]);
  const g = await db.exceptionGroup.findFirstOrThrow({ where: { scopeValue: value } });
  return g.id;
}

async function audits(id: number) {
  return db.auditLog.findMany({ where: { targetType: "exception", targetId: String(id) }, orderBy: { id: "asc" } });
}

function expectAppError(promise: Promise<unknown>, code: string) {
  return expect(promise).rejects.toMatchObject({ code });
}

describe("the state machine", () => {
  it("moves groups exactly as DESIGN.md lists, refuses anything else, and audits every action", async () => {
    const id = await newGroup();
    expect((await actOnException(id, { action: "acknowledge" }, OPS)).state).toBe("acknowledged");
    await expectAppError(actOnException(id, { action: "acknowledge" }, OPS), "invalid_transition");
    await expectAppError(actOnException(id, { action: "reopen" }, OPS), "invalid_transition");
    const until = new Date(Date.now() + 3600_000).toISOString();
    expect(await actOnException(id, { action: "snooze", until }, OPS)).toMatchObject({ state: "snoozed", snoozedUntil: new Date(until) });
    await expectAppError(actOnException(id, { action: "snooze", until }, OPS), "invalid_transition");
    expect((await actOnException(id, { action: "acknowledge" }, OPS)).state).toBe("acknowledged");
    const resolved = await actOnException(id, { action: "resolve", note: "alias added" }, OPS);
    expect(resolved).toMatchObject({ state: "resolved", resolution: "user" });
    await expectAppError(actOnException(id, { action: "resolve" }, OPS), "invalid_transition");
    await expectAppError(actOnException(id, { action: "acknowledge" }, OPS), "invalid_transition");
    await expectAppError(actOnException(id, { action: "snooze", until }, OPS), "invalid_transition");
    expect(await actOnException(id, { action: "reopen" }, OPS)).toMatchObject({ state: "open", resolution: null });
    await expectAppError(actOnException(id, { action: "reopen" }, OPS), "invalid_transition");
    expect((await actOnException(id, { action: "resolve" }, OPS)).state).toBe("resolved");

    const trail = await audits(id);
    expect(trail.map((a) => a.action)).toEqual([
      "exception.acknowledge",
      "exception.snooze",
      "exception.acknowledge",
      "exception.resolve",
      "exception.reopen",
      "exception.resolve",
    ]);
    expect(trail.every((a) => a.actorEmail === OPS.email)).toBe(true);
    expect(trail[1]!.details).toMatchObject({ from: "acknowledged", to: "snoozed", until });
    expect(trail[3]!.reason).toBe("alias added");
    expect((await exceptionDetail(id)).notes.map((n) => n.text)).toEqual(["alias added"]);
  });

  it("assigns to a known user or nobody, keeps notes, and refuses bad input", async () => {
    const id = await newGroup();
    expect((await actOnException(id, { action: "assign", assignee: "ops@example.test" }, OPS)).assignee).toBe("ops@example.test");
    await expectAppError(actOnException(id, { action: "assign", assignee: "nobody@example.test" }, OPS), "invalid_field");
    await actOnException(id, { action: "note", text: "Looking into it" }, OPS);
    expect((await actOnException(id, { action: "assign", assignee: null }, OPS)).assignee).toBeNull();
    await expectAppError(actOnException(id, { action: "snooze", until: new Date(Date.now() - 1000).toISOString() }, OPS), "invalid_field");
    await expectAppError(actOnException(999_999, { action: "acknowledge" }, OPS), "not_found");
    const detail = await exceptionDetail(id);
    expect(detail.notes.map((n) => [n.authorEmail, n.text])).toEqual([["ops@example.test", "Looking into it"]]);
    expect(detail.history.map((h) => h.action)).toEqual(["exception.assign", "exception.note", "exception.assign"]);
    expect(detail.group.state).toBe("open");
  });

  it("rolls the action back when its audit cannot be written (one transaction)", async () => {
    const id = await newGroup();
    await db.$executeRawUnsafe(`alter table audit_log add constraint no_ack check (action <> 'exception.acknowledge') not valid`);
    try {
      await expect(actOnException(id, { action: "acknowledge" }, OPS)).rejects.toThrow();
    } finally {
      await db.$executeRawUnsafe(`alter table audit_log drop constraint no_ack`);
    }
    expect((await db.exceptionGroup.findUniqueOrThrow({ where: { id } })).state).toBe("open");
  });
});

describe("bulk actions", () => {
  it("acknowledge, assign, snooze and resolve over ids or a filter, skipping groups they cannot move", async () => {
    const ids = [await newGroup(5, "BULK-A"), await newGroup(5, "BULK-B"), await newGroup(5, "BULK-C")];
    await actOnException(ids[2]!, { action: "acknowledge" }, OPS);
    expect(await bulkActOnExceptions({ action: "acknowledge", ids }, OPS)).toEqual({ matched: 3, updated: 2, skipped: 1 });
    expect(await bulkActOnExceptions({ action: "assign", ids, assignee: "admin@example.test" }, OPS)).toMatchObject({ updated: 3 });
    const mine = ZExceptionListQuery.parse({ mine: true });
    expect((await listExceptions(mine, "admin@example.test")).items.map((g) => g.id).sort()).toEqual([...ids].sort());
    expect((await listExceptions(mine, "ops@example.test")).items).toHaveLength(0);

    const filter = ZExceptionListQuery.parse({ assignee: "admin@example.test", state: "acknowledged" });
    expect(await countExceptions(filter, null)).toBe(3);
    expect(await bulkActOnExceptions({ action: "resolve", filter, note: "bulk fix" }, OPS)).toEqual({ matched: 3, updated: 3, skipped: 0 });
    for (const id of ids) {
      const trail = await audits(id);
      expect(trail.at(-1)).toMatchObject({ action: "exception.resolve", actorEmail: OPS.email, reason: "bulk fix", details: { from: "acknowledged", to: "resolved", bulk: true } });
    }
    expect(await db.exceptionNote.count({ where: { groupId: { in: ids }, text: "bulk fix" } })).toBe(3);
    await expect(bulkActOnExceptions({ action: "snooze", ids, until: new Date(Date.now() - 1).toISOString() }, OPS)).rejects.toMatchObject({ code: "invalid_field" });
    expect(await bulkActOnExceptions({ action: "snooze", ids, until: new Date(Date.now() + 60_000).toISOString() }, OPS)).toMatchObject({ updated: 0, skipped: 3 });
  });
});

describe("the list", () => {
  it("filters, sorts by impact / age / SLA and pages with stable cursors", async () => {
    const conn = await idOf("connector", "wms");
    const base = Date.now() - 3600_000;
    const inputs = Array.from({ length: 7 }, (_, i) => ({
      kind: "rejected_event" as const,
      scope: { connectorId: conn, reasonCode: "bad_quantity", value: `L-${i}` },
      unitsAtRisk: [1, 150, 30, 30, 7, 0, 2][i]!,
      at: new Date(base + i * 60_000),
    }));
    await raiseOccurrences(db, inputs);
    const all = async (sort: "impact" | "age" | "sla") => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listExceptions(ZExceptionListQuery.parse({ connector: "wms", sort, limit: 3, cursor }), null);
        seen.push(...page.items.map((g) => String(g.details.field ?? g.title)));
        cursor = page.nextCursor ?? undefined;
        expect(page.items.length).toBeLessThanOrEqual(3);
      } while (cursor);
      return seen;
    };
    const impact = await all("impact");
    expect(impact).toHaveLength(7);
    const units = (await listExceptions(ZExceptionListQuery.parse({ connector: "wms", sort: "impact", limit: 10 }), null)).items.map((g) => g.unitsAtRisk);
    expect(units).toEqual([150, 30, 30, 7, 2, 1, 0]);
    const age = (await listExceptions(ZExceptionListQuery.parse({ connector: "wms", sort: "age", limit: 10 }), null)).items;
    expect(age.map((g) => g.openedAt.getTime())).toEqual([...age.map((g) => g.openedAt.getTime())].sort((a, b) => a - b));
    expect(await all("age")).toHaveLength(7);
    expect(await all("sla")).toHaveLength(7);
    expect((await listExceptions(ZExceptionListQuery.parse({ connector: "wms", severity: "critical" }), null)).items.map((g) => g.unitsAtRisk)).toEqual([150]);
    await expect(listExceptions(ZExceptionListQuery.parse({ cursor: "garbage" }), null)).rejects.toMatchObject({ code: "invalid_query" });
  });
});

function ctxFor(principal: TPrincipal | null): TTRPCContext {
  return { headers: new Headers(), principal, credentialError: null, log: logger, requestId: "test" };
}
const userPrincipal = (role: "ops" | "executive" | "merchandiser" | "admin"): TPrincipal => ({ kind: "user", via: "session", user: { id: role, email: `${role}@example.test`, name: role, role } });

describe("who may act", () => {
  it("lets ops and admin act through tRPC; executives, merchandisers and connectors get FORBIDDEN but may read", async () => {
    const id = await newGroup();
    for (const role of ["executive", "merchandiser"] as const) {
      const caller = createCaller(ctxFor(userPrincipal(role)));
      await expect(caller.exceptions.act({ id, action: { action: "acknowledge" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.exceptions.bulk({ action: "acknowledge", ids: [id] })).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect((await caller.exceptions.detail({ id })).group.id).toBe(id);
    }
    const connector = createCaller(ctxFor({ kind: "connector", connector: { id: 1, code: "erp", kind: "erp", channelId: null, rateLimitPerSecond: 100 } }));
    await expect(connector.exceptions.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createCaller(ctxFor(null)).exceptions.summary()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await createCaller(ctxFor(userPrincipal("admin"))).exceptions.act({ id, action: { action: "acknowledge" } })).state).toBe("acknowledged");
    expect((await createCaller(ctxFor(userPrincipal("ops"))).exceptions.act({ id, action: { action: "resolve" } })).state).toBe("resolved");
    expect((await db.exceptionGroup.findUniqueOrThrow({ where: { id } })).state).toBe("resolved");
  });
});

describe("REST /api/v1/exceptions", () => {
  const call = async (handler: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>, opts: { url: string; token?: string; body?: unknown; params?: Record<string, string>; method?: string }) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    const response = await handler(new Request(`http://localhost${opts.url}`, { method: opts.method ?? (opts.body === undefined ? "GET" : "POST"), headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }), { params: Promise.resolve(opts.params ?? {}) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("lists and reads groups in DESIGN.md's exact shape", async () => {
    const id = await newGroup(3, "REST-1");
    const list = await call(listRoute, { url: "/api/v1/exceptions?kind=rejected_event&sku=REST-1", token: tokens.executive });
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    const items = list.body.items as unknown[];
    expect(items).toHaveLength(1);
    const item = ZExceptionGroup.strict().parse(items[0]);
    expect(item).toMatchObject({ id, kind: "rejected_event", scope: { connector: "erp", sku: "REST-1" }, state: "open", count: 1, unitsAtRisk: 3, assignee: null });
    expect(Object.keys(item).sort()).toEqual(["assignee", "count", "firstSeenAt", "id", "kind", "lastSeenAt", "scope", "severity", "slaDueAt", "state", "unitsAtRisk"]);
    const one = await call(getRoute, { url: `/api/v1/exceptions/${id}`, token: tokens.merchandiser, params: { id: String(id) } });
    expect(one).toMatchObject({ status: 200, body: { id, kind: "rejected_event" } });
    expect((await call(getRoute, { url: "/api/v1/exceptions/abc", token: tokens.ops, params: { id: "abc" } })).status).toBe(404);
    expect((await call(getRoute, { url: "/api/v1/exceptions/99999", token: tokens.ops, params: { id: "99999" } })).status).toBe(404);
    const bad = await call(listRoute, { url: "/api/v1/exceptions?state=closed", token: tokens.ops });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_query" } } });
    expect((await call(listRoute, { url: "/api/v1/exceptions" })).status).toBe(401);
    expect((await call(listRoute, { url: "/api/v1/exceptions", token: connectorKey })).status).toBe(403);
  });

  it("acts for ops and admin only, with 400s for unknown actions and invalid transitions", async () => {
    const id = await newGroup(1, "REST-2");
    const url = `/api/v1/exceptions/${id}/actions`;
    const params = { id: String(id) };
    for (const token of [tokens.executive, tokens.merchandiser, connectorKey]) {
      const refused = await call(actionRoute, { url, token, params, body: { action: "acknowledge" } });
      expect(refused).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    }
    expect(await call(actionRoute, { url, params, body: { action: "acknowledge" } })).toMatchObject({ status: 401 });
    expect(await call(actionRoute, { url, token: tokens.ops, params, body: { action: "explode" } })).toMatchObject({ status: 400, body: { error: { code: "unknown_action" } } });
    expect(await call(actionRoute, { url, token: tokens.ops, params, body: { action: "snooze" } })).toMatchObject({ status: 400, body: { error: { code: "invalid_field" } } });
    const ack = await call(actionRoute, { url, token: tokens.ops, params, body: { action: "acknowledge" } });
    expect(ack).toMatchObject({ status: 200, body: { id, state: "acknowledged" } });
    ZExceptionGroup.strict().parse(ack.body);
    expect(await call(actionRoute, { url, token: tokens.admin, params, body: { action: "acknowledge" } })).toMatchObject({ status: 400, body: { error: { code: "invalid_transition" } } });
    expect(await call(actionRoute, { url, token: tokens.admin, params, body: { action: "assign", assignee: "ops@example.test" } })).toMatchObject({ status: 200, body: { assignee: "ops@example.test" } });
    expect(await call(actionRoute, { url, token: tokens.admin, params, body: { action: "note", text: "" } })).toMatchObject({ status: 400 });
    expect(await call(actionRoute, { url, token: tokens.ops, params, body: { action: "resolve", note: "done" } })).toMatchObject({ status: 200, body: { state: "resolved", resolution: "user" } });
    expect(await call(actionRoute, { url: "/api/v1/exceptions/424242/actions", token: tokens.ops, params: { id: "424242" }, body: { action: "acknowledge" } })).toMatchObject({ status: 404 });
    expect((await audits(id)).map((a) => [a.actorEmail, a.action])).toEqual([
      ["ops@example.test", "exception.acknowledge"],
      ["admin@example.test", "exception.assign"],
      ["ops@example.test", "exception.resolve"],
    ]);
  });
});
