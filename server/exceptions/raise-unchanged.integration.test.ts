// An open condition observed again unchanged (the sweep re-observes every open one every 30 s) is
// not rewritten; a change in units, severity or details is, and so is a refresh of last-seen after
// CONDITION_REFRESH_MS.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { CONDITION_REFRESH_MS, raiseOccurrences, type TOccurrenceInput } from "./raise";
import { idOf, seedWorld } from "./test-world";

beforeAll(seedWorld);

describe("re-observing an open condition", () => {
  it("writes nothing when nothing changed, and writes each change", async () => {
    const scope = { skuId: await idOf("sku", "S-1"), locationId: await idOf("location", "W1") };
    const negative = (atp: number): TOccurrenceInput => ({ kind: "negative_atp", scope, unitsAtRisk: -atp, details: { atp, onHand: atp, reserved: 0, allocated: 0 } });
    expect(await raiseOccurrences(db, [negative(-3)])).toMatchObject({ opened: 1 });
    const group = () => db.exceptionGroup.findFirstOrThrow({ where: { kind: "negative_atp", skuId: scope.skuId, locationId: scope.locationId } });
    const first = await group();

    expect(await raiseOccurrences(db, [negative(-3)])).toMatchObject({ opened: 0, updated: 0, unchanged: 1 });
    const same = await group();
    expect(same.lastSeenAt).toEqual(first.lastSeenAt);
    expect(same.count).toBe(first.count);
    // xmin: the row was not rewritten at all
    const [before] = await db.$queryRaw<{ xmin: string }[]>`select xmin::text from exception_group where id = ${first.id}`;
    await raiseOccurrences(db, [negative(-3)]);
    const [after] = await db.$queryRaw<{ xmin: string }[]>`select xmin::text from exception_group where id = ${first.id}`;
    expect(after!.xmin).toBe(before!.xmin);

    expect(await raiseOccurrences(db, [negative(-5)])).toMatchObject({ updated: 1, unchanged: 0 });
    expect(await group()).toMatchObject({ unitsAtRisk: 5, details: expect.objectContaining({ atp: -5 }) });

    // an old last-seen is refreshed even when nothing else changed
    await db.exceptionGroup.update({ where: { id: first.id }, data: { lastSeenAt: new Date(Date.now() - CONDITION_REFRESH_MS - 1000) } });
    expect(await raiseOccurrences(db, [negative(-5)])).toMatchObject({ updated: 1, unchanged: 0 });
    expect((await group()).lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 10_000);

    // a resolved group reopens as before
    await db.exceptionGroup.update({ where: { id: first.id }, data: { state: "resolved", resolvedAt: new Date() } });
    expect(await raiseOccurrences(db, [negative(-5)])).toMatchObject({ reopened: 1, unchanged: 0 });
  });
});
