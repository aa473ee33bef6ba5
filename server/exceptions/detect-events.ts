// Part 1 of detection: reads the event log past its watermark and raises the event-caused kinds
// (rejected_event, conflicting_duplicate, sequence_gap, reservation_conflict, push_failed), then
// re-checks the book for what those events touched (negative_atp, system_drift now; oversell_risk
// a few seconds later, once the target worker has recomputed targets).
import { pgPool, type TTx } from "@/server/db";
import type { TEventFlags, TReason } from "@/server/ingest/event-log";
import type { TResolvedConfig } from "./config";
import { areTargetsUnderCurrentStaleness } from "@/server/targets/staleness";
import { findNegativeAtp, findOversellRisk, findSystemDrift, type TPair } from "./detect-book";
import { finalHorizon, readWatermark, writeWatermark, type THorizonState } from "./horizon";
import { raiseOccurrences, type TOccurrenceInput, type TRaiseResult } from "./raise";

/**
 * Events read per batch. The book checks a batch calls for scale with the SKU × locations it
 * touched, not with its events, so under a burst a larger batch costs less per event.
 */
export const DETECT_BATCH = 20_000;
/** Targets follow a book change within 2 s (DESIGN.md); oversell is judged after that. */
export const OVERSELL_RECHECK_MS = 3000;

export type TDetectorState = THorizonState & { oversellDue: Map<number, number> };
export function newDetectorState(): TDetectorState {
  return { pending: [], oversellDue: new Map() };
}

type TEventRow = {
  id: bigint;
  connector_id: number;
  status: string;
  type: string | null;
  sku_id: number | null;
  location_id: number | null;
  to_location_id: number | null;
  channel_id: number | null;
  quantity: number | null;
  payload_quantity: unknown;
  sequence: bigint | null;
  order_ref: string | null;
  event_id: string | null;
  received_at: Date;
  occurred_at: Date | null;
  reasons: TReason[] | null;
  flags: TEventFlags | null;
};

function units(quantity: number | null, fromPayload: unknown): number {
  const q = quantity ?? (typeof fromPayload === "number" && Number.isFinite(fromPayload) ? fromPayload : 0);
  return Math.min(Math.abs(Math.trunc(q)), 1_000_000);
}

/** The occurrences one event raises by itself (not counting what it does to the book). */
export function occurrencesForEvent(e: TEventRow): TOccurrenceInput[] {
  const at = e.received_at;
  const eventPk = e.id;
  const sample = { eventId: e.event_id, type: e.type };
  if (e.status === "rejected") {
    const reason = e.reasons?.[0];
    const code = reason?.code ?? "unknown";
    const value = reason?.value ?? reason?.field ?? "";
    return [
      {
        kind: "rejected_event",
        scope: { connectorId: e.connector_id, reasonCode: code, value },
        unitsAtRisk: units(e.quantity, e.payload_quantity),
        at,
        eventPk,
        details: { ...sample, reasonCode: code, field: reason?.field ?? null, message: reason?.message ?? null },
      },
    ];
  }
  if (e.status === "held") {
    return [
      {
        kind: "sequence_gap",
        scope: { connectorId: e.connector_id },
        unitsAtRisk: units(e.quantity, e.payload_quantity),
        at,
        eventPk,
        details: { ...sample, heldSequence: e.sequence?.toString() ?? null },
      },
    ];
  }
  if (e.status !== "accepted") return [];
  const out: TOccurrenceInput[] = [];
  const conflict = e.flags?.reservationConflict;
  if (conflict && e.sku_id != null && e.location_id != null) {
    out.push({
      kind: "reservation_conflict",
      scope: { skuId: e.sku_id, locationId: e.location_id },
      unitsAtRisk: units(e.quantity, null),
      at,
      eventPk,
      details: { ...sample, conflict, orderRef: e.order_ref, occurredAt: e.occurred_at?.toISOString() ?? null },
    });
  }
  if (e.type === "channel.push.failed" && e.channel_id != null && e.sku_id != null) {
    out.push({
      kind: "push_failed",
      scope: { skuId: e.sku_id, channelId: e.channel_id },
      unitsAtRisk: units(e.quantity, null),
      at,
      eventPk,
      details: { ...sample, failedAt: (e.occurred_at ?? e.received_at).toISOString() },
    });
  }
  return out;
}

/**
 * Events in (after, upTo], as one JSON array on a pool connection: a batch is up to 20,000 rows,
 * and mapping them row by row through the ORM cost more than the detection itself. Only committed
 * events are read (upTo is the final horizon) and each statement of the caller's READ COMMITTED
 * transaction would see them the same way.
 */
async function readEvents(after: bigint, upTo: bigint): Promise<TEventRow[]> {
  type TJsonRow = [string, number, string, string | null, number | null, number | null, number | null, number | null, number | null, unknown, string | null, string | null, string | null, string, string | null, TReason[] | null, TEventFlags | null];
  const { rows } = await pgPool().query<{ rows: TJsonRow[] }>(
    `select coalesce(json_agg(json_build_array(id::text, connector_id, status, type, sku_id, location_id, to_location_id, channel_id, quantity,
                                               coalesce(payload->'quantity', payload->'delta'), sequence::text, order_ref, event_id,
                                               received_at, occurred_at, reasons, flags) order by id), '[]') as rows
     from (select * from event where id > $1 and id <= $2 order by id limit $3) e`,
    [after.toString(), upTo.toString(), DETECT_BATCH],
  );
  return rows[0]!.rows.map((r) => ({
    id: BigInt(r[0]),
    connector_id: r[1],
    status: r[2],
    type: r[3],
    sku_id: r[4],
    location_id: r[5],
    to_location_id: r[6],
    channel_id: r[7],
    quantity: r[8],
    payload_quantity: r[9],
    sequence: r[10] === null ? null : BigInt(r[10]),
    order_ref: r[11],
    event_id: r[12],
    received_at: new Date(r[13]),
    occurred_at: r[14] === null ? null : new Date(r[14]),
    reasons: r[15],
    flags: r[16],
  }));
}

async function readConflicts(tx: TTx, after: bigint, upTo: bigint) {
  return tx.$queryRaw<{ id: bigint; event_pk: bigint; connector_id: number; event_id: string; received_at: Date; sku_id: number | null; type: string | null }[]>`
    select c.id, c.event_pk, c.connector_id, c.event_id, c.received_at, e.sku_id, e.type
    from event_conflict c left join event e on e.id = c.event_pk
    where c.id > ${after} and c.id <= ${upTo} order by c.id limit ${DETECT_BATCH}`;
}

export type TDetectResult = TRaiseResult & { events: number; conflicts: number; isCaughtUp: boolean };

/**
 * One batch: events and conflicts past the watermark (up to the final horizon), their occurrences
 * and the book checks they call for, and the new watermark — all in the caller's transaction.
 */
export async function detectFromEventLog(tx: TTx, state: TDetectorState, config: TResolvedConfig, nowMs = Date.now()): Promise<TDetectResult> {
  const empty = { opened: 0, reopened: 0, updated: 0, ignored: 0, events: 0, conflicts: 0 };
  const horizon = await finalHorizon(tx, state);
  if (!horizon) return { ...empty, isCaughtUp: false };
  const mark = await readWatermark(tx);
  if (horizon.event <= mark.event && horizon.conflict <= mark.conflict) return { ...empty, isCaughtUp: true };

  const events = horizon.event > mark.event ? await readEvents(mark.event, horizon.event) : [];
  const conflicts = horizon.conflict > mark.conflict ? await readConflicts(tx, mark.conflict, horizon.conflict) : [];
  const inputs: TOccurrenceInput[] = [];
  const pairs = new Map<string, TPair>();
  for (const e of events) {
    inputs.push(...occurrencesForEvent(e));
    if (e.status !== "accepted" || e.sku_id == null) continue;
    for (const locationId of [e.location_id, e.to_location_id]) {
      if (locationId != null) pairs.set(`${e.sku_id}:${locationId}`, { skuId: e.sku_id, locationId });
    }
    state.oversellDue.set(e.sku_id, nowMs + OVERSELL_RECHECK_MS);
  }
  for (const c of conflicts) {
    inputs.push({
      kind: "conflicting_duplicate",
      scope: { connectorId: c.connector_id, skuId: c.sku_id },
      at: c.received_at,
      eventPk: c.event_pk,
      details: { eventId: c.event_id, type: c.type, conflictId: c.id.toString() },
    });
  }
  const touched = { pairs: [...pairs.values()] };
  if (touched.pairs.length > 0) {
    inputs.push(...(await findNegativeAtp(tx, touched)), ...(await findSystemDrift(tx, touched, config)));
  }
  const result = await raiseOccurrences(tx, inputs, { config });
  const next = {
    event: events.length === DETECT_BATCH ? events.at(-1)!.id : horizon.event > mark.event ? horizon.event : mark.event,
    conflict: conflicts.length === DETECT_BATCH ? conflicts.at(-1)!.id : horizon.conflict > mark.conflict ? horizon.conflict : mark.conflict,
  };
  await writeWatermark(tx, next);
  return { ...result, events: events.length, conflicts: conflicts.length, isCaughtUp: events.length < DETECT_BATCH && conflicts.length < DETECT_BATCH };
}

/** A SKU whose targets are not current yet is looked at again this much later. */
const OVERSELL_POSTPONE_MS = 500;

/**
 * SKUs whose oversell check is due (their events arrived OVERSELL_RECHECK_MS ago), judged only
 * against current targets: a SKU whose targets still wait for the target worker (or for a
 * staleness flip to reach them) stays due and is looked at again shortly.
 */
export async function recheckOversell(tx: TTx, state: TDetectorState, config: TResolvedConfig, nowMs = Date.now(), force = false) {
  const due: number[] = [];
  for (const [skuId, at] of state.oversellDue) {
    if (force || at <= nowMs) due.push(skuId);
  }
  if (due.length === 0) return null;
  const postpone = (skuIds: readonly number[]) => {
    for (const skuId of skuIds) state.oversellDue.set(skuId, nowMs + OVERSELL_POSTPONE_MS);
  };
  if (!(await areTargetsUnderCurrentStaleness(tx))) {
    postpone(due);
    return null;
  }
  for (const skuId of due) state.oversellDue.delete(skuId);
  const found = await findOversellRisk(tx, { skuIds: due });
  postpone(found.pendingSkuIds);
  return raiseOccurrences(tx, found.occurrences, { config });
}
