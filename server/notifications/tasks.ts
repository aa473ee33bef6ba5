// The notification tasks the job runner runs (listed in server/workers/index.ts's JOB_TASKS).
import type { TaskList } from "graphile-worker";
import { db } from "@/server/db";
import { sendAvailabilityChanges } from "./availability-changed";
import { deliverDue } from "./deliver";
import { sendDigest } from "./digest";
import { dispatchDue } from "./dispatch";
import { scheduleSweep, SWEEP_EVERY_SECONDS, TASK } from "./jobs";
import { sweep } from "./sweep";

export const NOTIFICATION_TASKS: TaskList = {
  [TASK.dispatch]: async () => void (await dispatchDue()),
  [TASK.deliver]: async (payload) => void (await deliverDue((payload as { endpointId?: string | null }).endpointId ?? null)),
  [TASK.availability]: async (payload) => void (await sendAvailabilityChanges(Number((payload as { channelId: number }).channelId))),
  [TASK.digest]: async (payload) => {
    const p = payload as { endpointId: string; minute: string };
    await sendDigest(p.endpointId, new Date(p.minute));
  },
  [TASK.sweep]: async () => {
    try {
      await sweep();
    } finally {
      // the chain goes on even when a run failed (the crontab line below restarts a broken one)
      await scheduleSweep(db, new Date(Date.now() + SWEEP_EVERY_SECONDS * 1000)).catch(() => undefined);
    }
  },
};

/** Once a minute, a sweep is made sure of (a crash can leave the chain's next run locked for hours). */
export const NOTIFICATION_CRONTAB = [`* * * * * ${TASK.sweep} ?jobKey=${TASK.sweep}&jobKeyMode=preserve_run_at&max=1`];

/** Starts the sweep's chain of runs (each process asks; the job key keeps one). */
export async function startNotificationSweep(): Promise<void> {
  await scheduleSweep(db);
}
