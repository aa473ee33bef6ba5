import { beforeAll, describe, expect, it } from "vitest";
import type { TConnectorPrincipal, TUserPrincipal } from "@/server/auth/principal";
import { db } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import { upsertMasterData } from "@/server/master-data/upsert";
import { availabilityEtag, listAvailability, matchesIfNoneMatch } from "./availability";
import { ZAvailabilityQuery } from "./availability.types";

const user: TUserPrincipal = { kind: "user", via: "token", user: { id: "u", email: "ops@example.test", name: "Ops", role: "ops" } };
let shopConnector: TConnectorPrincipal;
let anyConnector: TConnectorPrincipal;

const q = (raw: Record<string, string> = {}) => ZAvailabilityQuery.parse(raw);

beforeAll(async () => {
  await upsertMasterData(
    {
      skus: Array.from({ length: 5 }, (_, i) => ({ code: `A-${i + 1}` })),
      locations: [{ code: "E", kind: "warehouse" }],
      channels: [
        { code: "shop", kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: ["E"] },
        { code: "amz", kind: "amazon", freshnessSloSeconds: 900, eligibleLocations: ["E"] },
      ],
      connectors: [
        { code: "shop-conn", kind: "channel", channel: "shop" },
        { code: "lister", kind: "channel" },
      ],
    },
    "setup",
  );
  const skus = await db.sku.findMany({ orderBy: { id: "asc" } });
  const channels = await db.channel.findMany({ orderBy: { id: "asc" } });
  const old = new Date("2026-01-01T00:00:00Z");
  await db.channelPosition.createMany({
    data: skus.flatMap((s, i) => channels.map((c) => ({ skuId: s.id, channelId: c.id, target: 10 * (i + 1), targetUpdatedAt: old, exposed: c.code === "shop" ? 10 * (i + 1) + 2 : null, exposedAt: c.code === "shop" ? old : null }))),
  });
  await db.channelPosition.update({ where: { skuId_channelId: { skuId: skus[2]!.id, channelId: channels[1]!.id } }, data: { target: 7, targetUpdatedAt: new Date("2026-06-01T00:00:00Z") } });
  const connectors = await db.connector.findMany();
  const principal = (code: string): TConnectorPrincipal => {
    const c = connectors.find((x) => x.code === code)!;
    return { kind: "connector", connector: { id: c.id, code: c.code, kind: c.kind, channelId: c.channelId, rateLimitPerSecond: c.rateLimitPerSecond } };
  };
  shopConnector = principal("shop-conn");
  anyConnector = principal("lister");
});

describe("GET /api/v1/availability (domain)", () => {
  it("pages every SKU × channel in a stable order with drift = exposed − target", async () => {
    const first = await listAvailability(user, q({ limit: "4" }));
    expect(first.items).toHaveLength(4);
    expect(first.items[0]).toEqual({ sku: "A-1", channel: "shop", target: 10, exposed: 12, exposedAt: "2026-01-01T00:00:00.000Z", drift: 2 });
    expect(first.items[1]).toEqual({ sku: "A-1", channel: "amz", target: 10, exposed: null, exposedAt: null, drift: null });
    const seen = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await listAvailability(user, q({ limit: "4", cursor }));
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen.map((i) => `${i.sku}/${i.channel}`)).size).toBe(10);
  });

  it("filters by channel, SKU and since; unknown codes give an empty page", async () => {
    expect((await listAvailability(user, q({ channel: "amz" }))).items.map((i) => i.channel)).toEqual(Array(5).fill("amz"));
    expect((await listAvailability(user, q({ sku: "A-3" }))).items.map((i) => [i.channel, i.target])).toEqual([
      ["shop", 30],
      ["amz", 7],
    ]);
    expect((await listAvailability(user, q({ since: "2026-05-01T00:00:00Z" }))).items).toEqual([{ sku: "A-3", channel: "amz", target: 7, exposed: null, exposedAt: null, drift: null }]);
    expect((await listAvailability(user, q({ sku: "NOPE" }))).items).toEqual([]);
    expect((await listAvailability(user, q({ channel: "nope" }))).items).toEqual([]);
  });

  it("a connector that names a channel reads that channel only", async () => {
    const own = await listAvailability(shopConnector, q());
    expect(own.items.map((i) => i.channel)).toEqual(Array(5).fill("shop"));
    expect((await listAvailability(shopConnector, q({ channel: "shop" }))).items).toHaveLength(5);
    const denied = await listAvailability(shopConnector, q({ channel: "amz" })).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AppError);
    expect((denied as AppError).status).toBe(403);
    expect((await listAvailability(anyConnector, q({ channel: "amz" }))).items).toHaveLength(5);
  });

  it("clamps limit, refuses bad queries and cursors", async () => {
    expect(q({ limit: "100000" }).limit).toBe(500);
    expect(q({ limit: "0" }).limit).toBe(1);
    expect(q().limit).toBe(50);
    expect(ZAvailabilityQuery.safeParse({ limit: "ten" }).success).toBe(false);
    expect(ZAvailabilityQuery.safeParse({ since: "yesterday" }).success).toBe(false);
    expect(ZAvailabilityQuery.safeParse({ colour: "red" }).success).toBe(false);
    const bad = await listAvailability(user, q({ cursor: "garbage" })).catch((e: unknown) => e);
    expect((bad as AppError).code).toBe("invalid_query");
  });

  it("ETags are equal for equal pages and If-None-Match understands lists and weak tags", () => {
    const a = availabilityEtag('{"items":[]}');
    expect(availabilityEtag('{"items":[]}')).toBe(a);
    expect(availabilityEtag('{"items":[1]}')).not.toBe(a);
    expect(matchesIfNoneMatch(a, a)).toBe(true);
    expect(matchesIfNoneMatch(`"x", ${a.replace("W/", "")}`, a)).toBe(true);
    expect(matchesIfNoneMatch("*", a)).toBe(true);
    expect(matchesIfNoneMatch('"other"', a)).toBe(false);
    expect(matchesIfNoneMatch(null, a)).toBe(false);
  });
});
