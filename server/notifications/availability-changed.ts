// availability.changed: the target changes kept by the target writers (availability_change) sent
// per channel, at most one message every 5 s to each endpoint, ≤ 1,000 SKUs each, a SKU changed
// several times meanwhile coalesced into one item (its first previous target, its last target).
import { db } from "@/server/db";
import { enqueueJob } from "@/server/jobs/queue";
import { factsOf, liveEndpoints } from "./endpoint-rows";
import { wantsAvailability } from "./filter";
import { insertMessages } from "./insert-messages";
import { newMessageId, TASK } from "./jobs";

export const AVAILABILITY_EVERY_SECONDS = 5;
export const AVAILABILITY_MAX_ITEMS = 1_000;
const LOCK_BASE = 727_400_000;

type TItem = { sku: string; target: number; previousTarget: number | null };

/** One round for one channel (the notify_availability task); schedules the next round if SKUs are left. */
export async function sendAvailabilityChanges(channelId: number): Promise<{ items: number; messages: number }> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(${LOCK_BASE + channelId})`;
      const [state] = await tx.$queryRaw<{ wait_ms: number }[]>`
        select greatest(0, extract(epoch from last_sent_at + make_interval(secs => ${AVAILABILITY_EVERY_SECONDS}) - now()) * 1000)::int as wait_ms
        from notification_channel_state where channel_id = ${channelId}`;
      if (state && state.wait_ms > 0) {
        await scheduleNext(tx, channelId, state.wait_ms);
        return { items: 0, messages: 0 };
      }
      const [channel] = await tx.$queryRaw<{ code: string }[]>`select code from channel where id = ${channelId}`;
      const rows = await tx.$queryRaw<(TItem & { n: bigint })[]>`
        with skus as (select sku_id from availability_change where channel_id = ${channelId} group by sku_id order by min(id) limit ${AVAILABILITY_MAX_ITEMS}),
        taken as (delete from availability_change a using skus where a.channel_id = ${channelId} and a.sku_id = skus.sku_id
                  returning a.id, a.sku_id, a.previous_target, a.target)
        select s.code as sku, (array_agg(t.target order by t.id desc))[1] as target, (array_agg(t.previous_target order by t.id))[1] as "previousTarget", count(*) as n
        from taken t join sku s on s.id = t.sku_id group by s.code order by min(t.id)`;
      const [left] = await tx.$queryRaw<{ has: boolean }[]>`select exists (select 1 from availability_change where channel_id = ${channelId}) as has`;
      if (left?.has) await scheduleNext(tx, channelId, AVAILABILITY_EVERY_SECONDS * 1000);
      // a SKU changed back meanwhile, or a new position at 0, changes nothing a channel may sell
      const items = rows.filter((r) => r.target !== (r.previousTarget ?? 0)).map((r) => ({ sku: r.sku, target: r.target, previousTarget: r.previousTarget }));
      if (!channel || items.length === 0) return { items: 0, messages: 0 };
      const endpoints = (await liveEndpoints(tx)).map(factsOf).filter((e) => wantsAvailability(e, channel.code));
      if (endpoints.length === 0) return { items: items.length, messages: 0 };
      const payload = { type: "availability.changed", timestamp: new Date().toISOString(), data: { channel: channel.code, items } };
      await insertMessages(tx, endpoints.map((e) => ({ id: newMessageId(), endpoint_id: e.id, to_address: null, type: "availability.changed", group_id: null, payload })));
      await tx.$executeRaw`
        insert into notification_channel_state (channel_id, last_sent_at) values (${channelId}, now())
        on conflict (channel_id) do update set last_sent_at = excluded.last_sent_at`;
      return { items: items.length, messages: endpoints.length };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

async function scheduleNext(tx: Parameters<typeof enqueueJob>[0], channelId: number, waitMs: number) {
  await enqueueJob(tx, TASK.availability, { channelId }, { jobKey: `${TASK.availability}:${channelId}`, runAt: new Date(Date.now() + waitMs), maxAttempts: 5 });
}
