import { describe, expect, it } from "vitest";
import { principalForToken } from "@/server/auth/principal";
import { db } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import { listChannels, listLocations, listSkus, rotateConnectorKey } from "./queries";
import { upsertMasterData } from "./upsert";

async function expectInvalid(promise: Promise<unknown>, path: string, message: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const app = error as AppError;
  expect(app.status).toBe(400);
  expect(app.details?.map((d) => d.path)).toContain(path);
  expect(app.details?.find((d) => d.path === path)?.message).toMatch(message);
}

describe("PUT /api/v1/master-data (domain)", () => {
  it("resolves references inside one body whatever their order and returns new connector keys once", async () => {
    const result = await upsertMasterData(
      {
        // channel first, naming locations defined later; location naming a connector defined last
        channels: [{ code: "web", kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: ["W1", "W2"] }],
        locations: [
          { code: "W1", kind: "warehouse", authoritativeConnector: "wms-a", aliases: ["shop-loc:1"] },
          { code: "W2", kind: "store" },
        ],
        skus: [{ code: "S-1", upc: "012345678905", aliases: ["shopify:1"], name: "Thing", category: "Tools" }, { code: "S-2" }],
        connectors: [
          { code: "wms-a", kind: "wms" },
          { code: "shop", kind: "channel", channel: "web", webhookSecret: "whsec-123456" },
        ],
      },
      "admin@example.test",
    );
    expect(result.created).toEqual({ skus: 2, locations: 2, channels: 1, connectors: 2 });
    expect(result.updated).toEqual({ skus: 0, locations: 0, channels: 0, connectors: 0 });
    expect(Object.keys(result.connectorKeys).sort()).toEqual(["shop", "wms-a"]);
    expect(await principalForToken(result.connectorKeys["shop"]!)).toMatchObject({ kind: "connector", connector: { code: "shop" } });

    const stored = await db.connector.findUniqueOrThrow({ where: { code: "shop" } });
    expect(stored.webhookSecretEnc).not.toContain("whsec-123456");
    expect(stored.keyHash).not.toBe(result.connectorKeys["shop"]);
    expect((await listChannels())[0]!.eligibleLocations).toEqual(["W1", "W2"]);
    expect((await listLocations()).find((l) => l.code === "W1")).toMatchObject({ authoritativeConnector: "wms-a", aliases: ["shop-loc:1"] });

    // second call: updates, no keys, omitted lists untouched, omitted fields kept
    const again = await upsertMasterData({ skus: [{ code: "S-1", name: "Renamed" }], connectors: [{ code: "shop", kind: "channel" }] }, "admin@example.test");
    expect(again.created.skus).toBe(0);
    expect(again.updated).toMatchObject({ skus: 1, connectors: 1 });
    expect(again.connectorKeys).toEqual({});
    const s1 = (await listSkus({ q: "S-1", limit: 10 })).items[0]!;
    expect(s1).toMatchObject({ name: "Renamed", upc: "012345678905", category: "Tools", aliases: ["shopify:1"] });
    expect(await db.location.count()).toBe(2);
  });

  it("finds SKUs by code, UPC and alias prefixes", async () => {
    await upsertMasterData({ skus: [{ code: "FIND-1", upc: "99887766", aliases: ["legacy:ABC"] }] }, "t");
    expect((await listSkus({ q: "9988", limit: 5 })).items.map((s) => s.code)).toEqual(["FIND-1"]);
    expect((await listSkus({ q: "legacy:A", limit: 5 })).items.map((s) => s.code)).toEqual(["FIND-1"]);
  });

  it("names the item and field of every bad reference and duplicate, and writes nothing", async () => {
    await expectInvalid(upsertMasterData({ channels: [{ code: "c1", kind: "pos", freshnessSloSeconds: 60, eligibleLocations: ["NOWHERE"] }] }, "t"), "channels[0].eligibleLocations[0]", /unknown location NOWHERE/);
    await expectInvalid(upsertMasterData({ locations: [{ code: "L9", kind: "warehouse", authoritativeConnector: "ghost" }] }, "t"), "locations[0].authoritativeConnector", /unknown connector ghost/);
    await expectInvalid(upsertMasterData({ connectors: [{ code: "k1", kind: "erp", channel: "nope" }] }, "t"), "connectors[0].channel", /unknown channel nope/);
    await expectInvalid(upsertMasterData({ skus: [{ code: "D" }, { code: "D" }] }, "t"), "skus[1].code", /appears twice/);
    expect(await db.channel.count({ where: { code: "c1" } })).toBe(0);
    expect(await db.location.count({ where: { code: "L9" } })).toBe(0);
  });

  it("refuses an alias or UPC that already belongs to another SKU", async () => {
    await upsertMasterData({ skus: [{ code: "OWNER", upc: "11112222", aliases: ["ext:1"] }] }, "t");
    await expectInvalid(upsertMasterData({ skus: [{ code: "THIEF", aliases: ["ext:1"] }] }, "t"), "skus[0].aliases[0]", /already belongs to SKU OWNER/);
    await expectInvalid(upsertMasterData({ skus: [{ code: "THIEF", upc: "11112222" }] }, "t"), "skus[0].upc", /already belongs to SKU OWNER/);
    await expectInvalid(upsertMasterData({ skus: [{ code: "THIEF", aliases: ["OWNER"] }] }, "t"), "skus[0].aliases[0]", /another SKU's code/);
    // moving an alias is fine when the owner is redefined in the same body
    await upsertMasterData({ skus: [{ code: "OWNER", aliases: [] }, { code: "THIEF", aliases: ["ext:1"] }] }, "t");
    expect((await listSkus({ q: "ext:1", limit: 5 })).items.map((s) => s.code)).toEqual(["THIEF"]);
  });

  it("rotates a connector key: the old one stops working at once", async () => {
    const { connectorKeys } = await upsertMasterData({ connectors: [{ code: "rot", kind: "erp" }] }, "t");
    const rotated = await rotateConnectorKey("rot", "admin@example.test");
    expect(await principalForToken(connectorKeys["rot"]!)).toBeNull();
    expect(await principalForToken(rotated.key)).toMatchObject({ kind: "connector", connector: { code: "rot" } });
    expect(await db.auditLog.count({ where: { action: "connector.rotate_key", targetId: "rot" } })).toBe(1);
  });
});
