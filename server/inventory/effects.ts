import { BALANCE_FIELDS, type TBalanceField, type TEventType } from "@/server/ingest/event-log";

export type TDelta = Partial<Record<TBalanceField, number>>;
export type TBook = Record<TBalanceField, number> & { snapshotAt: Date | null; snapshotFields: number };

/** Bit per balance field, for the fields a snapshot reported. */
export const FIELD_BIT: Record<TBalanceField, number> = Object.fromEntries(BALANCE_FIELDS.map((f, i) => [f, 1 << i])) as Record<TBalanceField, number>;

export function fieldMask(fields: readonly TBalanceField[]): number {
  return fields.reduce((m, f) => m | FIELD_BIT[f], 0);
}

export type TMovementInput = { type: TEventType; quantity: number | null; disposition?: string | null };

/** What a movement does, per position it touches: its own location and, for transfers, the destination. */
export function movementDeltas(e: TMovementInput): { at: "location" | "toLocation"; delta: TDelta }[] {
  const q = e.quantity ?? 0;
  switch (e.type) {
    case "receipt.posted":
      return [{ at: "location", delta: { onHand: q } }];
    case "order.created":
    case "reservation.created":
      return [{ at: "location", delta: { reserved: q } }];
    case "order.cancelled":
    case "reservation.released":
      return [{ at: "location", delta: { reserved: -q } }];
    case "pick.confirmed":
      return [{ at: "location", delta: { reserved: -q, allocated: q } }];
    case "shipment.posted":
      return [{ at: "location", delta: { allocated: -q, onHand: -q } }];
    case "return.received":
      if (e.disposition === "restockable") return [{ at: "location", delta: { onHand: q } }];
      if (e.disposition === "damaged") return [{ at: "location", delta: { damaged: q } }];
      return [{ at: "location", delta: { quarantine: q } }];
    case "stock.adjusted":
      return [{ at: "location", delta: { onHand: q } }];
    case "transfer.shipped":
      return [
        { at: "location", delta: { onHand: -q } },
        { at: "toLocation", delta: { inTransit: q } },
      ];
    case "transfer.received":
      return [{ at: "location", delta: { inTransit: -q, onHand: q } }];
    default:
      return [];
  }
}

export type TApplied = { applied: TDelta; isBeforeSnapshot: boolean; isReservedClamped: boolean };

/**
 * Applies a movement to a book in place. A movement that occurred at or before the latest
 * snapshot leaves the fields that snapshot reported alone (they already include it); `reserved`
 * never goes below zero (that is a reservation conflict, reported by the caller).
 */
export function applyMovement(book: TBook, delta: TDelta, occurredAt: Date): TApplied {
  const isBeforeSnapshot = book.snapshotAt !== null && occurredAt.getTime() <= book.snapshotAt.getTime();
  const applied: TDelta = {};
  let isReservedClamped = false;
  for (const field of BALANCE_FIELDS) {
    const d = delta[field];
    if (!d) continue;
    if (isBeforeSnapshot && book.snapshotFields & FIELD_BIT[field]) continue;
    let change = d;
    if (field === "reserved" && book.reserved + d < 0) {
      change = -book.reserved;
      isReservedClamped = true;
    }
    book[field] += change;
    if (change !== 0) applied[field] = change;
  }
  return { applied, isBeforeSnapshot, isReservedClamped };
}

/**
 * Rebases a book on a snapshot: each reported field = the snapshot's value + the movements that
 * occurred after it (`journalAfter`); omitted fields carry on. A snapshot older than the one
 * already applied changes nothing.
 */
export function applySnapshot(book: TBook, balances: TDelta, occurredAt: Date, journalAfter: TDelta): { applied: TDelta; isStale: boolean } {
  if (book.snapshotAt !== null && occurredAt.getTime() < book.snapshotAt.getTime()) return { applied: {}, isStale: true };
  const applied: TDelta = {};
  const reported: TBalanceField[] = [];
  for (const field of BALANCE_FIELDS) {
    const value = balances[field];
    if (value === undefined) continue;
    reported.push(field);
    const next = value + (journalAfter[field] ?? 0);
    if (next !== book[field]) applied[field] = next - book[field];
    book[field] = next;
  }
  book.snapshotAt = occurredAt;
  book.snapshotFields = fieldMask(reported);
  return { applied, isStale: false };
}

export function emptyBook(): TBook {
  return { onHand: 0, reserved: 0, allocated: 0, inTransit: 0, damaged: 0, quarantine: 0, snapshotAt: null, snapshotFields: 0 };
}

export function atp(book: Pick<TBook, "onHand" | "reserved" | "allocated">): number {
  return book.onHand - book.reserved - book.allocated;
}
