import type { Prisma } from "@prisma/client";
import type pg from "pg";
import type { TTx } from "@/server/db";

export type TAuditEntry = {
  actorEmail: string;
  action: string;
  targetType: string;
  targetId?: string | number | bigint | null;
  reason?: string | null;
  details?: Prisma.InputJsonValue;
};

/** Writes one audit row; call it inside the transaction of the change it records. */
export async function recordAudit(tx: TTx, entry: TAuditEntry) {
  return tx.auditLog.create({
    data: {
      actorEmail: entry.actorEmail,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId == null ? null : String(entry.targetId),
      reason: entry.reason ?? null,
      details: entry.details,
    },
    select: { id: true, at: true },
  });
}

/** The same row written on a raw pg client, for changes made in a pg transaction (replay's apply). */
export async function recordAuditSql(client: pg.ClientBase, entry: TAuditEntry): Promise<{ id: string; at: Date }> {
  const { rows } = await client.query<{ id: string; at: Date }>(
    `insert into audit_log (actor_email, action, target_type, target_id, reason, details) values ($1, $2, $3, $4, $5, $6::jsonb) returning id::text as id, at`,
    [entry.actorEmail, entry.action, entry.targetType, entry.targetId == null ? null : String(entry.targetId), entry.reason ?? null, entry.details === undefined ? null : JSON.stringify(entry.details)],
  );
  return rows[0]!;
}

export async function listAudit(tx: TTx, opts: { targetType?: string; targetId?: string; limit?: number; cursor?: bigint }) {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  const rows = await tx.auditLog.findMany({
    where: { targetType: opts.targetType, targetId: opts.targetId, ...(opts.cursor ? { id: { lt: opts.cursor } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const items = rows.slice(0, limit).map((r) => ({ ...r, id: Number(r.id) }));
  return { items, nextCursor: rows.length > limit ? String(rows[limit - 1]!.id) : null };
}
