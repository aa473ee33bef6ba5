import { Prisma } from "@prisma/client";
import { z } from "zod";
import { db, type TTx } from "@/server/db";
import type { TStalenessItem } from "./drift.types";
import { decodeCursor, iso, pageOf, type TPage } from "./paging";

type TRow = { kind: "channel" | "connector"; code: string; last: Date | null; slo: number };
export type TStalenessRow = TStalenessItem & { kind: "channel" | "connector" };

/**
 * A channel's last update is its latest channel.quantity.* by occurredAt (the newest
 * channel_exposure row, read through its (channel_id, occurred_at) index); a connector's is its
 * last event received. A feed that never reported is not stale.
 */
async function stalenessRows(filter: { channel?: string }, tx: TTx): Promise<TRow[]> {
  const channelWhere = filter.channel ? Prisma.sql`where c.code = ${filter.channel}` : Prisma.empty;
  const connectorWhere = filter.channel ? Prisma.sql`where k.channel_id = (select id from channel where code = ${filter.channel})` : Prisma.empty;
  return tx.$queryRaw<TRow[]>`
    select 'channel' as kind, c.code, (select max(e.occurred_at) from channel_exposure e where e.channel_id = c.id) as last, c.freshness_slo_seconds as slo
    from channel c ${channelWhere}
    union all
    select 'connector', k.code, k.last_event_at, k.heartbeat_seconds from connector k ${connectorWhere}`;
}

export function toStalenessRow(r: TRow, now: Date): TStalenessRow {
  const staleSeconds = r.last ? Math.max(0, Math.floor((now.getTime() - r.last.getTime()) / 1000)) : null;
  return {
    kind: r.kind,
    channel: r.kind === "channel" ? r.code : null,
    connector: r.kind === "connector" ? r.code : null,
    lastUpdateAt: iso(r.last),
    staleSeconds,
    sloSeconds: r.slo,
    isStale: staleSeconds !== null && staleSeconds > r.slo,
  };
}

type TKey = [boolean, string | null, "channel" | "connector", string];
const ZStaleCursor = z.tuple([z.boolean(), z.string().nullable(), z.enum(["channel", "connector"]), z.string()]);

function keyOf(r: TStalenessRow): TKey {
  return [r.isStale, r.lastUpdateAt, r.kind, (r.channel ?? r.connector)!];
}

/** Stale first, then the longest silence (never reported last), channels before connectors, by code. */
function compareKeys(a: TKey, b: TKey): number {
  if (a[0] !== b[0]) return a[0] ? -1 : 1;
  if (a[1] !== b[1]) {
    if (a[1] === null) return 1;
    if (b[1] === null) return -1;
    return a[1] < b[1] ? -1 : 1;
  }
  if (a[2] !== b[2]) return a[2] === "channel" ? -1 : 1;
  return a[3] === b[3] ? 0 : a[3] < b[3] ? -1 : 1;
}

export async function listStaleness(
  input: { channel?: string; limit: number; cursor?: string },
  tx: TTx = db,
  now = new Date(),
): Promise<TPage<TStalenessRow>> {
  const cursor = decodeCursor(input.cursor, ZStaleCursor);
  const rows = (await stalenessRows(input, tx)).map((r) => toStalenessRow(r, now)).sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  const after = cursor ? rows.filter((r) => compareKeys(keyOf(r), cursor) > 0) : rows;
  return pageOf(after.slice(0, input.limit + 1), input.limit, keyOf);
}
