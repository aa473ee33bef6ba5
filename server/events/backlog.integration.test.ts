import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { at, makeWorld } from "@/test/fixtures";
import { eventsPastWatermark } from "./backlog";

describe("events past a worker's watermark", () => {
  it("counts the stored events after the id a watermark names, and never less than none", async () => {
    const w = await makeWorld();
    const key = `test.watermark.${w.code("x")}`;
    await w.ingest(w.wms, Array.from({ length: 4 }, (_, i) => ({ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 1, occurredAt: at(i) })));
    const [{ max }] = (await db.$queryRaw<{ max: bigint }[]>`select max(id) as max from event`) as [{ max: bigint }];
    // a worker that never ran has read nothing
    expect(await eventsPastWatermark(key)).toBe(Number(max));
    await db.appSetting.create({ data: { key, value: { event: String(max - 3n) } } });
    expect(await eventsPastWatermark(key)).toBe(3);
    await db.appSetting.update({ where: { key }, data: { value: { event: String(max + 10n) } } });
    expect(await eventsPastWatermark(key)).toBe(0);
  });
});
