import { describe, expect, it } from "vitest";
import { applyMovement, applySnapshot, atp, emptyBook, fieldMask, movementDeltas } from "./effects";

const t = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));

describe("movement effects (DESIGN.md 'How state is derived')", () => {
  it("maps every movement type to its fields", () => {
    expect(movementDeltas({ type: "receipt.posted", quantity: 5 })).toEqual([{ at: "location", delta: { onHand: 5 } }]);
    expect(movementDeltas({ type: "order.created", quantity: 2 })[0]!.delta).toEqual({ reserved: 2 });
    expect(movementDeltas({ type: "reservation.released", quantity: 2 })[0]!.delta).toEqual({ reserved: -2 });
    expect(movementDeltas({ type: "pick.confirmed", quantity: 2 })[0]!.delta).toEqual({ reserved: -2, allocated: 2 });
    expect(movementDeltas({ type: "shipment.posted", quantity: 2 })[0]!.delta).toEqual({ allocated: -2, onHand: -2 });
    expect(movementDeltas({ type: "return.received", quantity: 1, disposition: "restockable" })[0]!.delta).toEqual({ onHand: 1 });
    expect(movementDeltas({ type: "return.received", quantity: 1, disposition: "damaged" })[0]!.delta).toEqual({ damaged: 1 });
    expect(movementDeltas({ type: "return.received", quantity: 1, disposition: "refurbishable" })[0]!.delta).toEqual({ quarantine: 1 });
    expect(movementDeltas({ type: "return.received", quantity: 1, disposition: "quarantine" })[0]!.delta).toEqual({ quarantine: 1 });
    expect(movementDeltas({ type: "stock.adjusted", quantity: -4 })[0]!.delta).toEqual({ onHand: -4 });
    expect(movementDeltas({ type: "transfer.shipped", quantity: 3 })).toEqual([
      { at: "location", delta: { onHand: -3 } },
      { at: "toLocation", delta: { inTransit: 3 } },
    ]);
    expect(movementDeltas({ type: "transfer.received", quantity: 3 })[0]!.delta).toEqual({ inTransit: -3, onHand: 3 });
    expect(movementDeltas({ type: "channel.quantity.observed", quantity: 3 })).toEqual([]);
  });

  it("lets ATP go negative but never reserved", () => {
    const book = emptyBook();
    applyMovement(book, { onHand: 2 }, t(1));
    applyMovement(book, { reserved: 5 }, t(2));
    expect(atp(book)).toBe(-3);
    const r = applyMovement(book, { reserved: -7 }, t(3));
    expect(r.isReservedClamped).toBe(true);
    expect(book.reserved).toBe(0);
  });

  it("rebases on a snapshot: value + movements after it; omitted fields carry on", () => {
    const book = emptyBook();
    applyMovement(book, { onHand: 10, reserved: 0 }, t(1));
    applyMovement(book, { reserved: 4 }, t(2));
    const s = applySnapshot(book, { onHand: 7 }, t(5), { onHand: 2 });
    expect(s.isStale).toBe(false);
    expect(book.onHand).toBe(9);
    expect(book.reserved).toBe(4);
    expect(book.snapshotFields).toBe(fieldMask(["onHand"]));
  });

  it("records a late movement without double-counting the fields the snapshot reported", () => {
    const book = emptyBook();
    applySnapshot(book, { onHand: 20, reserved: 3 }, t(10), {});
    const late = applyMovement(book, { onHand: -5, reserved: -1 }, t(10));
    expect(late.isBeforeSnapshot).toBe(true);
    expect(book.onHand).toBe(20);
    const lateOther = applyMovement(book, { damaged: 2 }, t(9));
    expect(lateOther.applied).toEqual({ damaged: 2 });
    const after = applyMovement(book, { onHand: -5 }, t(11));
    expect(after.isBeforeSnapshot).toBe(false);
    expect(book.onHand).toBe(15);
  });

  it("ignores a snapshot older than the one applied", () => {
    const book = emptyBook();
    applySnapshot(book, { onHand: 20 }, t(10), {});
    expect(applySnapshot(book, { onHand: 99 }, t(5), {}).isStale).toBe(true);
    expect(book.onHand).toBe(20);
  });
});
