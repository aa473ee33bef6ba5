// Order life and partner messages are kept by the projection. SIGHTLINE_ORDER_TRACKING=0 (for
// benchmarks only: bench/orders measures what they cost ingest) leaves them out; the book is the same.
export function isOrderTrackingOn(): boolean {
  return process.env.SIGHTLINE_ORDER_TRACKING !== "0";
}
