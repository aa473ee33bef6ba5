// Scheduled runs (SIGHTLINE_RECONCILE_CRON, UTC). The queue's own crontab is minute-precision, so the
// schedule is a job that starts a run and adds the next one at the cron's next instant, under one
// job key: however many processes run, there is one pending schedule job, so a run starts once.
import { Cron } from "croner";
import { pgPool } from "@/server/db";
import { enqueueJob, JOBS_SCHEMA } from "@/server/jobs/queue";
import { AppError } from "@/server/lib/errors";
import type { TLogger } from "@/server/lib/logger";
import { startRun } from "./start";

export const SCHEDULE_TASK = "reconciliation.schedule";
export const SCHEDULE_JOB_KEY = "reconciliation:schedule";
export const DEFAULT_CRON = "0 2 * * *";

/** The cron's next instant strictly after `after` (UTC). */
export function nextRunAt(cron: string, after: Date): Date {
  const next = new Cron(cron, { timezone: "UTC" }).nextRun(after);
  if (!next) throw new Error(`The cron ${cron} never fires again.`);
  return next;
}

type TSchedulePayload = { cron: string };

/**
 * Makes sure the schedule job is pending for `cron`. A pending job of the same cron keeps its time
 * (a run missed while no process was up then fires once, late); another cron replaces it.
 */
export async function ensureSchedule(cron: string, now = new Date()): Promise<Date> {
  const { rows } = await pgPool().query<{ payload: TSchedulePayload; run_at: Date; locked_at: Date | null }>(
    `select payload, run_at, locked_at from ${JOBS_SCHEMA}._private_jobs where key = $1`,
    [SCHEDULE_JOB_KEY],
  );
  const pending = rows[0];
  if (pending && !pending.locked_at && pending.payload?.cron === cron) return pending.run_at;
  const runAt = nextRunAt(cron, now);
  await enqueueJob(pgPool(), SCHEDULE_TASK, { cron } satisfies TSchedulePayload, { jobKey: SCHEDULE_JOB_KEY, keyMode: "replace", runAt, maxAttempts: 1 });
  return runAt;
}

/** The schedule job: add the next schedule job first (so a failure here never ends the schedule), then start a run. */
export async function runScheduledTick(payload: unknown, log: TLogger): Promise<void> {
  const cron = (payload as Partial<TSchedulePayload> | null)?.cron || DEFAULT_CRON;
  await enqueueJob(pgPool(), SCHEDULE_TASK, { cron } satisfies TSchedulePayload, { jobKey: SCHEDULE_JOB_KEY, keyMode: "replace", runAt: nextRunAt(cron, new Date()), maxAttempts: 1 });
  try {
    const run = await startRun({}, { trigger: "schedule", by: null });
    log.info({ runId: run.id, cron }, "scheduled reconciliation run started");
  } catch (error) {
    if (error instanceof AppError && error.code === "run_in_progress") log.warn({ cron }, "scheduled reconciliation skipped: a run is still running");
    else log.error({ err: error, cron }, "scheduled reconciliation could not start");
  }
}
