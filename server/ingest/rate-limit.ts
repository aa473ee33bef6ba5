/**
 * A token bucket per connector: `rate` requests a second with bursts of the same size. Kept in
 * this process; with several replicas each enforces its own share.
 */
export class RateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Returns 0 when the request may go ahead, else the seconds to wait. */
  take(key: number, ratePerSecond: number): number {
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: ratePerSecond, at: t };
    bucket.tokens = Math.min(ratePerSecond, bucket.tokens + ((t - bucket.at) / 1000) * ratePerSecond);
    bucket.at = t;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));
  }
}

/** Caps concurrent work; past the cap callers answer 503 rather than queueing without bound. */
export class ConcurrencyGate {
  private active = 0;
  constructor(private readonly limit: number) {}
  tryEnter(): boolean {
    if (this.active >= this.limit) return false;
    this.active++;
    return true;
  }
  leave() {
    this.active = Math.max(0, this.active - 1);
  }
}
