import { beforeAll, describe, expect, it } from "vitest";
import { db, pgPool } from "@/server/db";
import { driftPage, listDrift } from "./drift-page";
import { ZDriftQuery, ZStalenessPage, ZSystemDriftPage, type TDriftFilters } from "./drift.types";
import { listStaleness } from "./staleness";
import { listSystemDrift, refreshSystemDrift, systemDriftTotals } from "./system-drift";
import { masterData, setExposure, setReported } from "./test-helpers";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

beforeAll(async () => {
  await masterData({
    connectors: [
      { code: "erp", kind: "erp", heartbeatSeconds: 300 },
      { code: "wms", kind: "wms", heartbeatSeconds: 120 },
      { code: "wms2", kind: "wms", heartbeatSeconds: 120 },
      { code: "crm", kind: "oms" },
      { code: "shop", kind: "channel", channel: "web", heartbeatSeconds: 600 },
    ],
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
      { code: "A-1", category: "Tools" },
      { code: "A-2", category: "Tools" },
      { code: "B-1", category: "Safety" },
      { code: "C-1", category: "Misc" },
    ],
  });
  await setReported("erp", "A-1", "L1", 10);
  await setReported("wms", "A-1", "L1", 7); // +3
  await setReported("erp", "A-1", "L2", 5); // no WMS book there: no row
  await setReported("erp", "A-2", "L1", 4);
  await setReported("wms", "A-2", "L1", 100, ago(3600)); // older than wms2's book
  await setReported("wms2", "A-2", "L1", 9, ago(10)); // the latest WMS book speaks: −5
  await setReported("erp", "B-1", "L2", 3);
  await setReported("wms", "B-1", "L2", 3); // 0
  await setReported("erp", "C-1", "L1", 20);
  await setReported("wms", "C-1", "L1", 25); // −5
  await setReported("crm", "C-1", "L1", 99); // not an ERP or a WMS: ignored
  await refreshSystemDrift();

  await setExposure("web", "A-1", "", 5, ago(1000));
  await setExposure("web", "A-2", "", 5, ago(400)); // web's latest: 400 s > 300 s SLO
  await setExposure("pos", "A-1", "east", 1, ago(60));
  await db.$executeRaw`update connector set last_event_at = ${ago(1000)} where code = 'erp'`;
  await db.$executeRaw`update connector set last_event_at = ${ago(10)} where code = 'wms'`;
  await db.$executeRaw`update connector set last_event_at = ${ago(500)} where code = 'shop'`;
});

const BY_DRIFT = ["A-2@L1", "C-1@L1", "A-1@L1", "B-1@L2"];
const keys = (items: { sku: string; location: string }[]) => items.map((i) => `${i.sku}@${i.location}`);

describe("system drift", () => {
  it("pairs the ERP and WMS books per SKU × location: erpOnHand − wmsOnHand, largest |drift| first", async () => {
    const page = await listSystemDrift({ limit: 50 });
    expect(keys(page.items)).toEqual(BY_DRIFT);
    expect(page.items[0]).toMatchObject({ sku: "A-2", location: "L1", erpOnHand: 4, wmsOnHand: 9, drift: -5 });
    expect(page.items[2]).toMatchObject({ sku: "A-1", location: "L1", erpOnHand: 10, wmsOnHand: 7, drift: 3 });
  });

  it("pages with a stable cursor", async () => {
    for (const limit of [1, 3]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listSystemDrift({ limit, cursor });
        seen.push(...keys(page.items));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(BY_DRIFT);
    }
  });

  it.each<[string, TDriftFilters, string[]]>([
    ["location", { location: "L2" }, ["B-1@L2"]],
    ["sku", { sku: "C-1" }, ["C-1@L1"]],
    ["q", { q: "A-" }, ["A-2@L1", "A-1@L1"]],
    ["channel: its eligible locations", { channel: "pos" }, ["B-1@L2"]],
    ["category", { category: "Safety" }, ["B-1@L2"]],
    ["sign positive: ERP above WMS", { sign: "positive" }, ["A-1@L1"]],
    ["sign negative", { sign: "negative" }, ["A-2@L1", "C-1@L1"]],
    ["minimum |drift|", { minDrift: 4 }, ["A-2@L1", "C-1@L1"]],
  ])("filters by %s", async (_name, filters, expected) => {
    expect(keys((await listSystemDrift({ ...filters, limit: 50 })).items)).toEqual(expected);
  });

  it("totals per location and answers the contract's fields", async () => {
    expect(await systemDriftTotals({})).toEqual([{ location: "L1", driftingRows: 3, erpAboveUnits: 3, wmsAboveUnits: 10 }]);
    expect(await systemDriftTotals({ sign: "positive" })).toEqual([{ location: "L1", driftingRows: 1, erpAboveUnits: 3, wmsAboveUnits: 0 }]);
    const body = ZSystemDriftPage.parse(await listDrift(ZDriftQuery.parse({ kind: "system" })));
    expect(Object.keys(body.items[0]!).sort()).toEqual(["drift", "erpOnHand", "location", "sku", "wmsOnHand"]);
    const page = await driftPage(ZDriftQuery.parse({ kind: "system", location: "L1" }));
    expect(page.kind === "system" && page.totals.map((t) => t.location)).toEqual(["L1"]);
  });

  it("follows the books: a changed book re-pairs, a book that goes away drops the row, a connector changing kind re-pairs its books", async () => {
    const drift = async () => (await listSystemDrift({ sku: "B-1", limit: 50 })).items.map((i) => i.drift);
    await setReported("wms", "B-1", "L2", 1);
    expect(await drift()).toEqual([0]); // queued, not yet refreshed
    expect(await refreshSystemDrift()).toBe(1);
    expect(await drift()).toEqual([2]);
    await db.$executeRaw`delete from reported_position where connector_id = (select id from connector where code = 'wms') and sku_id = (select id from sku where code = 'B-1')`;
    await refreshSystemDrift();
    expect(await drift()).toEqual([]);
    await setReported("crm", "B-1", "L2", 7);
    await refreshSystemDrift();
    expect(await drift()).toEqual([]);
    await db.$executeRaw`update connector set kind = 'wms' where code = 'crm'`;
    await refreshSystemDrift();
    expect(await drift()).toEqual([-4]);
    expect(await refreshSystemDrift()).toBe(0);
  });

  it("never pairs a book another transaction has not committed yet: its queued pair waits for it", async () => {
    await refreshSystemDrift();
    const writer = await pgPool().connect();
    try {
      await writer.query("begin");
      await writer.query(`update reported_position set on_hand = 50, updated_at = now()
        where connector_id = (select id from connector where code = 'erp') and sku_id = (select id from sku where code = 'A-1') and location_id = (select id from location where code = 'L1')`);
      // The uncommitted write holds its queue row: the refresh skips it rather than pair the old book.
      expect(await refreshSystemDrift()).toBe(0);
      await writer.query("commit");
    } finally {
      writer.release();
    }
    expect(await refreshSystemDrift()).toBe(1);
    expect((await listSystemDrift({ sku: "A-1", limit: 50 })).items).toMatchObject([{ location: "L1", erpOnHand: 50, wmsOnHand: 7, drift: 43 }]);
  });
});

describe("staleness", () => {
  it("rates each channel (latest exposure by occurredAt) and connector (last event received) against its SLO, stale first", async () => {
    const page = await listStaleness({ limit: 50 }, db, NOW);
    expect(page.items.map((r) => r.channel ?? r.connector)).toEqual(["erp", "web", "shop", "pos", "wms", "mkt", "crm", "wms2"]);
    const web = page.items.find((r) => r.channel === "web")!;
    expect(web).toEqual({ kind: "channel", channel: "web", connector: null, lastUpdateAt: ago(400).toISOString(), staleSeconds: 400, sloSeconds: 300, isStale: true });
    expect(page.items.find((r) => r.channel === "pos")).toMatchObject({ staleSeconds: 60, sloSeconds: 120, isStale: false });
    expect(page.items.find((r) => r.connector === "erp")).toMatchObject({ channel: null, staleSeconds: 1000, sloSeconds: 300, isStale: true });
    expect(page.items.find((r) => r.connector === "wms")).toMatchObject({ staleSeconds: 10, sloSeconds: 120, isStale: false });
  });

  it("never calls a feed that never reported stale", async () => {
    const page = await listStaleness({ limit: 50 }, db, NOW);
    expect(page.items.find((r) => r.channel === "mkt")).toEqual({ kind: "channel", channel: "mkt", connector: null, lastUpdateAt: null, staleSeconds: null, sloSeconds: 600, isStale: false });
    expect(page.items.find((r) => r.connector === "crm")).toMatchObject({ lastUpdateAt: null, isStale: false, sloSeconds: 300 });
  });

  it("filters by channel (the channel and the connectors that name it) and pages", async () => {
    const web = await listStaleness({ channel: "web", limit: 50 }, db, NOW);
    expect(web.items.map((r) => r.channel ?? r.connector)).toEqual(["web", "shop"]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listStaleness({ limit: 3, cursor }, db, NOW);
      seen.push(...page.items.map((r) => (r.channel ?? r.connector)!));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["erp", "web", "shop", "pos", "wms", "mkt", "crm", "wms2"]);
    const body = ZStalenessPage.parse(await listDrift(ZDriftQuery.parse({ kind: "staleness" })));
    expect(Object.keys(body.items[0]!).sort()).toEqual(["channel", "connector", "isStale", "lastUpdateAt", "sloSeconds", "staleSeconds"]);
  });
});
