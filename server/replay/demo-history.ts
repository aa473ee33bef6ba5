// The demo's past replay runs, matching the exception history's stories (an ERP SKU added and its
// dead letters replayed; a closed DC's code mapped as a location alias; a gap released by hand; a
// plan that went stale before anyone applied it), so /replays is not empty on a fresh demo. Live runs
// come from people pressing Replay on the simulator's dead letters.
import { db } from "@/server/db";
import { demoSkus } from "@/server/demo/catalogue";
import type { TLogger } from "@/server/lib/logger";
import { newPlanId } from "./plan";
import type { TApplyResult, TEffect, TPlanPreview, TReplaySelector } from "./replay.types";

const SEEDED_KEY = "demo.replays_seeded_at";
const OPS = "ops@example.com";
const ADMIN = "admin@example.com";

type TRun = {
  selector: (groups: Map<string, number>) => TReplaySelector;
  by: string;
  plannedHoursAgo: number;
  /** null: previewed, then discarded */
  appliedAfterMinutes: number | null;
  counts: { apply: number; skip: number; fail: number; stale?: number };
  effects: TEffect[];
  reason?: string;
  failing?: TPlanPreview["failing"];
};

function sku(prefix: string, nth: number) {
  return demoSkus().filter((s) => s.code.startsWith(`${prefix}-`))[nth - 1]?.code ?? `${prefix}-${10000 + nth}`;
}

function runs(): TRun[] {
  const fas17 = sku("FAS", 17);
  const pwr3 = sku("PWR", 3);
  const hnd9 = sku("HND", 9);
  return [
    {
      selector: (g) => (g.has("FAS-99017") ? { exceptionId: g.get("FAS-99017")! } : { connector: "erp", status: "rejected", sku: "FAS-99017" }),
      by: OPS,
      plannedHoursAgo: 127.2,
      appliedAfterMinutes: 3,
      counts: { apply: 14, skip: 0, fail: 0 },
      reason: `FAS-99017 is the ERP's new code for ${fas17}: alias added, replaying its 14 dead letters`,
      effects: [
        { sku: fas17, location: "STORE-NYC", field: "onHand", before: 22, after: 46 },
        { sku: fas17, location: "STORE-CHI", field: "onHand", before: 9, after: 21 },
        { sku: fas17, channel: "pos", field: "target", before: 31, after: 67 },
        { sku: fas17, channel: "shopify", field: "target", before: 58, after: 82 },
      ],
    },
    {
      selector: () => ({ connector: "wms", status: "held" }),
      by: ADMIN,
      plannedHoursAgo: 86,
      appliedAfterMinutes: 2,
      counts: { apply: 6, skip: 0, fail: 0, stale: 1 },
      reason: "WMS confirmed sequence 48812 was never sent (restart during a deploy): releasing the held events by hand",
      effects: [
        { sku: pwr3, location: "WH-EAST", field: "onHand", before: 140, after: 128 },
        { sku: pwr3, location: "WH-EAST", field: "allocated", before: 12, after: 0 },
        { sku: pwr3, channel: "b2b", field: "target", before: 128, after: 128 },
      ].filter((e) => e.before !== e.after) as TEffect[],
    },
    {
      selector: (g) => (g.has("DC-OLD-7") ? { exceptionId: g.get("DC-OLD-7")! } : { connector: "edi", status: "rejected" }),
      by: OPS,
      plannedHoursAgo: 24.1,
      appliedAfterMinutes: 4,
      counts: { apply: 4, skip: 0, fail: 1 },
      reason: "DC-OLD-7 mapped to WH-CENTRAL as a location alias (the partner still sends the closed DC's code)",
      effects: [
        { sku: hnd9, location: "WH-CENTRAL", field: "reserved", before: 6, after: 18 },
        { sku: hnd9, channel: "edi", field: "target", before: 40, after: 28 },
        { sku: hnd9, channel: "amazon", field: "target", before: 33, after: 21 },
      ],
      failing: [
        {
          id: "0",
          connector: "edi",
          eventId: "edi-850-DEMO-77",
          type: "order.created",
          sku: "HND-X",
          location: "DC-OLD-7",
          occurredAt: null,
          reasons: [{ code: "unknown_sku", field: "sku", message: "no SKU has the code or alias HND-X", value: "HND-X" }],
        },
      ],
    },
    {
      selector: () => ({ connector: "erp", status: "rejected" }),
      by: OPS,
      plannedHoursAgo: 6,
      appliedAfterMinutes: null,
      counts: { apply: 0, skip: 0, fail: 9 },
      effects: [],
      reason: "previewed: all nine still fail (the SKUs are not in the catalogue yet); discarded until merchandising adds them",
      failing: [
        {
          id: "0",
          connector: "erp",
          eventId: "erp-DEMO-LEGACY-1",
          type: "receipt.posted",
          sku: "LEGACY-0042",
          location: "STORE-NYC",
          occurredAt: null,
          reasons: [{ code: "unknown_sku", field: "sku", message: "no SKU has the code or alias LEGACY-0042", value: "LEGACY-0042" }],
        },
      ],
    },
  ];
}

/** Seeds the demo's replay runs once per database (after the exception history, whose groups they name). */
export async function seedReplayHistory(opts: { log: TLogger }) {
  if (await db.appSetting.findUnique({ where: { key: SEEDED_KEY } })) return;
  const groups = new Map(
    (await db.exceptionGroup.findMany({ where: { kind: "rejected_event", scopeValue: { in: ["FAS-99017", "DC-OLD-7"] } }, select: { id: true, scopeValue: true } })).map((g) => [g.scopeValue!, g.id]),
  );
  const now = Date.now();
  await db.$transaction(async (tx) => {
    for (const run of runs()) {
      const id = newPlanId();
      const createdAt = new Date(now - run.plannedHoursAgo * 3600_000);
      const appliedAt = run.appliedAfterMinutes === null ? null : new Date(createdAt.getTime() + run.appliedAfterMinutes * 60_000);
      const events = run.counts.apply + run.counts.skip + run.counts.fail;
      const selector = run.selector(groups);
      const preview: TPlanPreview = { failing: run.failing ?? [], stale: [], alsoReleased: 0, releasedBy: selector.status === "held" ? "operator" : "replay" };
      let result: TApplyResult | null = null;
      if (!appliedAt) {
        const audit = await tx.auditLog.create({
          data: { at: new Date(createdAt.getTime() + 120_000), actorEmail: run.by, action: "replay.cancel", targetType: "replay_plan", targetId: id, reason: run.reason ?? null, details: { from: "planned", progress: 0, events, applied: 0 } },
        });
        result = { applied: 0, skipped: 0, failed: 0, stale: 0, alsoReleased: 0, failing: [], auditId: String(audit.id), cancelledBy: run.by };
      } else {
        const audit = await tx.auditLog.create({
          data: {
            at: appliedAt,
            actorEmail: run.by,
            action: "replay.apply",
            targetType: "replay_plan",
            targetId: id,
            reason: run.reason ?? null,
            details: { events, applied: run.counts.apply, skipped: run.counts.skip, failed: run.counts.fail, stale: run.counts.stale ?? 0, alsoReleased: 0 },
          },
        });
        result = { applied: run.counts.apply, skipped: run.counts.skip, failed: run.counts.fail, stale: run.counts.stale ?? 0, alsoReleased: 0, failing: run.failing ?? [], auditId: String(audit.id) };
      }
      await tx.replayPlan.create({
        data: {
          id,
          createdAt,
          createdBy: run.by,
          selector,
          status: appliedAt ? "applied" : "cancelled",
          eventPks: [],
          wouldApply: run.counts.apply,
          wouldSkip: run.counts.skip,
          wouldFail: run.counts.fail,
          stale: run.counts.stale ?? 0,
          effects: run.effects,
          basis: { positions: [], targets: [] },
          preview,
          reason: appliedAt ? (run.reason ?? null) : null,
          error: null,
          appliedAt,
          appliedBy: appliedAt ? run.by : null,
          startedAt: appliedAt,
          progress: appliedAt ? events : 0,
          ...(result ? { result } : {}),
        },
      });
    }
    await tx.appSetting.create({ data: { key: SEEDED_KEY, value: new Date(now).toISOString() } });
  });
  opts.log.info({ runs: runs().length }, "demo replay history seeded");
}
