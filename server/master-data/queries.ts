import { z } from "zod";
import { recordAudit } from "@/server/audit/audit";
import { db } from "@/server/db";
import { newToken, sha256Hex, tokenPrefix } from "@/server/lib/crypto";
import { AppError } from "@/server/lib/errors";

export const ZSkuListInput = z.object({
  q: z.string().trim().max(64).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(500).default(50),
});

/** SKUs by code, with a search over code, UPC and alias prefixes; keyset-paged by code. */
export async function listSkus(input: z.infer<typeof ZSkuListInput>) {
  const q = input.q;
  const rows = await db.sku.findMany({
    where: {
      ...(q
        ? { OR: [{ code: { startsWith: q } }, { upc: { startsWith: q } }, { aliases: { some: { alias: { startsWith: q } } } }, { name: { contains: q, mode: "insensitive" } }] }
        : {}),
      ...(input.cursor ? { code: { gt: input.cursor } } : {}),
    },
    orderBy: { code: "asc" },
    take: input.limit + 1,
    include: { aliases: { select: { alias: true }, orderBy: { alias: "asc" } } },
  });
  const items = rows.slice(0, input.limit).map((s) => ({
    code: s.code,
    upc: s.upc,
    name: s.name,
    category: s.category,
    aliases: s.aliases.map((a) => a.alias),
    updatedAt: s.updatedAt,
  }));
  return { items, nextCursor: rows.length > input.limit ? items.at(-1)!.code : null };
}

export async function listLocations() {
  const rows = await db.location.findMany({
    orderBy: { code: "asc" },
    include: { aliases: true, authoritativeConnector: { select: { code: true } } },
  });
  return rows.map((l) => ({
    code: l.code,
    kind: l.kind,
    name: l.name,
    aliases: l.aliases.map((a) => a.alias),
    authoritativeConnector: l.authoritativeConnector?.code ?? null,
  }));
}

export async function listChannels() {
  const rows = await db.channel.findMany({
    orderBy: [{ priority: "desc" }, { code: "asc" }],
    include: { locations: { include: { location: { select: { code: true } } } } },
  });
  return rows.map((c) => ({
    code: c.code,
    kind: c.kind,
    name: c.name,
    priority: c.priority,
    freshnessSloSeconds: c.freshnessSloSeconds,
    orderAllocationSloSeconds: c.orderAllocationSloSeconds,
    eligibleLocations: c.locations.map((l) => l.location.code).sort(),
  }));
}

export async function listConnectors() {
  const rows = await db.connector.findMany({ orderBy: { code: "asc" }, include: { channel: { select: { code: true } }, defaultLocation: { select: { code: true } } } });
  return rows.map((c) => ({
    code: c.code,
    kind: c.kind,
    name: c.name,
    channel: c.channel?.code ?? null,
    heartbeatSeconds: c.heartbeatSeconds,
    rateLimitPerSecond: c.rateLimitPerSecond,
    ackSloSeconds: c.ackSloSeconds,
    defaultLocation: c.defaultLocation?.code ?? null,
    keyPrefix: c.keyPrefix,
    hasWebhookSecret: !!c.webhookSecretEnc,
    lastSeenAt: c.lastSeenAt,
    lastEventAt: c.lastEventAt,
  }));
}

export async function masterDataCounts() {
  const [skus, locations, channels, connectors] = await Promise.all([db.sku.count(), db.location.count(), db.channel.count(), db.connector.count()]);
  return { skus, locations, channels, connectors };
}

/** Issues a new key for a connector; the old one stops working at once. Shown once. */
export async function rotateConnectorKey(code: string, actorEmail: string) {
  const key = newToken("slc");
  await db.$transaction(async (tx) => {
    const connector = await tx.connector.findUnique({ where: { code } });
    if (!connector) throw new AppError("not_found", `No connector ${code}.`);
    await tx.connector.update({ where: { id: connector.id }, data: { keyHash: sha256Hex(key), keyPrefix: tokenPrefix(key) } });
    await recordAudit(tx, { actorEmail, action: "connector.rotate_key", targetType: "connector", targetId: code, details: { prefix: tokenPrefix(key) } });
  });
  return { code, key, keyPrefix: tokenPrefix(key) };
}
