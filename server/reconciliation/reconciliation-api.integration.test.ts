import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as startRoute } from "@/app/api/v1/reconciliations/route";
import { GET as getRoute } from "@/app/api/v1/reconciliations/[id]/route";
import { GET as linesRoute } from "@/app/api/v1/reconciliations/[id]/lines/route";
import { GET as csvRoute } from "@/app/api/v1/reconciliations/[id]/lines.csv/route";
import { GET as getSettingsRoute, PUT as putSettingsRoute } from "@/app/api/v1/settings/reconciliation/route";
import { createApiToken } from "@/server/auth/api-tokens";
import { createUser } from "@/server/auth/users";
import { db } from "@/server/db";
import { startJobRunner } from "@/server/jobs/queue";
import { logger } from "@/server/lib/logger";
import { rotateConnectorKey } from "@/server/master-data/queries";
import { ZLine, ZRun, ZRunDetail } from "./reconciliation.types";
import { executeRun } from "./run";
import { ensureSchedule, SCHEDULE_JOB_KEY } from "./schedule";
import { makeReconWorld, settleTargets } from "./test-world";
import { reconciliationTasks } from "./worker";

type THandler = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
const tokens: Record<string, string> = {};
let connectorKey = "";

async function call(handler: THandler, opts: { url: string; token?: string; body?: unknown; params?: Record<string, string>; method?: string }) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const response = await handler(new Request(`http://localhost${opts.url}`, { method: opts.method ?? "GET", headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }), {
    params: Promise.resolve(opts.params ?? {}),
  });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.includes("json");
  return { status: response.status, headers: response.headers, text, body: (isJson ? JSON.parse(text) : {}) as Record<string, any> };
}

/** A CSV parser for the test: quoted cells with doubled quotes, CRLF rows. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\r") continue;
    else if (ch === "\n") row.push(cell), rows.push(row), (row = []), (cell = "");
    else cell += ch;
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}

async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  for (const role of ["ops", "executive", "merchandiser", "admin"] as const) {
    const user = await createUser({ email: `${role}@recon.test`, name: role, role, password: "longenough" }, "test");
    tokens[role] = (await createApiToken({ name: "t", userId: user.id }, "test")).token;
  }
  const w = await makeReconWorld();
  connectorKey = (await rotateConnectorKey(w.code("wms"), "test")).key;
});

describe("POST /api/v1/reconciliations", () => {
  it("answers 202 {id, status: running} to ops and admin, 409 run_in_progress to a second start, 403 to other roles and connector keys", async () => {
    const w = await makeReconWorld();
    const started = await call(startRoute, { url: "/api/v1/reconciliations", method: "POST", token: tokens.ops, body: { scope: { skus: w.skus }, note: "before the audit" } });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ id: expect.any(Number), status: "running" });
    const again = await call(startRoute, { url: "/api/v1/reconciliations", method: "POST", token: tokens.admin });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("run_in_progress");
    for (const token of [tokens.executive, tokens.merchandiser, connectorKey]) {
      expect((await call(startRoute, { url: "/api/v1/reconciliations", method: "POST", token })).status).toBe(403);
    }
    expect((await call(startRoute, { url: "/api/v1/reconciliations", method: "POST" })).status).toBe(401);
    const running = await call(getRoute, { url: `/api/v1/reconciliations/${started.body.id}`, token: tokens.executive, params: { id: String(started.body.id) } });
    expect(running.body).toMatchObject({ status: "running", totals: null, note: "before the audit", trigger: "manual", startedBy: "ops@recon.test" });
    await executeRun(started.body.id, { log: logger });
    const audit = await db.auditLog.findFirst({ where: { action: "reconciliation.start", targetId: String(started.body.id) } });
    expect(audit?.actorEmail).toBe("ops@recon.test");
  });

  it("refuses bad bodies with 400 and names the field", async () => {
    const bad = await call(startRoute, { url: "/api/v1/reconciliations", method: "POST", token: tokens.ops, body: { scope: { warehouses: ["X"] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_field");
    const unknown = await call(startRoute, { url: "/api/v1/reconciliations", method: "POST", token: tokens.ops, body: { scope: { channels: ["no-such-channel"] } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("no-such-channel");
  });
});

describe("GET /api/v1/reconciliations, /{id}, /{id}/lines and /{id}/lines.csv", () => {
  it("lists runs and lines in the contract's shape, pages with cursors, and the CSV holds exactly what the lines API answers for the same filters", async () => {
    const w = await makeReconWorld();
    await w.move("erp", "A", "WH", 10);
    await w.move("wms", "A", "WH", 8);
    await w.move("erp", "B", "WH", 4);
    await w.move("wms", "B", "WH", 4);
    await w.move("erp", "C", "WH", 1);
    await w.move("wms", "C", "WH", 5);
    await w.move("pos", "C", "ST", 2);
    await settleTargets();
    await w.expose("A", 3);
    await w.expose("B", 4);
    const started = await call(startRoute, { url: "/api/v1/reconciliations", method: "POST", token: tokens.admin, body: { scope: { skus: w.skus } } });
    await executeRun(started.body.id, { log: logger });
    const id = String(started.body.id);

    const list = await call(listRoute, { url: "/api/v1/reconciliations?limit=1", token: tokens.executive });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(ZRun.strict().parse(list.body.items[0])).toMatchObject({ id: Number(id), status: "done", progress: 1 });
    expect(list.body.nextCursor).toEqual(expect.any(String));

    const detail = ZRunDetail.strict().parse((await call(getRoute, { url: `/api/v1/reconciliations/${id}`, token: tokens.executive, params: { id } })).body);
    // A@WH erp 10 / wms 8 (2), C@WH erp 1 / wms 5 (4), A on web target 8 / exposed 3 (5); B@WH, C@ST, B on web match
    expect(detail.totals).toEqual({ lines: 6, match: 3, withinTolerance: 0, variance: 3, varianceUnits: 11, newVariances: 3, persistent: 0 });
    expect(Object.keys(detail.byLocation).sort()).toEqual([w.code("ST"), w.code("WH")]);
    expect(Object.keys(detail.byChannel)).toEqual([w.code("web")]);

    // every page of 2, following nextCursor, gives the whole list once, worst first
    const all: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(linesRoute, { url: `/api/v1/reconciliations/${id}/lines?limit=2${cursor ? `&cursor=${cursor}` : ""}`, token: tokens.executive, params: { id } });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(6);
    for (const l of all) ZLine.strict().parse(l);
    expect(all.map((l) => l.status)).toEqual(["variance", "variance", "variance", "match", "match", "match"]);
    expect(all.map((l) => l.spread)).toEqual([5, 4, 2, 0, 0, 0]);

    for (const filters of ["", "status=variance", "kind=location", `location=${w.code("WH")}`, `channel=${w.code("web")}`, `sku=${w.code("C")}`, "minRuns=1", "status=match&kind=channel"]) {
      const api = await call(linesRoute, { url: `/api/v1/reconciliations/${id}/lines?limit=500&${filters}`, token: tokens.ops, params: { id } });
      const csv = await call(csvRoute, { url: `/api/v1/reconciliations/${id}/lines.csv?${filters}`, token: tokens.ops, params: { id } });
      expect(csv.status).toBe(200);
      expect(csv.headers.get("content-type")).toContain("text/csv");
      const rows = parseCsv(csv.text);
      expect(rows.length, filters).toBe(api.body.items.length);
      rows.forEach((r, i) => {
        const l = api.body.items[i];
        expect({ kind: r.kind, sku: r.sku, location: r.location || undefined, channel: r.channel || undefined, status: r.status, spread: Number(r.spread), runs: Number(r.runs) }, filters).toEqual({
          kind: l.kind,
          sku: l.sku,
          location: l.location,
          channel: l.channel,
          status: l.status,
          spread: l.spread,
          runs: l.runs,
        });
        if (l.kind === "location") {
          expect(Number(r.book)).toBe(l.book);
          for (const [system, onHand] of Object.entries(l.systems as Record<string, number>)) expect(Number(r[`system:${system}`])).toBe(onHand);
        } else expect([Number(r.target), Number(r.exposed)]).toEqual([l.target, l.exposed]);
      });
    }
    expect((await call(linesRoute, { url: `/api/v1/reconciliations/${id}/lines?status=sideways`, token: tokens.ops, params: { id } })).status).toBe(400);
    expect((await call(linesRoute, { url: `/api/v1/reconciliations/${id}/lines?cursor=nonsense`, token: tokens.ops, params: { id } })).status).toBe(400);
    expect((await call(linesRoute, { url: `/api/v1/reconciliations/${id}/lines?limit=100000`, token: tokens.ops, params: { id } })).status).toBe(200);
    expect((await call(getRoute, { url: "/api/v1/reconciliations/999999", token: tokens.ops, params: { id: "999999" } })).status).toBe(404);
    expect((await call(linesRoute, { url: "/api/v1/reconciliations/abc/lines", token: tokens.ops, params: { id: "abc" } })).status).toBe(404);
    expect((await call(listRoute, { url: "/api/v1/reconciliations", token: connectorKey })).status).toBe(403);
  });
});

describe("GET and PUT /api/v1/settings/reconciliation", () => {
  it("reads the tolerances (defaults 0 and 0) for anyone signed in, changes them for admins only, audited", async () => {
    expect((await call(getSettingsRoute, { url: "/api/v1/settings/reconciliation", token: tokens.executive })).body).toEqual({ toleranceUnits: 0, tolerancePercent: 0 });
    expect((await call(putSettingsRoute, { url: "/api/v1/settings/reconciliation", method: "PUT", token: tokens.ops, body: { toleranceUnits: 3 } })).status).toBe(403);
    const put = await call(putSettingsRoute, { url: "/api/v1/settings/reconciliation", method: "PUT", token: tokens.admin, body: { toleranceUnits: 3, tolerancePercent: 2.5 } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ toleranceUnits: 3, tolerancePercent: 2.5 });
    expect((await call(putSettingsRoute, { url: "/api/v1/settings/reconciliation", method: "PUT", token: tokens.admin, body: { tolerancePercent: 1 } })).body).toEqual({ toleranceUnits: 3, tolerancePercent: 1 });
    for (const body of [{ toleranceUnits: -1 }, { tolerancePercent: 101 }, { toleranceUnits: 1.5 }, {}, { toleranceUnits: "2" }]) {
      expect((await call(putSettingsRoute, { url: "/api/v1/settings/reconciliation", method: "PUT", token: tokens.admin, body })).status, JSON.stringify(body)).toBe(400);
    }
    expect(await db.auditLog.count({ where: { action: "reconciliation.settings" } })).toBe(2);
    await call(putSettingsRoute, { url: "/api/v1/settings/reconciliation", method: "PUT", token: tokens.admin, body: { toleranceUnits: 0, tolerancePercent: 0 } });
  });
});

describe("the schedule", () => {
  it("starts runs by itself on a test cron of every 2 seconds, one pending schedule job however often it is ensured", async () => {
    const runner = await startJobRunner({ log: logger, connectionString: process.env.DATABASE_URL!, tasks: reconciliationTasks(logger), pollIntervalMs: 200 });
    try {
      const since = new Date();
      await ensureSchedule("*/2 * * * * *");
      await ensureSchedule("*/2 * * * * *");
      const jobs = await db.$queryRaw<{ n: number }[]>`select count(*)::int as n from graphile_worker._private_jobs where key = ${SCHEDULE_JOB_KEY}`;
      expect(jobs[0]!.n).toBe(1);
      const runs = await waitFor(async () => {
        const done = await db.reconciliationRun.findMany({ where: { trigger: "schedule", status: "done", startedAt: { gte: since } }, orderBy: { id: "asc" } });
        return done.length >= 2 ? done : undefined;
      }, 30_000);
      expect(runs[0]!.startedBy).toBeNull();
      expect(runs[1]!.startedAt.getTime()).toBeGreaterThan(runs[0]!.startedAt.getTime());
    } finally {
      // back to a nightly schedule, so nothing fires after the test
      await ensureSchedule("0 2 * * *");
      await runner.stop();
    }
  });
});
