import { db, type TTx } from "@/server/db";
import { CHANNEL_TYPES } from "@/server/ingest/event-log";
import { findSku } from "./sku-view";

const HOUR_MS = 3600_000;
const QUANTITY_TYPES = CHANNEL_TYPES.filter((t) => t !== "channel.push.failed");

export type THistoryPoint = { t: number; onHand: number; atp: number; exposure: Record<string, number | null> };
export type TSkuHistory = { from: string; to: string; bucketSeconds: number; channels: string[]; points: THistoryPoint[] };

/**
 * A SKU's on-hand, ATP and each channel's exposure over the last days, hour by hour.
 * The book is walked back from today through the canonical journal (movement, book 0):
 * value(t) = now − every delta that occurred after t. Exposure is replayed forward from the
 * channel quantity events: per channel, the sum of each channel location's latest quantity
 * (the location the event named, as ingest keys channel_exposure).
 */
export async function skuHistory(input: { code: string; days?: number }, tx: TTx = db, now = new Date()): Promise<TSkuHistory> {
  const sku = await findSku(input.code, tx);
  const days = input.days ?? 7;
  const end = now.getTime();
  const start = Math.floor((end - days * 24 * HOUR_MS) / HOUR_MS) * HOUR_MS;
  const from = new Date(start);

  const [current, movements, exposures] = await Promise.all([
    tx.$queryRaw<{ on_hand: bigint | null; atp: bigint | null }[]>`
      select sum(on_hand)::int8 as on_hand, sum(on_hand - reserved - allocated)::int8 as atp from inventory_position where sku_id = ${sku.id}`,
    tx.$queryRaw<{ at: Date; d_on_hand: number; d_atp: number }[]>`
      select occurred_at as at, sum(d_on_hand)::int as d_on_hand, sum(d_on_hand - d_reserved - d_allocated)::int as d_atp
      from movement where book = 0 and sku_id = ${sku.id} and occurred_at > ${from}
      group by occurred_at order by occurred_at desc`,
    tx.$queryRaw<{ channel: string; place: number; quantity: number; at: Date }[]>`
      with q as (
        select e.channel_id, coalesce(e.location_id, 0) as place, e.quantity, e.occurred_at, e.id
        from event e
        where e.sku_id = ${sku.id} and e.status = 'accepted' and e.type = any(${QUANTITY_TYPES}::text[]) and e.quantity is not null and e.occurred_at <= ${now}
      )
      select ch.code as channel, x.place, x.quantity, x.occurred_at as at from (
        (select distinct on (channel_id, place) * from q where occurred_at <= ${from} order by channel_id, place, occurred_at desc, id desc)
        union all
        (select * from q where occurred_at > ${from})
      ) x join channel ch on ch.id = x.channel_id
      order by x.occurred_at, x.id`,
  ]);

  const times: number[] = [];
  for (let t = start; t < end; t += HOUR_MS) times.push(t);
  times.push(end);

  // Walk back: movements are newest first; subtract each once the point is earlier than it.
  let onHand = Number(current[0]?.on_hand ?? 0);
  let atp = Number(current[0]?.atp ?? 0);
  const book = new Map<number, { onHand: number; atp: number }>();
  let m = 0;
  for (let i = times.length - 1; i >= 0; i--) {
    while (m < movements.length && movements[m]!.at.getTime() > times[i]!) {
      onHand -= movements[m]!.d_on_hand;
      atp -= movements[m]!.d_atp;
      m++;
    }
    book.set(times[i]!, { onHand, atp });
  }

  const channels = [...new Set(exposures.map((e) => e.channel))].sort();
  const latest = new Map<string, Map<number, number>>(channels.map((c) => [c, new Map()]));
  const points: THistoryPoint[] = [];
  let x = 0;
  for (const t of times) {
    while (x < exposures.length && exposures[x]!.at.getTime() <= t) {
      const e = exposures[x]!;
      latest.get(e.channel)!.set(e.place, e.quantity);
      x++;
    }
    const exposure: Record<string, number | null> = {};
    for (const c of channels) {
      const places = latest.get(c)!;
      exposure[c] = places.size === 0 ? null : [...places.values()].reduce((a, b) => a + b, 0);
    }
    points.push({ t, ...book.get(t)!, exposure });
  }
  return { from: from.toISOString(), to: now.toISOString(), bucketSeconds: HOUR_MS / 1000, channels, points };
}
