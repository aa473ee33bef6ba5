import { db } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import type { TLogger } from "@/server/lib/logger";
import { MAX_BODY_BYTES } from "./event.types";
import { ingestBatch, isStoredWhole, recordDuplicatesOnly, storedAgainAnswer, touchConnector, type TIngestConnector } from "./ingest-batch";
import { MalformedBodyError, parseEventsBody } from "./parse-body";
import { ConcurrencyGate, INGEST_SLOTS, takeRateToken } from "./rate-limit";
import { ResendCache } from "./resend-cache";
import { hasUnstorableText, storableText } from "./sanitize";

// Past this many batches in flight the database is the bottleneck: shed load with 503 + Retry-After.
// The deployment-wide gate is INGEST_SLOTS, taken in each batch's transaction; this one keeps a
// burst at one replica from queueing for its connection pool.
const gate = new ConcurrencyGate(INGEST_SLOTS.count);
const busy = () => new AppError("overloaded", "Sightline is busy ingesting; retry shortly.", { retryAfterSeconds: 1 });
// About 600,000 events' ids: the bodies a connector may still retry.
const resent = new ResendCache(32 * 1024 * 1024);

export type TPostEventsInput = {
  connector: TIngestConnector & { rateLimitPerSecond: number };
  contentType: "application/json" | "application/x-ndjson";
  body: string;
  log: TLogger;
};

/** Keeps a body that could not be parsed at all, whole, so nothing an authenticated connector sent is lost. */
export async function keepMalformedBody(connectorId: number, contentType: string, body: string, error: string) {
  const isExact = !hasUnstorableText(body);
  await db.deadLetterBody.create({
    data: { connectorId, contentType, body: isExact ? body : storableText(body), bodyBytes: isExact ? null : Buffer.from(body, "utf8"), error: storableText(error) },
  });
}

/** The connector's requests a second, counted across every replica (its bucket is in PostgreSQL). */
export async function enforceRateLimit(connector: { id: number; rateLimitPerSecond: number }) {
  const wait = await takeRateToken(connector.id, connector.rateLimitPerSecond);
  if (wait > 0) {
    throw new AppError("rate_limited", `This connector may send ${connector.rateLimitPerSecond} requests a second; retry after ${wait} s.`, { retryAfterSeconds: wait });
  }
}

/** The deployment-wide ingest slots a batch takes in its transaction (503 when every one is taken). */
export const DEPLOYMENT_SLOTS = { ...INGEST_SLOTS, whenFull: busy };

/** Runs ingest work unless too many batches are in flight already (then 503 + Retry-After). */
export async function withIngestGate<T>(work: () => Promise<T>): Promise<T> {
  if (!gate.tryEnter()) throw new AppError("overloaded", "Sightline is busy ingesting; retry shortly.", { retryAfterSeconds: 1 });
  try {
    return await work();
  } finally {
    gate.leave();
  }
}

/** POST /api/v1/events for one connector: the answer as JSON text (a re-sent body's answer is kept as text). */
export async function postEvents({ connector, contentType, body, log }: TPostEventsInput): Promise<string> {
  const receivedAt = new Date();
  const resendKey = ResendCache.key(connector.id, contentType, body);
  const known = resent.recall(resendKey, (eventIds) => JSON.stringify(storedAgainAnswer(eventIds)));
  if (known) {
    await recordDuplicatesOnly(connector.id, receivedAt, known.events);
    await touchConnector(connector.id, receivedAt, true).catch((e: unknown) => log.warn({ err: e }, "could not update last seen"));
    return known.answer;
  }
  let raws: unknown[];
  try {
    raws = parseEventsBody(body, contentType);
  } catch (e) {
    if (!(e instanceof MalformedBodyError)) throw e;
    await keepMalformedBody(connector.id, contentType, body, e.message);
    await touchConnector(connector.id, receivedAt, false);
    log.warn({ error: e.message }, "malformed events body kept as a dead letter");
    throw new AppError("invalid_body", `${e.message} The body was kept as a dead letter; fix it and send it again.`);
  }
  if (!gate.tryEnter()) throw busy();
  try {
    const result = await ingestBatch(connector, raws, receivedAt, { slots: DEPLOYMENT_SLOTS });
    if (raws.length > 0 && isStoredWhole(result)) resent.remember(resendKey, result.results.map((r) => r.eventId!));
    await touchConnector(connector.id, receivedAt, raws.length > 0).catch((e: unknown) => log.warn({ err: e }, "could not update last seen"));
    return JSON.stringify(result);
  } finally {
    gate.leave();
  }
}

export { MAX_BODY_BYTES };
