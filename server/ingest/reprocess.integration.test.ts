import { describe, expect, it } from "vitest";
import { inPgTransaction } from "@/server/database/pg-transaction";
import { db } from "@/server/db";
import { upsertMasterData } from "@/server/master-data/upsert";
import { at, makeWorld } from "@/test/fixtures";
import { reprocessEvents } from "./reprocess";

async function pkOf(connectorId: number, eventId: string) {
  return String((await db.event.findFirstOrThrow({ where: { connectorId, eventId } })).id);
}

describe("reprocessing stored events (what replay is built on)", () => {
  it("applies a rejected event once its cause is fixed, once only, and a dry run changes nothing", async () => {
    const w = await makeWorld();
    const eventId = w.nextId();
    const r = await w.ingest(w.wms, [{ eventId, type: "receipt.posted", sku: "LEGACY-7", location: w.code("WH"), quantity: 6, occurredAt: at(1) }]);
    expect(r.results[0]!.status).toBe("rejected");
    const pk = await pkOf(w.wms.id, eventId);

    const stillBad = await inPgTransaction((c) => reprocessEvents(c, [pk], { releasedBy: "replay" }));
    expect(stillBad.outcomes).toMatchObject([{ outcome: "failed", reasons: [{ code: "unknown_sku" }] }]);

    await upsertMasterData({ skus: [{ code: w.code("A"), aliases: [w.code("alias-a"), "LEGACY-7"] }] }, "test");
    const dry = await inPgTransaction((c) => reprocessEvents(c, [pk], { releasedBy: "replay" }), { rollback: true });
    expect(dry.outcomes).toMatchObject([{ outcome: "applied", previousStatus: "rejected" }]);
    expect(await w.book("A", "WH")).toBeNull();

    const applied = await inPgTransaction((c) => reprocessEvents(c, [pk], { releasedBy: "replay" }));
    expect(applied.outcomes).toMatchObject([{ outcome: "applied" }]);
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 6 });
    const row = await db.event.findUniqueOrThrow({ where: { id: BigInt(pk) } });
    expect(row).toMatchObject({ status: "accepted", reasons: null, flags: { releasedBy: "replay" } });

    const again = await inPgTransaction((c) => reprocessEvents(c, [pk], { releasedBy: "replay" }));
    expect(again.outcomes).toMatchObject([{ outcome: "skipped" }]);
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 6 });
  });

  it("releases held events by hand, moving the stream past the gap", async () => {
    const w = await makeWorld();
    const seq = (n: number) => ({ eventId: w.nextId(), type: "receipt.posted", sku: w.code("B"), location: w.code("WH"), quantity: n, occurredAt: at(n), sequence: n });
    const events = [seq(1), seq(3), seq(4)];
    await w.ingest(w.wms, events);
    expect(await w.book("B", "WH")).toMatchObject({ onHand: 1 });
    const pk3 = await pkOf(w.wms.id, events[1]!.eventId);
    const result = await inPgTransaction((c) => reprocessEvents(c, [pk3], { releasedBy: "operator" }));
    expect(result.outcomes).toMatchObject([{ outcome: "applied", previousStatus: "held" }]);
    expect(result.alsoReleased).toHaveLength(1);
    expect(await w.book("B", "WH")).toMatchObject({ onHand: 8 });
    expect((await db.connector.findUniqueOrThrow({ where: { id: w.wms.id } })).lastSequence).toBe(4n);
    // the missing event arriving late is accepted (never held) and counted
    const late = await w.ingest(w.wms, [seq(2)]);
    expect(late.results[0]!.status).toBe("accepted");
    expect(await w.book("B", "WH")).toMatchObject({ onHand: 10 });
  });

  it("fills a gap when the rejected event that caused it is replayed", async () => {
    const w = await makeWorld();
    const first = { eventId: w.nextId(), type: "receipt.posted", sku: w.code("C"), location: w.code("WH"), quantity: 1, occurredAt: at(1), sequence: 1 };
    const bad = { eventId: w.nextId(), type: "receipt.posted", sku: "OLD-CODE", location: w.code("WH"), quantity: 2, occurredAt: at(2), sequence: 2 };
    const next = { eventId: w.nextId(), type: "receipt.posted", sku: w.code("C"), location: w.code("WH"), quantity: 4, occurredAt: at(3), sequence: 3 };
    const r = await w.ingest(w.wms, [first, bad, next]);
    expect(r.results.map((x) => x.status)).toEqual(["accepted", "rejected", "held"]);
    await upsertMasterData({ skus: [{ code: w.code("C"), aliases: ["OLD-CODE"] }] }, "test");
    const badPk = await pkOf(w.wms.id, bad.eventId);
    const result = await inPgTransaction((c) => reprocessEvents(c, [badPk], { releasedBy: "replay" }));
    expect(result.outcomes[0]!.outcome).toBe("applied");
    expect(result.alsoReleased).toHaveLength(1);
    expect(await w.book("C", "WH")).toMatchObject({ onHand: 7 });
  });
});
