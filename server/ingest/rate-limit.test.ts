import { describe, expect, it } from "vitest";
import { slotSql } from "@/server/database/slots";
import { ConcurrencyGate, retryAfterSeconds } from "./rate-limit";

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
