// Everything through PgBouncer in transaction mode: what would break if anything leaned on a
// session. Start-up migrations (three processes at once), a publish (its second connection reads
// in the first one's exported snapshot), and a replay planned on a web replica and applied chunk by
// chunk by the worker, each chunk in its own transaction under a transaction-scoped lock.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bearer, call, createWorld, postEvents, putMasterData, waitFor } from "../resilience/lib/api";
import { book, sql } from "../resilience/lib/db";
import { restoreTopology, topology } from "./lib/topology";

const t = topology();
const json = (token: string, body: unknown) => ({ method: "POST", headers: { ...bearer(token), "content-type": "application/json" }, body: JSON.stringify(body) });

describe("through PgBouncer in transaction mode", () => {
  it("is what the deployment runs on, and the three processes that started at once migrated once", async () => {
    await restoreTopology();
    const config = await sql<{ key: string; value: string }>(t.bouncerAdmin, "show config");
    expect(config.find((c) => c.key === "pool_mode")?.value).toBe("transaction");
    expect(t.pooled).toContain(`:${new URL(t.bouncerAdmin).port}/`);
    // the web replicas' and the worker's pools are PgBouncer's clients
    const pools = await sql<{ database: string; cl_active: string; pool_mode: string }>(t.bouncerAdmin, "show pools");
    const app = pools.find((p) => p.database === "sightline")!;
    expect(app.pool_mode).toBe("transaction");
    expect(Number(app.cl_active)).toBeGreaterThan(0);

    const folders = readdirSync("prisma/migrations").filter((d) => /^\d{14}_/.test(d));
    const [migrations] = await sql<{ rows: number; names: number; unfinished: number }>(
      t.primaryAdmin,
      `select count(*)::int as rows, count(distinct migration_name)::int as names, count(*) filter (where finished_at is null)::int as unfinished from "_prisma_migrations"`,
    );
    expect(migrations).toEqual({ rows: folders.length, names: folders.length, unfinished: 0 });
  });

  it("publishes a policy (a second pooled connection reads in the first one's exported snapshot)", async () => {
    const w = await createWorld(t.url, t.token, { rateLimitPerSecond: 1_000 });
    const at = new Date(Date.now() - 60_000).toISOString();
    expect((await postEvents(t.url, w.key("wms"), [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 30, occurredAt: at }])).status).toBe(200);
    const draft = await call<{ id: string }>(t.url, "/api/v1/policies/drafts", json(t.token, { note: "topology", rules: [{ kind: "safety_buffer", scope: { channel: w.code("web") }, units: 4 }] }));
    expect(draft.status).toBe(201);
    const published = await call<{ version: number }>(t.url, `/api/v1/policies/drafts/${draft.json.id}/publish`, json(t.token, { reason: "through PgBouncer" }));
    expect(published.status, published.text).toBe(200);
    const [target] = await sql<{ target: number }>(
      t.primaryAdmin,
      `select p.target from channel_position p join sku s on s.id = p.sku_id join channel c on c.id = p.channel_id where s.code = $1 and c.code = $2`,
      [w.code("A"), w.code("web")],
    );
    expect(target?.target).toBe(26);
  });

  it("plans a replay on a web replica and has the worker apply it chunk by chunk, once", async () => {
    const w = await createWorld(t.url, t.token, { rateLimitPerSecond: 1_000 });
    const late = `${w.prefix}-LATE`;
    const at = new Date(Date.now() - 60_000).toISOString();
    const events = Array.from({ length: 120 }, () => ({ eventId: w.nextId(), type: "receipt.posted", sku: late, location: w.code("WH"), quantity: 2, occurredAt: at }));
    expect((await postEvents(t.url, w.key("wms"), events)).json.rejected).toBe(120);
    await putMasterData(t.url, t.token, { skus: [{ code: late }] });
    const plan = await call<{ id: string; events: number; wouldApply: number }>(t.url, "/api/v1/replays", json(t.token, { selector: { connector: w.code("wms"), status: "rejected" } }));
    expect(plan.json).toMatchObject({ events: 120, wouldApply: 120 });
    // 120 events over SIGHTLINE_REPLAY_CHUNK=50 (the suite's setting): applied in the background by the worker
    const applying = await call<{ status: string }>(t.url, `/api/v1/replays/${plan.json.id}/apply`, json(t.token, { reason: "fixed the SKU" }));
    expect(applying.status).toBe(202);
    const done = await waitFor(
      async () => {
        const r = await call<{ status: string; result?: { applied: number } }>(t.url, `/api/v1/replays/${plan.json.id}`, { headers: bearer(t.token) });
        return r.json.status === "applied" ? r.json : null;
      },
      { timeoutMs: 30_000, what: "the worker to apply the plan" },
    );
    expect(done.status).toBe("applied");
    expect(await book(t.primaryAdmin, late, w.code("WH"))).toMatchObject({ onHand: 240 });
  });
});
