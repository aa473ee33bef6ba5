// The delivery log: messages newest first (keyset paged), one message with its payload and every
// attempt, and redelivery of one message with the same id.
import { Prisma } from "@prisma/client";
import { recordAudit } from "@/server/audit/audit";
import { db } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import { kickDelivery } from "./jobs";
import type { TMessage, TMessageDetail, TMessageListQuery, TMessageStatus, TMessageType } from "./notifications.types";

type TMessageRow = {
  id: string;
  endpoint_id: string | null;
  to_address: string | null;
  type: TMessageType;
  status: TMessageStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
};

function toMessage(r: TMessageRow): TMessage {
  return {
    id: r.id,
    endpoint: r.endpoint_id,
    type: r.type,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    nextAttemptAt: r.status === "pending" || r.status === "retrying" ? (r.next_attempt_at?.toISOString() ?? null) : null,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    to: r.to_address,
  };
}

const COLUMNS = Prisma.sql`id, endpoint_id, to_address, type, status, attempts, last_status_code, last_error, created_at, next_attempt_at, delivered_at`;

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === "string") return v as [string, string];
  } catch {
    // fall through
  }
  throw new AppError("invalid_query", "cursor: not a cursor this list gave out; start again without it.");
}

export async function listMessages(q: TMessageListQuery): Promise<{ items: TMessage[]; nextCursor: string | null }> {
  const where: Prisma.Sql[] = [];
  if (q.endpoint) where.push(Prisma.sql`endpoint_id = ${q.endpoint}`);
  if (q.type) where.push(Prisma.sql`type = ${q.type}`);
  if (q.status) where.push(Prisma.sql`status = ${q.status}`);
  if (q.group) where.push(Prisma.sql`group_id = ${q.group}`);
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor);
    where.push(Prisma.sql`(created_at, id) < (${at}::timestamptz, ${id})`);
  }
  const rows = await db.$queryRaw<TMessageRow[]>`
    select ${COLUMNS} from notification_message where ${where.length ? Prisma.join(where, " and ") : Prisma.sql`true`}
    order by created_at desc, id desc limit ${q.limit + 1}`;
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { items: page.map(toMessage), nextCursor: rows.length > q.limit && last ? Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString("base64url") : null };
}

export async function getMessage(id: string): Promise<TMessageDetail> {
  const [row] = await db.$queryRaw<(TMessageRow & { payload: TMessageDetail["payload"] })[]>`select ${COLUMNS}, payload from notification_message where id = ${id}`;
  if (!row) throw new AppError("not_found", `No notification message ${id}.`);
  const attempts = await db.$queryRaw<{ at: Date; status_code: number | null; duration_ms: number; error: string | null; response_body: string | null }[]>`
    select at, status_code, duration_ms, error, response_body from notification_attempt where message_id = ${id} order by id`;
  return {
    ...toMessage(row),
    payload: row.payload,
    attemptLog: attempts.map((a) => ({
      at: a.at.toISOString(),
      statusCode: a.status_code,
      durationMs: a.duration_ms,
      ...(a.error ? { error: a.error } : {}),
      ...(a.response_body ? { responseBody: a.response_body } : {}),
    })),
  };
}

/** Sends one message again, whatever its status, with the same id (`webhook-id`) and a fresh retry schedule. */
export async function redeliverMessage(id: string, actor: { email: string }): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ endpoint_id: string | null; status: string }[]>`
      update notification_message set status = 'pending', retry_step = 0, next_attempt_at = now()
      where id = ${id} returning endpoint_id, (select status from notification_message where id = ${id}) as status`;
    if (!row) throw new AppError("not_found", `No notification message ${id}.`);
    await recordAudit(tx, { actorEmail: actor.email, action: "notification.message.redeliver", targetType: "notification_message", targetId: id, details: { endpoint: row.endpoint_id, previousStatus: row.status } });
    await kickDelivery(tx, [row.endpoint_id]);
    return { id };
  });
}
