// What an attempt's outcome means for its message: delivered, failed for good, or retried after
// the schedule's next wait (with jitter, never before the receiver's Retry-After).
import type { TMessageStatus } from "./notifications.types";

const MAX_WAIT_SECONDS = 86_400;

export type TAttemptOutcome = { isDelivered: boolean; isGone: boolean; retryAfterSeconds: number | null };
export type TNext = { status: TMessageStatus; retryStep: number; nextAttemptAt: Date | null };

export function afterAttempt(outcome: TAttemptOutcome, retryStep: number, schedule: readonly number[], now: Date, random: () => number = Math.random): TNext {
  if (outcome.isDelivered) return { status: "delivered", retryStep, nextAttemptAt: null };
  if (outcome.isGone || retryStep >= schedule.length) return { status: "failed", retryStep, nextAttemptAt: null };
  // ±20 % so that messages failing together do not all come back together
  const jittered = schedule[retryStep]! * (0.8 + 0.4 * random());
  const wait = Math.min(MAX_WAIT_SECONDS, Math.max(jittered, outcome.retryAfterSeconds ?? 0));
  return { status: "retrying", retryStep: retryStep + 1, nextAttemptAt: new Date(now.getTime() + Math.round(wait * 1000)) };
}
