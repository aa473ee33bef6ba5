// Builders for integration tests: real master data through the real upsert, then the rows
// ingest would write (positions, books, events) inserted directly.
import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import type { TMasterData } from "@/server/master-data/master-data.types";
import { upsertMasterData } from "@/server/master-data/upsert";
import { drainChannelDrift } from "./channel-mirror";

export async function masterData(body: TMasterData) {
  return upsertMasterData(body, "test@example.test");
}

async function idOf(table: "sku" | "channel" | "location" | "connector", code: string): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(`select id from ${table} where code = $1`, code);
  if (!rows[0]) throw new Error(`no ${table} ${code}`);
  return rows[0].id;
}
export const ids = {
  sku: (code: string) => idOf("sku", code),
  channel: (code: string) => idOf("channel", code),
  location: (code: string) => idOf("location", code),
  connector: (code: string) => idOf("connector", code),
};

/** What ingest and the targets worker write to channel_position, then the drift worker's copy of it. */
export async function setChannelPosition(sku: string, channel: string, p: { target: number; exposed: number | null; exposedAt?: Date }) {
  const [skuId, channelId] = [await ids.sku(sku), await ids.channel(channel)];
  await db.$executeRaw`
    insert into channel_position (sku_id, channel_id, target, exposed, exposed_at)
    values (${skuId}, ${channelId}, ${p.target}, ${p.exposed}, ${p.exposed === null ? null : (p.exposedAt ?? new Date())})
    on conflict (sku_id, channel_id) do update set target = excluded.target, exposed = excluded.exposed, exposed_at = excluded.exposed_at`;
  await drainChannelDrift();
}

type TBook = { onHand?: number; reserved?: number; allocated?: number; inTransit?: number; damaged?: number; quarantine?: number; updatedAt?: Date };

export async function setBook(sku: string, location: string, b: TBook) {
  const [skuId, locationId] = [await ids.sku(sku), await ids.location(location)];
  await db.$executeRaw`
    insert into inventory_position (sku_id, location_id, on_hand, reserved, allocated, in_transit, damaged, quarantine, updated_at)
    values (${skuId}, ${locationId}, ${b.onHand ?? 0}, ${b.reserved ?? 0}, ${b.allocated ?? 0}, ${b.inTransit ?? 0}, ${b.damaged ?? 0}, ${b.quarantine ?? 0}, ${b.updatedAt ?? new Date()})
    on conflict (sku_id, location_id) do update set on_hand = excluded.on_hand, reserved = excluded.reserved, allocated = excluded.allocated,
      in_transit = excluded.in_transit, damaged = excluded.damaged, quarantine = excluded.quarantine, updated_at = excluded.updated_at`;
}

export async function setReported(connector: string, sku: string, location: string, onHand: number, updatedAt = new Date()) {
  const [connectorId, skuId, locationId] = [await ids.connector(connector), await ids.sku(sku), await ids.location(location)];
  await db.$executeRaw`
    insert into reported_position (connector_id, sku_id, location_id, on_hand, updated_at)
    values (${connectorId}, ${skuId}, ${locationId}, ${onHand}, ${updatedAt})
    on conflict (connector_id, sku_id, location_id) do update set on_hand = excluded.on_hand, updated_at = excluded.updated_at`;
}

export type TTestEvent = {
  connector: string;
  type: string;
  status?: "accepted" | "held" | "rejected";
  sku?: string | null;
  location?: string;
  channel?: string;
  quantity?: number;
  occurredAt?: Date | null;
  receivedAt?: Date;
  correlationId?: string;
  orderRef?: string;
  reasons?: unknown;
  payload?: Record<string, unknown>;
  eventId?: string;
};

/** An event row as ingest stores it; returns its id. */
export async function insertEvent(e: TTestEvent): Promise<number> {
  const skuId = e.sku ? await ids.sku(e.sku).catch(() => null) : null;
  const locationId = e.location ? await ids.location(e.location) : null;
  const channelId = e.channel ? await ids.channel(e.channel) : null;
  const connectorId = await ids.connector(e.connector);
  const occurredAt = e.occurredAt === undefined ? new Date() : e.occurredAt;
  const payload = e.payload ?? { eventId: e.eventId, type: e.type, sku: e.sku ?? undefined, location: e.location, channel: e.channel, quantity: e.quantity };
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    insert into event (connector_id, event_id, type, status, payload, body_hash, reasons, occurred_at, received_at, applied_at, sku_id, location_id, channel_id, quantity, correlation_id, order_ref)
    values (${connectorId}, ${e.eventId ?? randomUUID()}, ${e.type}, ${e.status ?? "accepted"}, ${JSON.stringify(payload)}::jsonb, 'test',
      ${e.reasons === undefined ? null : JSON.stringify(e.reasons)}::jsonb, ${occurredAt}, ${e.receivedAt ?? new Date()},
      ${(e.status ?? "accepted") === "accepted" ? new Date() : null}, ${skuId}, ${locationId}, ${channelId}, ${e.quantity ?? null}, ${e.correlationId ?? null}, ${e.orderRef ?? null})
    returning id`;
  return Number(rows[0]!.id);
}

export async function insertMovement(eventId: number, sku: string, location: string, occurredAt: Date, d: { onHand?: number; reserved?: number; allocated?: number }, book = 0) {
  const [skuId, locationId] = [await ids.sku(sku), await ids.location(location)];
  await db.$executeRaw`
    insert into movement (event_pk, book, sku_id, location_id, occurred_at, d_on_hand, d_reserved, d_allocated)
    values (${eventId}, ${book}, ${skuId}, ${locationId}, ${occurredAt}, ${d.onHand ?? 0}, ${d.reserved ?? 0}, ${d.allocated ?? 0})`;
}

export async function setExposure(channel: string, sku: string, place: string, quantity: number, occurredAt: Date, eventPk = 0) {
  const [channelId, skuId] = [await ids.channel(channel), await ids.sku(sku)];
  await db.$executeRaw`
    insert into channel_exposure (channel_id, sku_id, channel_location, quantity, occurred_at, event_pk)
    values (${channelId}, ${skuId}, ${place}, ${quantity}, ${occurredAt}, ${eventPk})
    on conflict (channel_id, sku_id, channel_location) do update set quantity = excluded.quantity, occurred_at = excluded.occurred_at`;
}
