import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_SECONDS, parseRetrySeconds } from "./config";
import { parseRetryAfter } from "./http-post";
import { afterAttempt } from "./retry";

const now = new Date("2026-03-01T10:00:00Z");
const failed = { isDelivered: false, isGone: false, retryAfterSeconds: null };
const secondsUntil = (d: Date | null) => (d!.getTime() - now.getTime()) / 1000;

describe("retries", () => {
  it("follows the schedule with ±20 % jitter, then fails", () => {
    expect(parseRetrySeconds("5,300,1800,7200,18000,36000,36000")).toEqual(DEFAULT_RETRY_SECONDS);
    const low = afterAttempt(failed, 0, DEFAULT_RETRY_SECONDS, now, () => 0);
    const high = afterAttempt(failed, 1, DEFAULT_RETRY_SECONDS, now, () => 1);
    expect(low).toMatchObject({ status: "retrying", retryStep: 1 });
    expect(secondsUntil(low.nextAttemptAt)).toBe(4);
    expect(secondsUntil(high.nextAttemptAt)).toBe(360);
    expect(afterAttempt(failed, DEFAULT_RETRY_SECONDS.length, DEFAULT_RETRY_SECONDS, now)).toEqual({ status: "failed", retryStep: 7, nextAttemptAt: null });
  });

  it("never retries before Retry-After, and not at all after a 410 or a delivery", () => {
    const next = afterAttempt({ ...failed, retryAfterSeconds: 120 }, 0, DEFAULT_RETRY_SECONDS, now, () => 0.5);
    expect(secondsUntil(next.nextAttemptAt)).toBe(120);
    expect(afterAttempt({ ...failed, isGone: true }, 0, DEFAULT_RETRY_SECONDS, now).status).toBe("failed");
    expect(afterAttempt({ ...failed, isDelivered: true }, 3, DEFAULT_RETRY_SECONDS, now)).toEqual({ status: "delivered", retryStep: 3, nextAttemptAt: null });
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("30")).toBe(30);
    expect(parseRetryAfter(new Date(now.getTime() + 90_000).toUTCString(), now.getTime())).toBe(90);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});
