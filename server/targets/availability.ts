import { createHash } from "node:crypto";
import { Prisma } from "@prisma/client";
import type { TPrincipal } from "@/server/auth/principal";
import { db } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import type { TAvailabilityPage, TAvailabilityQuery } from "./availability.types";

function encodeCursor(skuId: number, channelId: number) {
  return Buffer.from(`${skuId}.${channelId}`).toString("base64url");
}

function decodeCursor(cursor: string): [number, number] {
  const match = /^(\d+)\.(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw new AppError("invalid_query", "cursor: not a cursor this API gave out; start again without it.");
  return [Number(match[1]), Number(match[2])];
}

/** The channel a caller may read: a connector that names a channel reads that one only. */
async function scopedChannelId(principal: TPrincipal, channelCode: string | undefined): Promise<number | null | "none"> {
  const requested = channelCode ? await db.channel.findUnique({ where: { code: channelCode }, select: { id: true } }) : null;
  if (principal.kind === "connector" && principal.connector.channelId !== null) {
    const own = principal.connector.channelId;
    if (channelCode && requested?.id !== own) {
      throw new AppError("forbidden", `Connector ${principal.connector.code} reads its own channel only, not ${channelCode}.`);
    }
    return own;
  }
  if (channelCode) return requested ? requested.id : "none";
  return null;
}

/**
 * GET /api/v1/availability: targets and exposures per SKU × channel, keyset-paged by (SKU, channel)
 * on the primary key so a 1,000-row page is one index range scan.
 */
export async function listAvailability(principal: TPrincipal, query: TAvailabilityQuery): Promise<TAvailabilityPage> {
  const channelId = await scopedChannelId(principal, query.channel);
  if (channelId === "none") return { items: [], nextCursor: null };
  let skuId: number | null = null;
  if (query.sku) {
    const sku = await db.sku.findUnique({ where: { code: query.sku }, select: { id: true } });
    if (!sku) return { items: [], nextCursor: null };
    skuId = sku.id;
  }
  const conditions: Prisma.Sql[] = [];
  if (channelId !== null) conditions.push(Prisma.sql`p.channel_id = ${channelId}`);
  if (skuId !== null) conditions.push(Prisma.sql`p.sku_id = ${skuId}`);
  if (query.since) {
    const since = new Date(query.since);
    conditions.push(Prisma.sql`(p.target_updated_at >= ${since} or p.exposed_at >= ${since})`);
  }
  if (query.cursor) {
    const [s, c] = decodeCursor(query.cursor);
    conditions.push(Prisma.sql`(p.sku_id, p.channel_id) > (${s}::int, ${c}::int)`);
  }
  const where = conditions.length ? Prisma.sql`where ${Prisma.join(conditions, " and ")}` : Prisma.empty;
  const rows = await db.$queryRaw<{ sku_id: number; channel_id: number; sku: string; channel: string; target: number; exposed: number | null; exposed_at: Date | null }[]>`
    select p.sku_id, p.channel_id, s.code as sku, c.code as channel, p.target, p.exposed, p.exposed_at
    from channel_position p join sku s on s.id = p.sku_id join channel c on c.id = p.channel_id
    ${where}
    order by p.sku_id, p.channel_id
    limit ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      sku: r.sku,
      channel: r.channel,
      target: r.target,
      exposed: r.exposed,
      exposedAt: r.exposed_at ? r.exposed_at.toISOString() : null,
      drift: r.exposed === null ? null : r.exposed - r.target,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.sku_id, last.channel_id) : null,
  };
}

/** A weak validator over the page's exact content: equal pages, equal ETags. */
export function availabilityEtag(body: string) {
  return `W/"${createHash("sha1").update(body).digest("base64url")}"`;
}

export function matchesIfNoneMatch(header: string | null, etag: string) {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => bare(t) === bare(etag));
}
