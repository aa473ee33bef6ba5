import { describe, expect, it } from "vitest";
import { ConcurrencyGate, RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows the rate per second, then asks to retry, and refills", () => {
    let t = 0;
    const limiter = new RateLimiter(() => t);
    for (let i = 0; i < 100; i++) expect(limiter.take(1, 100)).toBe(0);
    expect(limiter.take(1, 100)).toBeGreaterThanOrEqual(1);
    expect(limiter.take(2, 100)).toBe(0); // other connectors unaffected
    t += 1000;
    expect(limiter.take(1, 100)).toBe(0);
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
