// Check 12: a connector over its rate limit gets 429 with Retry-After; the others are unaffected.
import { describe, expect, it } from "vitest";
import { createWorld, postEvents, putMasterData, shopifyHeaders, call } from "./lib/api";
import { sql } from "./lib/db";
import { figure, sharedServer } from "./lib/servers";

const server = sharedServer();

describe("check 12: per-connector rate limit", () => {
  it("answers 429 with Retry-After to the connector over its limit, stores nothing of those requests, and serves the others", async () => {
    const w = await createWorld(server.baseUrl, server.token, { rateLimitPerSecond: 5 });
    const event = (tag: string, i: number) => ({ eventId: `${w.prefix}-${tag}-${i}`, type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 1, occurredAt: new Date(Date.now() - 1000).toISOString() });
    // the limited connector bursts 60 requests at once while the default-limit one (100/s) sends 30,
    // five at a time (a burst of its own past the ingest concurrency gate would be shed with 503)
    const calm = async () => {
      const out: Awaited<ReturnType<typeof postEvents>>[] = [];
      for (let wave = 0; wave < 6; wave++) out.push(...(await Promise.all(Array.from({ length: 5 }, (_, i) => postEvents(server.baseUrl, w.key("erp"), [event("calm", wave * 5 + i)])))));
      return out;
    };
    const [limited, other] = await Promise.all([Promise.all(Array.from({ length: 60 }, (_, i) => postEvents(server.baseUrl, w.key("wms"), [event("fast", i)]))), calm()]);
    const ok = limited.filter((r) => r.status === 200);
    const throttled = limited.filter((r) => r.status === 429);
    expect(ok.length + throttled.length).toBe(60);
    expect(ok.length).toBeGreaterThanOrEqual(5);
    expect(ok.length).toBeLessThanOrEqual(10);
    for (const r of throttled) {
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((r.json as unknown as { error: { code: string } }).error.code).toBe("rate_limited");
    }
    expect(other.map((r) => r.status).filter((s) => s !== 200), "the other connector").toEqual([]);

    // exactly the acknowledged requests were stored: a 429 stores nothing
    const [stored] = await sql<{ fast: number; calm: number }>(
      server.pgUrl,
      `select count(*) filter (where event_id like $1)::int as fast, count(*) filter (where event_id like $2)::int as calm from event`,
      [`${w.prefix}-fast-%`, `${w.prefix}-calm-%`],
    );
    expect(stored).toEqual({ fast: ok.length, calm: 30 });

    // waiting Retry-After is enough to be let in again
    const wait = Math.max(...throttled.map((r) => Number(r.headers.get("retry-after"))));
    await new Promise((r) => setTimeout(r, wait * 1000));
    expect((await postEvents(server.baseUrl, w.key("wms"), [event("after", 0)])).status).toBe(200);

    // the Shopify webhook path shares its connector's limit
    await putMasterData(server.baseUrl, server.token, { connectors: [{ code: w.code("shopify"), kind: "channel", channel: w.code("web"), rateLimitPerSecond: 2 }] });
    const hooks = await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const body = JSON.stringify({ inventory_item_id: w.code("shopify-item"), location_id: w.code("shopify-loc"), available: i, updated_at: new Date().toISOString() });
        return call(server.baseUrl, `/api/v1/webhooks/shopify/${w.code("shopify")}`, { method: "POST", headers: shopifyHeaders("inventory_levels/update", `${w.prefix}-rl-${i}`, body), body });
      }),
    );
    const hook429 = hooks.filter((r) => r.status === 429);
    expect(hook429.length).toBeGreaterThan(0);
    expect(hook429.every((r) => Number(r.headers.get("retry-after")) >= 1)).toBe(true);
    figure(12, `limit 5/s: 60 concurrent requests → ${ok.length}×200 + ${throttled.length}×429 (Retry-After ${wait} s), stored exactly the ${ok.length} acknowledged; the other connector 30/30×200 meanwhile; let in again after Retry-After; Shopify at 2/s: 12 webhooks → ${hooks.length - hook429.length}×200 + ${hook429.length}×429`);
  });
});
