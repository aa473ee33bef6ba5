// A byte-identical re-send through POST /api/v1/events's handler is answered from memory only
// when every event of the body is stored under its id; anything else takes the full path.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { logger } from "@/server/lib/logger";
import { at, makeWorld, type TWorld } from "@/test/fixtures";
import type { TIngestResult } from "./event.types";
import { ingestBatch } from "./ingest-batch";
import { postEvents } from "./post-events";

const post = async (w: TWorld, body: string): Promise<TIngestResult> =>
  JSON.parse(await postEvents({ connector: { ...w.wms, rateLimitPerSecond: 1_000 }, contentType: "application/json", body, log: logger })) as TIngestResult;

const receipt = (w: TWorld, quantity: number) => ({ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity, occurredAt: at(1) });

describe("re-sent request bodies", () => {
  it("answers a body whose events are all stored as duplicates, exactly as the full path would, and counts them", async () => {
    const w = await makeWorld();
    const events = [receipt(w, 2), receipt(w, 3), { ...receipt(w, 1), quantity: 0 }];
    const body = JSON.stringify(events);
    const first = await post(w, body);
    expect(first.results.map((r) => r.status)).toEqual(["accepted", "accepted", "rejected"]);
    const stored = await db.event.count({ where: { connectorId: w.wms.id } });

    const again = await post(w, body);
    expect(again).toEqual(await ingestBatch(w.wms, JSON.parse(body) as unknown[]));
    expect(again).toMatchObject({ received: 3, accepted: 0, duplicate: 3, rejected: 0 });
    expect(await db.event.count({ where: { connectorId: w.wms.id } })).toBe(stored);
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 5 });
    const hourly = await db.ingestHourly.aggregate({ where: { connectorId: w.wms.id }, _sum: { received: true, accepted: true, duplicate: true, rejected: true } });
    // the first post, the re-send and the full-path comparison
    expect(hourly._sum).toEqual({ received: 9, accepted: 2, duplicate: 6, rejected: 1 });
  });

  it("sends a body with an event it could not store under an id, or with a conflict, down the full path again", async () => {
    const w = await makeWorld();
    const withoutId = JSON.stringify([receipt(w, 1), { type: "receipt.posted", sku: w.code("A") }]);
    await post(w, withoutId);
    const again = await post(w, withoutId);
    // an event without an eventId cannot be recognised: it is a new rejected event each time
    expect(again.results.map((r) => r.status)).toEqual(["duplicate", "rejected"]);
    expect(await db.event.count({ where: { connectorId: w.wms.id, eventId: null } })).toBe(2);

    const original = receipt(w, 4);
    await post(w, JSON.stringify([original]));
    const conflicting = JSON.stringify([{ ...original, quantity: 40 }]);
    expect((await post(w, conflicting)).results[0]!.status).toBe("conflict");
    expect((await post(w, conflicting)).results[0]!.status).toBe("conflict");
    expect(await db.eventConflict.count({ where: { connectorId: w.wms.id } })).toBe(2);
    expect(await w.book("A", "WH")).toMatchObject({ onHand: 5 });
  });
});
