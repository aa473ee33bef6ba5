import { describe, expect, it } from "vitest";
import { slotSql } from "@/server/database/slots";
import { ConcurrencyGate, retryAfterSeconds, TurnQueue } from "./rate-limit";

describe("retryAfterSeconds", () => {
  it("is the whole seconds until one token is back, at least 1", () => {
    expect(retryAfterSeconds(0.9, 100)).toBe(1);
    expect(retryAfterSeconds(0, 5)).toBe(1);
    expect(retryAfterSeconds(-4, 1)).toBe(5);
  });
});

describe("slotSql", () => {
  it("names only integers (it is run as text in the transaction's first round trip)", () => {
    const sql = slotSql({ key: 727_401.9, count: 3.5 });
    expect(sql).toMatch(/generate_series\(0, 2\)/);
    expect(sql).toMatch(/pg_try_advisory_xact_lock\(727401, s\)/);
    expect(sql).toMatch(/% 3 as s/);
  });
});

describe("ConcurrencyGate", () => {
  it("refuses past its limit until someone leaves", () => {
    const gate = new ConcurrencyGate(2);
    expect(gate.tryEnter()).toBe(true);
    expect(gate.tryEnter()).toBe(true);
    expect(gate.tryEnter()).toBe(false);
    gate.leave();
    expect(gate.tryEnter()).toBe(true);
  });
});

describe("TurnQueue", () => {
  it("lets `limit` in at once, the rest in arrival order, and gives up on a wait past maxWaitMs", async () => {
    const q = new TurnQueue(2, 50);
    const order: string[] = [];
    expect(await q.take()).toBe(true);
    expect(await q.take()).toBe(true);
    const third = q.take().then((ok) => order.push(`third ${ok}`));
    const fourth = q.take().then((ok) => order.push(`fourth ${ok}`));
    expect(q.queued).toBe(2);
    q.release();
    await third;
    expect(order).toEqual(["third true"]);
    await fourth; // nobody released in time
    expect(order).toEqual(["third true", "fourth false"]);
    expect(q.queued).toBe(0);
    q.release();
    q.release();
    expect(await q.take()).toBe(true);
  });
});
