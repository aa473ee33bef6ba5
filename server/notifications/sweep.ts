// The safety net, every SWEEP_EVERY_SECONDS as a job that schedules its next run: work whose job
// was lost (a crashed process's jobs stay locked for hours) is asked for again, endpoints failing
// for too long are disabled, and old outbox rows are pruned.
import { db } from "@/server/db";
import { enqueueJob } from "@/server/jobs/queue";
import { notifyConfig, type TNotifyConfig } from "./config";
import { scheduleDigest } from "./digest";
import { disableLongFailing } from "./health";
import { kickDelivery, TASK } from "./jobs";

/** How late work must be before the sweep asks for it again (its own job normally runs first). */
const LATE_SECONDS = 10;

export async function sweep(opts: { config?: TNotifyConfig } = {}) {
  const config = opts.config ?? notifyConfig();
  return db.$transaction(
    async (tx) => {
      const late = await tx.$queryRaw<{ endpoint_id: string | null }[]>`
        select distinct endpoint_id from notification_message
        where status in ('pending', 'retrying') and next_attempt_at < now() - make_interval(secs => ${LATE_SECONDS})
          and (leased_until is null or leased_until < now())`;
      await kickDelivery(tx, late.map((r) => r.endpoint_id));
      const [events] = await tx.$queryRaw<{ late: boolean }[]>`
        select exists (select 1 from notification_event where dispatched_at is null and due_at < now() - make_interval(secs => ${LATE_SECONDS})) as late`;
      if (events?.late) await enqueueJob(tx, TASK.dispatch, {}, { jobKey: `${TASK.dispatch}:sweep`, maxAttempts: 5 });
      const channels = await tx.$queryRaw<{ channel_id: number }[]>`
        select distinct channel_id from availability_change where at < now() - make_interval(secs => ${LATE_SECONDS + 5})`;
      for (const c of channels) await enqueueJob(tx, TASK.availability, { channelId: c.channel_id }, { jobKey: `${TASK.availability}:${c.channel_id}`, keyMode: "preserve_run_at", maxAttempts: 5 });
      const digests = await tx.$queryRaw<{ endpoint_id: string; minute: Date }[]>`
        select endpoint_id, minute from notification_digest where sent_at is null and minute < now() - make_interval(secs => ${60 + LATE_SECONDS})`;
      for (const d of digests) await scheduleDigest(tx, d.endpoint_id, d.minute);
      const disabled = await disableLongFailing(tx, config);
      // the outbox keeps an hour of transitions for flap damping; a day is plenty
      await tx.$executeRaw`delete from notification_event where dispatched_at < now() - interval '1 day'`;
      await tx.$executeRaw`delete from notification_digest where sent_at < now() - interval '1 day'`;
      await tx.$executeRaw`delete from notification_demo_receipt where id < (select min(id) from (select id from notification_demo_receipt order by id desc limit 50) kept)`;
      return { lateEndpoints: late.length, lateChannels: channels.length, lateDigests: digests.length, disabled };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}
