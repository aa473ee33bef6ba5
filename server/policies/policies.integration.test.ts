import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import { upsertMasterData } from "@/server/master-data/upsert";
import { diffVersions } from "./analyze";
import { explainSkuChannel } from "./explain";
import { previewDraft } from "./preview";
import { createDraft, getDraft, listPolicies, publishDraft, rollbackToVersion, updateDraft } from "./versions";

const BY = "merch@example.test";

async function setStock(sku: string, location: string, onHand: number, reserved = 0) {
  const [s, l] = await Promise.all([db.sku.findUniqueOrThrow({ where: { code: sku } }), db.location.findUniqueOrThrow({ where: { code: location } })]);
  await db.inventoryPosition.upsert({
    where: { skuId_locationId: { skuId: s.id, locationId: l.id } },
    create: { skuId: s.id, locationId: l.id, onHand, reserved },
    update: { onHand, reserved, rev: { increment: 1 } },
  });
}

async function targets() {
  const rows = await db.channelPosition.findMany();
  const skus = new Map((await db.sku.findMany()).map((s) => [s.id, s.code]));
  const channels = new Map((await db.channel.findMany()).map((c) => [c.id, c.code]));
  return Object.fromEntries(rows.map((r) => [`${skus.get(r.skuId)}@${channels.get(r.channelId)}`, r.target]));
}

async function expectError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

beforeAll(async () => {
  await upsertMasterData(
    {
      skus: [{ code: "P-1" }, { code: "P-2" }, { code: "P-3" }],
      locations: [
        { code: "E", kind: "warehouse" },
        { code: "W", kind: "warehouse" },
      ],
      channels: [
        { code: "web", kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: ["E", "W"] },
        { code: "mkt", kind: "amazon", freshnessSloSeconds: 900, eligibleLocations: ["E"] },
      ],
    },
    "setup",
  );
  await setStock("P-1", "E", 100, 10);
  await setStock("P-1", "W", 20);
  await setStock("P-2", "W", 5);
});

describe("policy versions against PostgreSQL", () => {
  it("starts empty, drafts copy the current version, and preview lists before → after with totals", async () => {
    expect(await listPolicies()).toEqual({ current: null, versions: [], drafts: [] });
    const draft = await createDraft({ rules: [{ kind: "safety_buffer", scope: { channel: "mkt" }, units: 15 }], note: "first" }, BY);
    expect(draft).toMatchObject({ note: "first", rules: [{ kind: "safety_buffer", scope: { channel: "mkt" }, units: 15 }] });

    const preview = await previewDraft(draft.id);
    // nothing is stored yet, so every SKU × channel with eligible stock appears with before = 0
    expect(preview.changes).toEqual([
      { sku: "P-1", channel: "web", targetBefore: 0, targetAfter: 110 },
      { sku: "P-1", channel: "mkt", targetBefore: 0, targetAfter: 75 },
      { sku: "P-2", channel: "web", targetBefore: 0, targetAfter: 5 },
    ]);
    expect(preview.totals).toEqual({ web: { changed: 2, unitsBefore: 0, unitsAfter: 115 }, mkt: { changed: 1, unitsBefore: 0, unitsAfter: 75 } });
    expect(preview).toMatchObject({ changedCount: 3, truncated: false });
    expect((await previewDraft(draft.id, { limit: 1 })).changes).toHaveLength(1);
    expect(await db.channelPosition.count()).toBe(0);

    const published = await publishDraft(draft.id, "Launch the first policy", BY);
    expect(published.version).toBe(1);
    expect(await targets()).toEqual({ "P-1@web": 110, "P-1@mkt": 75, "P-2@web": 5 });
    const list = await listPolicies();
    expect(list.current).toBe(1);
    expect(list.drafts).toEqual([]);
    expect(list.versions[0]).toMatchObject({ version: 1, reason: "Launch the first policy", by: BY, rollbackOf: null });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "policy.published" } });
    expect(audit).toMatchObject({ actorEmail: BY, targetType: "policy_version", targetId: "1", reason: "Launch the first policy" });
    expect(audit.details).toMatchObject({ targetsChanged: 3 });
  });

  it("publishes a second version, previews against stored targets, and rolls back as a new version", async () => {
    const draft = await createDraft({ note: "tighter" }, BY);
    expect(draft.rules).toEqual((await listPolicies()).versions[0]!.rules);
    expect((await getDraft(draft.id)).basedOn).toBe(1);
    await updateDraft({ id: draft.id, rules: [...draft.rules, { kind: "holdback", scope: { channel: "mkt" }, units: 30 }, { kind: "sell_limit", scope: { sku: "P-2" }, units: 2 }] }, BY);

    const preview = await previewDraft(draft.id);
    expect(preview.changes).toEqual([
      { sku: "P-1", channel: "web", targetBefore: 110, targetAfter: 80 },
      { sku: "P-2", channel: "web", targetBefore: 5, targetAfter: 2 },
    ]);
    expect(preview.totals.web).toEqual({ changed: 2, unitsBefore: 115, unitsAfter: 82 });
    expect(preview.totals.mkt).toEqual({ changed: 0, unitsBefore: 75, unitsAfter: 75 });

    const explained = await explainSkuChannel({ sku: "P-1", channel: "web", draftId: draft.id });
    expect(explained.trace).toMatchObject({ pool: 110, holdbackCharge: 30, target: 80, holdbacks: [{ channel: "mkt", keeps: 30, charge: 30 }] });
    expect(explained.storedTarget).toBe(110);

    expect((await publishDraft(draft.id, "Keep 30 for the marketplace", BY)).version).toBe(2);
    const rev = (await db.channelPosition.findMany()).map((r) => r.rev);
    expect(await targets()).toEqual({ "P-1@web": 80, "P-1@mkt": 75, "P-2@web": 2 });
    expect(await diffVersions(1, 2)).toMatchObject({ added: [{ kind: "holdback" }, { kind: "sell_limit" }], removed: [], changed: [], unchanged: 1 });

    expect(await rollbackToVersion(1, "The holdback was too much", BY)).toEqual({ version: 3 });
    expect(await targets()).toEqual({ "P-1@web": 110, "P-1@mkt": 75, "P-2@web": 5 });
    const list = await listPolicies();
    expect(list.versions.map((v) => [v.version, v.rollbackOf])).toEqual([
      [3, 1],
      [2, null],
      [1, null],
    ]);
    expect(list.versions[0]!.rules).toEqual(list.versions[2]!.rules);
    // unchanged targets kept their revision; changed ones moved on
    expect((await db.channelPosition.findMany()).map((r) => r.rev).reduce((a, b) => a + Number(b), 0)).toBeGreaterThan(rev.reduce((a, b) => a + Number(b), 0));
    expect(await db.auditLog.count({ where: { action: "policy.rolled_back", targetId: "3", reason: "The holdback was too much" } })).toBe(1);
  });

  it("refuses what it should: unknown scope codes, missing drafts and versions, rolling back to the current one", async () => {
    const bad = await expectError(createDraft({ rules: [{ kind: "safety_buffer", scope: { sku: "NOPE", channel: "web" }, units: 1 }] }, BY), "invalid_field");
    expect(bad.details).toEqual([{ path: "rules[0].scope.sku", field: "sku", message: "no sku NOPE exists" }]);
    await expectError(createDraft({ rules: [{ kind: "sell_limit", scope: { location: "MOON" }, units: 1 } as never] }, BY), "invalid_field");
    await expectError(publishDraft("d_missing", "because", BY), "not_found");
    await expectError(previewDraft("d_missing"), "not_found");
    await expectError(rollbackToVersion(99, "because", BY), "not_found");
    await expectError(rollbackToVersion(3, "because", BY), "conflict");
    expect((await listPolicies()).current).toBe(3);
  });
});
