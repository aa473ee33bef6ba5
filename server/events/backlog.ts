import { db, type TTx } from "@/server/db";

/**
 * Stored events a worker has not read yet: ids past its watermark (an app_setting whose value
 * names the last event id it took). Ids are a sequence, so this is their number, give or take
 * the ids of rolled-back inserts. A page says it is catching up when this is large.
 */
export async function eventsPastWatermark(watermarkKey: string, tx: TTx = db): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`
    select greatest(0, (select coalesce(max(id), 0) from event)
                       - coalesce((select (value->>'event')::bigint from app_setting where key = ${watermarkKey}), 0)) as n`;
  return Number(row?.n ?? 0);
}
