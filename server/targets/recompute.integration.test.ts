import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { computeTargets } from "@/server/policies/compute-targets";
import { previewRules } from "@/server/policies/preview";
import { ZPolicyRules } from "@/server/policies/policy.types";
import { createDraft, publishDraft } from "@/server/policies/versions";
import { loadWorld } from "./inputs";
import { RANGE } from "./recompute";

const SKUS = RANGE * 2 + 123; // several id ranges, the last one partial
const RULES = ZPolicyRules.parse([
  { kind: "safety_buffer", scope: { channel: "r1" }, units: 3 },
  { kind: "holdback", scope: { channel: "r2" }, percent: 25 },
  { kind: "sell_limit", scope: { sku: "R-00077" }, units: 1 },
]);

/** What every stored target should be, computed row by row with the pure algorithm. */
async function expectedTargets(rules = RULES) {
  const world = await loadWorld(db);
  const positions = await db.$queryRaw<{ sku_id: number; code: string; locs: number[]; atps: number[] }[]>`
    select s.id as sku_id, s.code, array_agg(ip.location_id) as locs, array_agg(ip.on_hand - ip.reserved - ip.allocated) as atps
    from sku s join inventory_position ip on ip.sku_id = s.id group by s.id, s.code`;
  const expected = new Map<string, number>();
  for (const p of positions) {
    const atp = new Map(p.locs.map((l, i) => [world.locationCode.get(l)!, p.atps[i]!]));
    const targets = computeTargets(rules, world.ctx, { sku: p.code, atp });
    world.channels.forEach((c, i) => {
      if (p.locs.some((l) => c.eligibleLocationIds.has(l))) expected.set(`${p.sku_id}:${c.id}`, targets[i]!);
    });
  }
  return expected;
}

async function storedTargets() {
  const rows = await db.channelPosition.findMany({ select: { skuId: true, channelId: true, target: true } });
  return new Map(rows.map((r) => [`${r.skuId}:${r.channelId}`, r.target]));
}

beforeAll(async () => {
  await db.$executeRaw`insert into location (code, kind, updated_at) select 'RL' || g, 'warehouse', now() from generate_series(1, 3) g`;
  await db.$executeRaw`insert into channel (code, kind, freshness_slo_seconds, updated_at) select 'r' || g, 'other', 600, now() from generate_series(1, 3) g`;
  await db.$executeRaw`insert into channel_location select c.id, l.id from channel c, location l where c.code <> 'r' || l.id::text`;
  await db.$executeRaw`insert into sku (code, updated_at) select 'R-' || lpad(g::text, 5, '0'), now() from generate_series(1, ${SKUS}::int) g`;
  // every third SKU has no stock at all; the rest sit at one or two locations
  await db.$executeRaw`
    insert into inventory_position (sku_id, location_id, on_hand, reserved, updated_at)
    select s.id, l.id, (s.id * 7 + l.id) % 50, (s.id + l.id) % 4, now()
    from sku s cross join location l where s.id % 3 <> 0 and (s.id + l.id) % 3 <> 0`;
});

describe("whole-catalogue recompute (publish) over several SKU id ranges", () => {
  it("stores exactly the pure algorithm's targets for every SKU × channel with eligible stock", async () => {
    const draft = await createDraft({ rules: RULES, note: "big" }, "t@example.test");
    await publishDraft(draft.id, "publish over several ranges", "t@example.test");
    const expected = await expectedTargets();
    const stored = await storedTargets();
    expect(expected.size).toBeGreaterThan(RANGE * 2);
    expect(stored.size).toBe(expected.size);
    for (const [key, target] of expected) if (stored.get(key) !== target) expect({ key, stored: stored.get(key) }).toEqual({ key, stored: target });
  });

  it("previews a change over every range: counts, totals and the largest changes agree with a full listing", async () => {
    const next = ZPolicyRules.parse([...RULES.filter((r) => r.kind !== "holdback"), { kind: "holdback", scope: { channel: "r2" }, units: 4 }]);
    const full = await previewRules(next);
    const top = await previewRules(next, { limit: 10 });
    const expected = await expectedTargets(next);
    const stored = await storedTargets();
    const changed = [...expected].filter(([key, t]) => stored.get(key) !== t);
    expect(full.changedCount).toBe(changed.length);
    expect(full.changes).toHaveLength(changed.length);
    expect(top).toMatchObject({ changedCount: changed.length, truncated: true, totals: full.totals });
    expect(top.changes).toEqual(full.changes.slice(0, 10));
    const sizes = full.changes.map((c) => Math.abs(c.targetAfter - c.targetBefore));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    for (const [code, t] of Object.entries(full.totals)) {
      const delta = full.changes.filter((c) => c.channel === code).reduce((sum, c) => sum + c.targetAfter - c.targetBefore, 0);
      expect(t.unitsAfter - t.unitsBefore).toBe(delta);
    }
  });
});
