// The notification jobs on the PostgreSQL job queue (graphile-worker): their names and how each
// is added. Delivery state lives in notification_message, not in the jobs: a job only says "look
// now", so a job lost with a crashed process costs a wait (the sweep re-adds it), never a message.
import { randomBytes } from "node:crypto";
import type { TTx } from "@/server/db";
import { enqueueJob } from "@/server/jobs/queue";

export const TASK = {
  dispatch: "notify_dispatch",
  deliver: "notify_deliver",
  availability: "notify_availability",
  digest: "notify_digest",
  sweep: "notify_sweep",
} as const;

export const SWEEP_EVERY_SECONDS = 10;

/** A message id (the `webhook-id`): stable across attempts and redeliveries. */
export function newMessageId(): string {
  return `msg_${randomBytes(18).toString("base64url")}`;
}

const keyOf = (endpointId: string | null) => `${TASK.deliver}:${endpointId ?? "direct"}`;

/** Deliver now whatever is due for these endpoints (null: emails to assignees). */
export async function kickDelivery(tx: Parameters<typeof enqueueJob>[0], endpointIds: Iterable<string | null>): Promise<void> {
  for (const endpointId of new Set(endpointIds)) {
    await enqueueJob(tx, TASK.deliver, { endpointId }, { jobKey: keyOf(endpointId), maxAttempts: 3 });
  }
}

/** A retry's wake-up: one job per endpoint and second (messages retrying in the same second share it). */
export async function scheduleDelivery(tx: TTx, endpointId: string | null, at: Date): Promise<void> {
  const second = Math.ceil(at.getTime() / 1000);
  await enqueueJob(tx, TASK.deliver, { endpointId }, { jobKey: `${keyOf(endpointId)}:${second}`, runAt: new Date(second * 1000), maxAttempts: 3 });
}

export async function scheduleSweep(tx: TTx, runAt?: Date): Promise<void> {
  await enqueueJob(tx, TASK.sweep, {}, { jobKey: TASK.sweep, runAt: runAt ?? new Date(), maxAttempts: 1 });
}
