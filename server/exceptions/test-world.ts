// Integration-test helpers: a small catalogue and direct writes of the rows ingest would write
// (event, event_conflict, positions, exposures), then one detector or evaluator pass on demand.
import { createHash } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { db } from "@/server/db";
import { upsertMasterData } from "@/server/master-data/upsert";
import type { TEventFlags, TReason } from "@/server/ingest/event-log";
import { loadConfig } from "./config";
import { detectFromEventLog, newDetectorState, recheckOversell, type TDetectorState } from "./detect-events";
import { evaluateOnce } from "./evaluate";
import type { TExceptionKind } from "./kinds";

export async function seedWorld() {
  await upsertMasterData(
    {
      skus: ["S-1", "S-2", "S-3", "S-4", "S-5", "S-6"].map((code) => ({ code })),
      locations: [
        { code: "W1", kind: "warehouse" },
        { code: "W2", kind: "warehouse" },
      ],
      channels: [
        { code: "web", kind: "shopify", freshnessSloSeconds: 300, priority: 50, eligibleLocations: ["W1", "W2"] },
        { code: "amz", kind: "amazon", freshnessSloSeconds: 900, priority: 40, eligibleLocations: ["W1"] },
      ],
      connectors: [
        { code: "erp", kind: "erp", heartbeatSeconds: 300 },
        { code: "wms", kind: "wms", heartbeatSeconds: 120 },
        { code: "shop", kind: "channel", channel: "web", heartbeatSeconds: 600 },
      ],
    },
    "test",
  );
}

/** Empties everything detection reads or writes, so each test starts from a clean log. */
export async function resetWorld() {
  await db.$executeRawUnsafe(
    `truncate event, event_conflict, inventory_position, reported_position, channel_position, channel_exposure, app_setting, target_dirty restart identity`,
  );
  // Group ids keep counting up: the audit log is append-only, so old audit rows must not match new groups.
  await db.$executeRawUnsafe(`truncate exception_group, exception_occurrence, exception_note cascade`);
  await db.$executeRaw`update connector set last_seen_at = null, last_event_at = null`;
}

const idCache = new Map<string, number>();
export async function idOf(table: "sku" | "location" | "channel" | "connector", code: string): Promise<number> {
  const key = `${table}:${code}`;
  const cached = idCache.get(key);
  if (cached) return cached;
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(`select id from ${table} where code = $1`, code);
  if (!rows[0]) throw new Error(`no ${table} ${code}`);
  idCache.set(key, rows[0].id);
  return rows[0].id;
}

let eventCounter = 0;
export type TEventSpec = {
  connector: string;
  status?: "accepted" | "held" | "rejected";
  type?: string;
  sku?: string;
  location?: string;
  toLocation?: string;
  channel?: string;
  quantity?: number;
  reasons?: TReason[];
  flags?: TEventFlags;
  orderRef?: string;
  sequence?: number;
  occurredAt?: Date;
  payload?: Record<string, unknown>;
};

export async function insertEvent(spec: TEventSpec): Promise<bigint> {
  const eventId = `ev-${++eventCounter}-${Math.random().toString(36).slice(2, 8)}`;
  const payload = spec.payload ?? { eventId, type: spec.type ?? "order.created", sku: spec.sku, quantity: spec.quantity };
  const row = await db.event.create({
    data: {
      connectorId: await idOf("connector", spec.connector),
      eventId,
      type: spec.type ?? "order.created",
      status: spec.status ?? "accepted",
      payload: payload as Prisma.InputJsonValue,
      bodyHash: createHash("sha256").update(JSON.stringify(payload)).digest("hex"),
      reasons: spec.reasons as Prisma.InputJsonValue | undefined,
      flags: spec.flags as Prisma.InputJsonValue | undefined,
      sequence: spec.sequence,
      occurredAt: spec.occurredAt ?? new Date(),
      skuId: spec.sku ? await idOf("sku", spec.sku) : null,
      locationId: spec.location ? await idOf("location", spec.location) : null,
      toLocationId: spec.toLocation ? await idOf("location", spec.toLocation) : null,
      channelId: spec.channel ? await idOf("channel", spec.channel) : null,
      quantity: spec.quantity,
      orderRef: spec.orderRef,
      appliedAt: spec.status === undefined || spec.status === "accepted" ? new Date() : null,
    },
  });
  return row.id;
}

export async function setPosition(sku: string, location: string, p: { onHand: number; reserved?: number; allocated?: number; snapshotAt?: Date; snapshotFields?: number }) {
  const skuId = await idOf("sku", sku);
  const locationId = await idOf("location", location);
  const data = { onHand: p.onHand, reserved: p.reserved ?? 0, allocated: p.allocated ?? 0, snapshotAt: p.snapshotAt, snapshotFields: p.snapshotFields ?? 0 };
  await db.inventoryPosition.upsert({ where: { skuId_locationId: { skuId, locationId } }, create: { skuId, locationId, ...data }, update: { ...data, rev: { increment: 1 } } });
}

export async function setReported(connector: string, sku: string, location: string, onHand: number) {
  const key = { connectorId: await idOf("connector", connector), skuId: await idOf("sku", sku), locationId: await idOf("location", location) };
  await db.reportedPosition.upsert({ where: { connectorId_skuId_locationId: key }, create: { ...key, onHand }, update: { onHand } });
}

export async function setChannelPosition(sku: string, channel: string, target: number, exposed: number | null) {
  const key = { skuId: await idOf("sku", sku), channelId: await idOf("channel", channel) };
  const data = { target, exposed, exposedAt: exposed === null ? null : new Date() };
  await db.channelPosition.upsert({ where: { skuId_channelId: key }, create: { ...key, ...data }, update: data });
}

export async function setExposure(channel: string, sku: string, quantity: number, occurredAt: Date) {
  const key = { channelId: await idOf("channel", channel), skuId: await idOf("sku", sku), channelLocation: "" };
  await db.channelExposure.upsert({
    where: { channelId_skuId_channelLocation: key },
    create: { ...key, quantity, occurredAt, eventPk: 0n },
    update: { quantity, occurredAt },
  });
}

/** Runs the event-log detector until it has read everything (oversell re-checks forced). */
export async function detect(state: TDetectorState = newDetectorState(), opts: { tries?: number } = {}) {
  // Other test files' transactions on the same cluster can hold the horizon back for a moment.
  for (let i = 0; i < (opts.tries ?? 200); i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 25));
    const result = await db.$transaction(async (tx) => {
      const config = await loadConfig(tx);
      const r = await detectFromEventLog(tx, state, config);
      await recheckOversell(tx, state, config, Date.now(), true);
      return r;
    });
    if (result.isCaughtUp) return result;
  }
  throw new Error("the detector did not catch up");
}

export async function evaluate(opts: { sweep?: boolean } = {}) {
  return db.$transaction(async (tx) => evaluateOnce(tx, await loadConfig(tx), opts));
}

export async function groupsOf(kind: TExceptionKind) {
  return db.exceptionGroup.findMany({ where: { kind }, orderBy: { id: "asc" } });
}

export async function onlyGroup(kind: TExceptionKind) {
  const groups = await groupsOf(kind);
  if (groups.length !== 1) throw new Error(`expected one ${kind} group, found ${groups.length}`);
  return groups[0]!;
}

export async function auditOf(groupId: number) {
  return db.auditLog.findMany({ where: { targetType: "exception", targetId: String(groupId) }, orderBy: { id: "asc" } });
}
