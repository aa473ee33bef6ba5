// The demo's past week of exceptions: groups that were resolved by people (with notes) or resolved
// themselves, and a few still acknowledged and assigned — so MTTR and the queue's history are not
// empty on a fresh demo. Live groups come from the detector as the simulator's faults arrive.
import type { Prisma } from "@prisma/client";
import { db } from "@/server/db";
import { demoSkus } from "@/server/demo/catalogue";
import type { TLogger } from "@/server/lib/logger";
import type { TExceptionKind } from "./kinds";
import { raiseOccurrences, SYSTEM_ACTOR, type TOccurrenceInput } from "./raise";

const SEEDED_KEY = "demo.exceptions_seeded_at";
const OPS = "ops@example.com";
const ADMIN = "admin@example.com";

type TStory = {
  kind: TExceptionKind;
  scope: { sku?: string; location?: string; channel?: string; connector?: string; reasonCode?: string; value?: string };
  units: number;
  /** hours ago it opened, and how long until it was resolved (null: still open) */
  openedHoursAgo: number;
  resolvedAfterHours: number | null;
  by: "auto" | "user" | null;
  assignee?: string;
  acknowledged?: boolean;
  note?: string;
  occurrences?: number;
  details?: Record<string, unknown>;
};

const STORIES: TStory[] = [
  { kind: "negative_atp", scope: { sku: "FAS#8", location: "STORE-NYC" }, units: 4, openedHoursAgo: 160, resolvedAfterHours: 0.6, by: "auto", details: { atp: -4 } },
  { kind: "oversell_risk", scope: { sku: "PWR#15", channel: "amazon" }, units: 12, openedHoursAgo: 150, resolvedAfterHours: 0.3, by: "auto", details: { target: 8, exposed: 20 } },
  { kind: "stale_feed", scope: { channel: "edi" }, units: 40, openedHoursAgo: 140, resolvedAfterHours: 2.5, by: "auto", acknowledged: true, assignee: OPS, details: { sloSeconds: 3600 } },
  { kind: "rejected_event", scope: { connector: "erp", reasonCode: "unknown_sku", value: "FAS-99017" }, units: 36, openedHoursAgo: 132, resolvedAfterHours: 5, by: "auto", acknowledged: true, assignee: OPS, occurrences: 14, note: "New SKU from the ERP not yet in the catalogue; added it and replayed the dead letters." },
  { kind: "system_drift", scope: { sku: "HND#22", location: "WH-EAST" }, units: 6, openedHoursAgo: 120, resolvedAfterHours: 26, by: "user", acknowledged: true, assignee: OPS, note: "Cycle count confirmed the WMS figure; ERP adjusted by finance.", details: { erpOnHand: 46, wmsOnHand: 40, drift: 6 } },
  { kind: "sequence_gap", scope: { connector: "wms" }, units: 18, openedHoursAgo: 110, resolvedAfterHours: 0.2, by: "auto", occurrences: 6 },
  { kind: "silent_connector", scope: { connector: "amazon" }, units: 0, openedHoursAgo: 100, resolvedAfterHours: 1.2, by: "auto", acknowledged: true, assignee: ADMIN },
  { kind: "push_failed", scope: { sku: "SAF#29", channel: "shopify" }, units: 9, openedHoursAgo: 96, resolvedAfterHours: 0.4, by: "auto", occurrences: 3 },
  { kind: "conflicting_duplicate", scope: { connector: "shopify", sku: "ELE#6" }, units: 0, openedHoursAgo: 90, resolvedAfterHours: 3, by: "user", note: "Connector retried with a changed payload after a timeout; vendor ticket opened.", occurrences: 2 },
  { kind: "reservation_conflict", scope: { sku: "PLB#13", location: "WH-WEST" }, units: 5, openedHoursAgo: 80, resolvedAfterHours: 8, by: "user", acknowledged: true, assignee: OPS, note: "Cancel arrived before the order in CRM; order confirmed by sales, nothing to do." },
  { kind: "negative_atp", scope: { sku: "JAN#20", location: "WH-CENTRAL" }, units: 20, openedHoursAgo: 72, resolvedAfterHours: 1.5, by: "auto", acknowledged: true, assignee: OPS, details: { atp: -20 } },
  { kind: "oversell_risk", scope: { sku: "PKG#27", channel: "shopify" }, units: 7, openedHoursAgo: 60, resolvedAfterHours: 0.1, by: "auto" },
  { kind: "oversell_risk", scope: { sku: "FAS#4", channel: "b2b" }, units: 55, openedHoursAgo: 50, resolvedAfterHours: 0.8, by: "auto", acknowledged: true, assignee: ADMIN },
  { kind: "rejected_event", scope: { connector: "edi", reasonCode: "unknown_location", value: "DC-OLD-7" }, units: 12, openedHoursAgo: 44, resolvedAfterHours: 20, by: "user", acknowledged: true, assignee: OPS, occurrences: 5, note: "Partner still sends the closed DC's code; mapped it as a location alias." },
  { kind: "stale_feed", scope: { channel: "pos" }, units: 3, openedHoursAgo: 30, resolvedAfterHours: 0.5, by: "auto" },
  { kind: "system_drift", scope: { sku: "PWR#11", location: "STORE-CHI" }, units: 2, openedHoursAgo: 26, resolvedAfterHours: 4, by: "auto", details: { erpOnHand: 12, wmsOnHand: 10, drift: 2 } },
  { kind: "push_failed", scope: { sku: "HND#18", channel: "amazon" }, units: 11, openedHoursAgo: 20, resolvedAfterHours: 0.7, by: "auto", occurrences: 4 },
  { kind: "negative_atp", scope: { sku: "SAF#25", location: "3PL-DALLAS" }, units: 3, openedHoursAgo: 12, resolvedAfterHours: 6, by: "user", acknowledged: true, assignee: OPS, note: "3PL shipped from a mislabelled bin; stock moved and snapshot re-sent." },
  { kind: "silent_connector", scope: { connector: "crm" }, units: 0, openedHoursAgo: 8, resolvedAfterHours: 0.3, by: "auto" },
  // still open: acknowledged and owned
  { kind: "conflicting_duplicate", scope: { connector: "amazon", sku: "PKG#2" }, units: 0, openedHoursAgo: 0.5, resolvedAfterHours: null, by: null, acknowledged: true, assignee: OPS, occurrences: 3, note: "Asked the Amazon connector team why event ids are being reused." },
  { kind: "reservation_conflict", scope: { sku: "ELE#9", location: "WH-EAST" }, units: 6, openedHoursAgo: 0.4, resolvedAfterHours: null, by: null, assignee: ADMIN, details: { conflict: "unknown_order", orderRef: "SO-DEMO-1182" } },
];

/** "FAS#3" → the third Fasteners SKU of the demo catalogue. */
function demoSkuCode(ref: string): string {
  const [prefix, nth] = ref.split("#");
  return demoSkus().filter((s) => s.code.startsWith(`${prefix}-`))[Number(nth) - 1]?.code ?? ref;
}

async function idsByCode(table: "sku" | "location" | "channel" | "connector", codes: string[]) {
  const rows = await db.$queryRawUnsafe<{ id: number; code: string }[]>(`select id, code from ${table} where code = any($1::text[])`, codes);
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** Seeds the demo's exception history once per database (needs the demo catalogue). */
export async function seedExceptionHistory(opts: { log: TLogger }) {
  if (await db.appSetting.findUnique({ where: { key: SEEDED_KEY } })) return;
  const stories = STORIES.map((s) => ({ ...s, scope: { ...s.scope, sku: s.scope.sku ? demoSkuCode(s.scope.sku) : undefined } }));
  const [skus, locations, channels, connectors] = await Promise.all([
    idsByCode("sku", stories.flatMap((s) => (s.scope.sku ? [s.scope.sku] : []))),
    idsByCode("location", stories.flatMap((s) => (s.scope.location ? [s.scope.location] : []))),
    idsByCode("channel", stories.flatMap((s) => (s.scope.channel ? [s.scope.channel] : []))),
    idsByCode("connector", stories.flatMap((s) => (s.scope.connector ? [s.scope.connector] : []))),
  ]);
  const now = Date.now();
  const hours = (h: number) => new Date(now - h * 3600_000);
  await db.$transaction(
    async (tx) => {
      for (const story of stories) {
        const scope = {
          skuId: story.scope.sku ? skus.get(story.scope.sku) : undefined,
          locationId: story.scope.location ? locations.get(story.scope.location) : undefined,
          channelId: story.scope.channel ? channels.get(story.scope.channel) : undefined,
          connectorId: story.scope.connector ? connectors.get(story.scope.connector) : undefined,
          reasonCode: story.scope.reasonCode,
          value: story.scope.value,
        };
        if (Object.entries(story.scope).some(([k, v]) => v && k !== "reasonCode" && k !== "value" && scope[`${k}Id` as keyof typeof scope] === undefined)) continue;
        const n = story.occurrences ?? 1;
        const opened = hours(story.openedHoursAgo);
        const span = (story.resolvedAfterHours ?? story.openedHoursAgo) * 3600_000;
        const inputs: TOccurrenceInput[] = Array.from({ length: n }, (_, i) => ({
          kind: story.kind,
          scope,
          mode: "event",
          unitsAtRisk: i === 0 ? story.units : 0,
          at: new Date(opened.getTime() + (span * i) / Math.max(n, 2)),
          details: { ...story.details, ...(story.kind === "push_failed" ? { failedAt: opened.toISOString() } : {}) },
        }));
        await raiseOccurrences(tx, inputs, { now: opened });
        const group = await tx.exceptionGroup.findFirstOrThrow({ where: { kind: story.kind, ...scopeWhere(scope) }, orderBy: { id: "desc" } });
        const audit: Prisma.AuditLogCreateManyInput[] = [];
        const at = (fraction: number) => new Date(opened.getTime() + span * fraction);
        const entry = (actor: string, action: string, when: Date, details: Record<string, unknown>, reason?: string) =>
          audit.push({ actorEmail: actor, action, targetType: "exception", targetId: String(group.id), at: when, details: details as Prisma.InputJsonValue, reason: reason ?? null });
        if (story.acknowledged) entry(story.assignee ?? OPS, "exception.acknowledge", at(0.15), { from: "open", to: "acknowledged" });
        if (story.assignee) entry(OPS, "exception.assign", at(0.2), { from: "acknowledged", to: "acknowledged", assignee: story.assignee, previousAssignee: null });
        if (story.note) {
          await tx.exceptionNote.create({ data: { groupId: group.id, authorEmail: story.assignee ?? OPS, text: story.note, at: at(story.by === "user" ? 0.95 : 0.5) } });
          if (story.by !== "user") entry(story.assignee ?? OPS, "exception.note", at(0.5), { text: story.note });
        }
        const resolvedAt = story.resolvedAfterHours === null ? null : at(1);
        if (resolvedAt && story.by === "auto") entry(SYSTEM_ACTOR, "exception.auto_resolve", resolvedAt, { from: story.acknowledged ? "acknowledged" : "open", to: "resolved", resolution: "auto" }, "the condition cleared");
        if (resolvedAt && story.by === "user") entry(story.assignee ?? OPS, "exception.resolve", resolvedAt, { from: "acknowledged", to: "resolved" }, story.note);
        await tx.auditLog.createMany({ data: audit });
        await tx.exceptionGroup.update({
          where: { id: group.id },
          data: {
            state: resolvedAt ? "resolved" : story.acknowledged ? "acknowledged" : "open",
            resolution: resolvedAt ? story.by : null,
            resolvedAt,
            assignee: story.assignee ?? null,
            lastSeenAt: resolvedAt ?? hours(0.05),
          },
        });
      }
      await tx.appSetting.create({ data: { key: SEEDED_KEY, value: new Date(now).toISOString() } });
    },
    { timeout: 60_000 },
  );
  opts.log.info({ groups: stories.length }, "demo exception history seeded");
}

function scopeWhere(scope: { skuId?: number; locationId?: number; channelId?: number; connectorId?: number; value?: string }) {
  return { skuId: scope.skuId ?? null, locationId: scope.locationId ?? null, channelId: scope.channelId ?? null, connectorId: scope.connectorId ?? null, scopeValue: scope.value ?? null };
}
