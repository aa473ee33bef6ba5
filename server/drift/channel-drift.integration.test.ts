import { Prisma } from "@prisma/client";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { aggregateChannelTotals, channelDriftSql, channelDriftTotals, listChannelDrift } from "./channel-drift";
import { drainChannelDrift } from "./channel-mirror";
import { compactChannelTotals, storedChannelTotals } from "./channel-totals";
import { driftFilterOptions, driftOverview, driftPage, listDrift } from "./drift-page";
import { ZChannelDriftPage, ZDriftQuery, type TDriftFilters } from "./drift.types";
import { masterData, setChannelPosition } from "./test-helpers";

// exposed − target per SKU × channel; `null` exposed = the channel never reported (no drift row).
const POSITIONS: [string, string, number, number | null][] = [
  ["A-1", "web", 10, 15], // +5
  ["A-1", "pos", 4, 1], // −3
  ["A-1", "mkt", 0, null],
  ["A-2", "web", 5, 0], // −5
  ["A-2", "mkt", 2, 7], // +5
  ["B-1", "web", 3, 3], // 0
  ["B-1", "pos", 8, 0], // −8
  ["B_X", "mkt", 1, 2], // +1
  ["C-1", "pos", 0, 5], // +5
];

// Largest |drift| first; equal |drift| by SKU code (C collation: "-" < "_"), then channel code.
const BY_DRIFT = ["B-1/pos", "A-1/web", "A-2/mkt", "A-2/web", "C-1/pos", "A-1/pos", "B_X/mkt", "B-1/web"];

const keys = (items: { sku: string; channel: string }[]) => items.map((i) => `${i.sku}/${i.channel}`);
const list = (f: TDriftFilters & { sort?: "drift" | "risk"; limit?: number; cursor?: string } = {}) =>
  listChannelDrift({ sort: "drift", limit: 50, ...f });

beforeAll(async () => {
  await masterData({
    connectors: [{ code: "shop", kind: "channel" }],
    locations: [
      { code: "L1", kind: "warehouse" },
      { code: "L2", kind: "store" },
    ],
    channels: [
      { code: "web", kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: ["L1"] },
      { code: "pos", kind: "pos", freshnessSloSeconds: 120, eligibleLocations: ["L2"] },
      { code: "mkt", kind: "marketplace", freshnessSloSeconds: 600, eligibleLocations: ["L1", "L2"] },
    ],
    skus: [
      { code: "A-1", category: "Tools", upc: "111111110001", aliases: ["shop:900"], name: "Hammer" },
      { code: "A-2", category: "Tools" },
      { code: "B-1", category: "Safety", upc: "222222220001" },
      { code: "B_X", category: "Misc" },
      { code: "C-1", category: "Misc" },
    ],
  });
  for (const [sku, channel, target, exposed] of POSITIONS) await setChannelPosition(sku, channel, { target, exposed });
});

describe("channel drift", () => {
  it("is exposed − target, only where the channel reported, largest |drift| first with ties by SKU then channel", async () => {
    const page = await list();
    expect(keys(page.items)).toEqual(BY_DRIFT);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toMatchObject({ sku: "B-1", channel: "pos", target: 8, exposed: 0, drift: -8, skuName: null });
    expect(page.items[1]).toMatchObject({ sku: "A-1", channel: "web", target: 10, exposed: 15, drift: 5, skuName: "Hammer" });
    expect(page.items[1]!.exposedAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
  });

  it("pages with a stable cursor whatever the page size, including inside ties and inside one SKU", async () => {
    for (const limit of [1, 2, 3, 4]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...keys(page.items));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(BY_DRIFT);
    }
  });

  it("sorts by units at risk: oversell first, lost sales last", async () => {
    const page = await list({ sort: "risk" });
    expect(keys(page.items)).toEqual(["A-1/web", "A-2/mkt", "C-1/pos", "B_X/mkt", "B-1/web", "A-1/pos", "A-2/web", "B-1/pos"]);
    const first = await list({ sort: "risk", limit: 2 });
    const second = await list({ sort: "risk", limit: 2, cursor: first.nextCursor! });
    expect(keys(second.items)).toEqual(["C-1/pos", "B_X/mkt"]);
  });

  it.each<[string, TDriftFilters, string[]]>([
    ["sku: exact code", { sku: "A-2" }, ["A-2/mkt", "A-2/web"]],
    ["sku: no prefix match", { sku: "A" }, []],
    ["q: code prefix", { q: "A-" }, ["A-1/web", "A-2/mkt", "A-2/web", "A-1/pos"]],
    ["q: UPC prefix", { q: "2222" }, ["B-1/pos", "B-1/web"]],
    ["q: alias prefix", { q: "shop:9" }, ["A-1/web", "A-1/pos"]],
    ["q: LIKE wildcards match literally", { q: "B_" }, ["B_X/mkt"]],
    ["channel", { channel: "pos" }, ["B-1/pos", "C-1/pos", "A-1/pos"]],
    ["location: channels selling from it", { location: "L2" }, ["B-1/pos", "A-2/mkt", "C-1/pos", "A-1/pos", "B_X/mkt"]],
    ["category", { category: "Safety" }, ["B-1/pos", "B-1/web"]],
    ["sign positive: oversell risk", { sign: "positive" }, ["A-1/web", "A-2/mkt", "C-1/pos", "B_X/mkt"]],
    ["sign negative: lost sales", { sign: "negative" }, ["B-1/pos", "A-2/web", "A-1/pos"]],
    ["minimum |drift|", { minDrift: 5 }, ["B-1/pos", "A-1/web", "A-2/mkt", "A-2/web", "C-1/pos"]],
    ["filters combine", { channel: "web", sign: "negative", category: "Tools" }, ["A-2/web"]],
    ["unknown channel", { channel: "nope" }, []],
  ])("filters by %s", async (_name, filters, expected) => {
    expect(keys((await list(filters)).items)).toEqual(expected);
  });

  it("ranks the drift worker's copy of channel_position, SKU renames made in SQL included", async () => {
    await masterData({ skus: [{ code: "Z-9" }] });
    await setChannelPosition("Z-9", "web", { target: 0, exposed: 1 });
    await db.$executeRaw`update sku set code = 'Z-10' where code = 'Z-9'`;
    const rows = await db.$queryRaw<{ sku_code: string }[]>`select sku_code from channel_drift where sku_id = (select id from sku where code = 'Z-10')`;
    expect(rows).toEqual([{ sku_code: "Z-10" }]);
    await db.$executeRaw`delete from channel_position where sku_id = (select id from sku where code = 'Z-10')`;
    expect(await list({ q: "Z-1" })).toMatchObject({ items: [{ sku: "Z-10" }] });
    expect(await drainChannelDrift()).toBe(1);
    expect(await list({ q: "Z-1" })).toMatchObject({ items: [] });
  });

  it("totals the drifting rows per channel under the same filters", async () => {
    expect(await channelDriftTotals({})).toEqual([
      { channel: "mkt", driftingRows: 2, oversellRows: 2, oversellUnits: 6, lostRows: 0, lostUnits: 0 },
      { channel: "pos", driftingRows: 3, oversellRows: 1, oversellUnits: 5, lostRows: 2, lostUnits: 11 },
      { channel: "web", driftingRows: 2, oversellRows: 1, oversellUnits: 5, lostRows: 1, lostUnits: 5 },
    ]);
    expect(await channelDriftTotals({ category: "Tools" })).toEqual([
      { channel: "mkt", driftingRows: 1, oversellRows: 1, oversellUnits: 5, lostRows: 0, lostUnits: 0 },
      { channel: "pos", driftingRows: 1, oversellRows: 0, oversellUnits: 0, lostRows: 1, lostUnits: 3 },
      { channel: "web", driftingRows: 2, oversellRows: 1, oversellUnits: 5, lostRows: 1, lostUnits: 5 },
    ]);
    expect(await channelDriftTotals({ sign: "negative", channel: "pos" })).toEqual([{ channel: "pos", driftingRows: 2, oversellRows: 0, oversellUnits: 0, lostRows: 2, lostUnits: 11 }]);
  });

  it("keeps stored totals equal to the aggregate through inserts, updates, upserts, deletes and compaction", async () => {
    const filters: TDriftFilters[] = [{}, { channel: "pos" }, { location: "L2" }, { sign: "positive" }, { sign: "negative", location: "L1" }];
    // After the drift worker's copy: the copy is channel_position's rows with an exposure, and the totals agree with it.
    const same = async () => {
      await drainChannelDrift();
      const copy = await db.$queryRaw<unknown[]>`select sku_id, channel_id, sku_code, target, exposed, exposed_at from channel_drift order by 1, 2`;
      const source = await db.$queryRaw<unknown[]>`
        select cp.sku_id, cp.channel_id, s.code as sku_code, cp.target, cp.exposed, cp.exposed_at
        from channel_position cp join sku s on s.id = cp.sku_id where cp.exposed is not null order by 1, 2`;
      expect(copy).toEqual(source);
      for (const f of filters) expect(await storedChannelTotals(f), JSON.stringify(f)).toEqual(await aggregateChannelTotals(f));
    };
    await same();
    await masterData({ skus: [{ code: "T-1" }, { code: "T-2" }] });
    await setChannelPosition("T-1", "web", { target: 5, exposed: 9 });
    await setChannelPosition("T-2", "pos", { target: 5, exposed: null });
    await same();
    await db.$executeRaw`update channel_position set target = target + 2 where sku_id in (select id from sku where code in ('T-1', 'T-2', 'A-1'))`;
    await setChannelPosition("T-2", "pos", { target: 5, exposed: 1 });
    await same();
    expect(await compactChannelTotals()).toBeGreaterThan(0);
    expect(await compactChannelTotals()).toBe(0);
    await same();
    await db.$executeRaw`update channel_position set exposed = null where sku_id = (select id from sku where code = 'T-1')`;
    await db.$executeRaw`delete from channel_position where sku_id = (select id from sku where code = 'T-2')`;
    await same();
    await db.$executeRaw`update channel_position set target = target - 2 where sku_id = (select id from sku where code = 'A-1')`;
    await db.$executeRaw`delete from channel_position where sku_id = (select id from sku where code = 'T-1')`;
    await compactChannelTotals();
    await same();
  });

  it("serves the page's data call: rows, totals and a heat map of the worst SKUs", async () => {
    const page = await driftPage(ZDriftQuery.parse({ kind: "channel" }));
    if (page.kind !== "channel") throw new Error("expected the channel view");
    expect(keys(page.page.items)).toEqual(BY_DRIFT);
    expect(page.totals.map((t) => t.channel)).toEqual(["mkt", "pos", "web"]);
    expect(page.heatmap.rows.map((r) => r.sku)).toEqual(["B-1", "A-1", "A-2", "C-1", "B_X"]);
    expect(page.heatmap.channels).toEqual(["mkt", "pos", "web"]);
    expect(page.pendingSkus).toBe(0);
    expect(page.heatmap.rows[1]!.cells).toEqual([
      { channel: "mkt", target: 0, exposed: null, drift: null },
      { channel: "pos", target: 4, exposed: 1, drift: -3 },
      { channel: "web", target: 10, exposed: 15, drift: 5 },
    ]);
  });

  it("says how many SKUs the drift worker has yet to copy (the explorer's catching-up notice)", async () => {
    // A statement touching five SKUs' positions, twice: five SKUs pending, however many marks.
    await db.$executeRaw`update channel_position set exposed = exposed where sku_id in (select id from sku where code in ('A-1', 'A-2', 'B-1', 'B_X', 'C-1'))`;
    await db.$executeRaw`update channel_position set exposed = exposed where sku_id in (select id from sku where code in ('A-1', 'A-2', 'B-1', 'B_X', 'C-1'))`;
    const page = await driftPage(ZDriftQuery.parse({ kind: "channel" }));
    expect(page).toMatchObject({ kind: "channel", pendingSkus: 5 });
    expect(await drainChannelDrift()).toBe(10);
    expect(await driftPage(ZDriftQuery.parse({ kind: "channel" }))).toMatchObject({ pendingSkus: 0 });
  });

  it("answers the REST contract's exact fields", async () => {
    const body = ZChannelDriftPage.parse(await listDrift(ZDriftQuery.parse({ limit: "1" })));
    expect(Object.keys(body.items[0]!).sort()).toEqual(["channel", "drift", "exposed", "exposedAt", "sku", "target"]);
    expect(body.nextCursor).toEqual(expect.any(String));
  });

  it("refuses a cursor that is not one, or one from another sort", async () => {
    await expect(list({ cursor: "garbage" })).rejects.toMatchObject({ code: "invalid_query" });
    const risk = await list({ sort: "risk", limit: 1 });
    await expect(list({ sort: "drift", cursor: risk.nextCursor! })).rejects.toMatchObject({ code: "invalid_query" });
  });

  it("feeds the overview and the filter options", async () => {
    const overview = await driftOverview();
    expect(keys(overview.worst)).toEqual(BY_DRIFT.slice(0, 5));
    const options = await driftFilterOptions();
    expect(options.categories).toEqual(["Misc", "Safety", "Tools"]);
    expect(options.channels.map((c) => c.code)).toEqual(["mkt", "pos", "web"]);
  });

  it("ranks through the expression indexes (no sort of the whole table)", async () => {
    const plan = async (sql: Prisma.Sql) =>
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("set local enable_seqscan = off");
        const rows = await tx.$queryRaw<{ "QUERY PLAN": unknown }[]>(Prisma.sql`explain (format json) ${sql}`);
        return JSON.stringify(rows[0]!["QUERY PLAN"]);
      });
    const first = await list({ limit: 2 });
    expect(await plan(channelDriftSql({ sort: "drift", limit: 50 }))).toContain("channel_drift_rank_idx");
    const cursorPlan = await plan(channelDriftSql({ sort: "drift", limit: 50, cursor: first.nextCursor! }));
    expect(cursorPlan).toContain("channel_drift_rank_idx");
    expect(cursorPlan).toMatch(/"Index Cond":[^}]*sku_code/);
    expect(await plan(channelDriftSql({ sort: "risk", limit: 50, minDrift: 2 }))).toContain("channel_drift_risk_idx");
  });
});
