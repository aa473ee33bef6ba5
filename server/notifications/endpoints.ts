// Endpoints: list, create (a webhook's secret shown once), change, delete, rotate the secret, send
// a test, recover failed messages. Every change is audited in its own transaction.
import { randomBytes } from "node:crypto";
import { Prisma } from "@prisma/client";
import { recordAudit } from "@/server/audit/audit";
import { db, type TTx } from "@/server/db";
import { sealSecret } from "@/server/lib/crypto";
import { AppError } from "@/server/lib/errors";
import { notifyConfig, type TNotifyConfig } from "./config";
import { endpointRow, filterOf, type TEndpointRow } from "./endpoint-rows";
import { clearFailing } from "./health";
import { insertMessages } from "./insert-messages";
import { kickDelivery, newMessageId } from "./jobs";
import { DEFAULT_EVENT_TYPES, type TEndpoint, type TEndpointCreate, type TEndpointListQuery, type TEndpointPatch, type TMessageType } from "./notifications.types";
import { newWebhookSecret } from "./signing";
import { checkEndpointUrl } from "./ssrf";

/** Grace time during which the previous secret signs too. */
export const ROTATION_GRACE_HOURS = 24;

export function toEndpoint(e: TEndpointRow): TEndpoint {
  return {
    id: e.id,
    kind: e.kind,
    ...(e.kind === "email" ? { to: e.to_addresses ?? [] } : { url: e.url ?? "" }),
    description: e.description,
    eventTypes: e.event_types as TMessageType[],
    filter: filterOf(e.filter),
    enabled: e.enabled,
    mutedUntil: e.muted_until?.toISOString() ?? null,
    rateLimitPerMinute: e.rate_limit_per_minute,
    status: !e.enabled ? "disabled" : e.failing_since ? "failing" : "healthy",
    createdAt: e.created_at.toISOString(),
    disabledReason: e.enabled ? null : e.disabled_reason,
    lastSuccessAt: e.last_success_at?.toISOString() ?? null,
    lastFailureAt: e.last_failure_at?.toISOString() ?? null,
    failingSince: e.failing_since?.toISOString() ?? null,
    isDemo: e.is_demo,
  };
}

async function requireEndpoint(tx: TTx, id: string, lock = false): Promise<TEndpointRow> {
  const row = lock ? (await tx.$queryRaw<TEndpointRow[]>`select * from notification_endpoint where id = ${id} for update`)[0] : await endpointRow(tx, id);
  if (!row) throw new AppError("not_found", `No notification endpoint ${id}.`);
  return row;
}

export async function getEndpoint(id: string): Promise<TEndpoint> {
  return toEndpoint(await requireEndpoint(db, id));
}

function encodeCursor(e: TEndpointRow) {
  return Buffer.from(JSON.stringify([e.created_at.toISOString(), e.id])).toString("base64url");
}
function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === "string") return v as [string, string];
  } catch {
    // fall through
  }
  throw new AppError("invalid_query", "cursor: not a cursor this list gave out; start again without it.");
}

export async function listEndpoints(q: TEndpointListQuery): Promise<{ items: TEndpoint[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const rows = await db.$queryRaw<TEndpointRow[]>`
    select * from notification_endpoint
    where ${after ? Prisma.sql`(created_at, id) > (${after[0]}::timestamptz, ${after[1]})` : Prisma.sql`true`}
    order by created_at, id limit ${q.limit + 1}`;
  const page = rows.slice(0, q.limit);
  return { items: page.map(toEndpoint), nextCursor: rows.length > q.limit ? encodeCursor(page.at(-1)!) : null };
}

function fieldError(field: string, message: string): never {
  throw new AppError("invalid_field", `${field}: ${message}`, { details: [{ path: field, field, message }] });
}

export async function createEndpoint(input: TEndpointCreate, actor: { email: string }, opts: { config?: TNotifyConfig; isDemo?: boolean } = {}): Promise<TEndpoint & { secret?: string }> {
  const config = opts.config ?? notifyConfig();
  if (input.url) await checkEndpointUrl(input.url, config);
  const secret = input.kind === "webhook" ? newWebhookSecret() : undefined;
  const id = `ep_${randomBytes(12).toString("base64url")}`;
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<TEndpointRow[]>`
      insert into notification_endpoint (id, kind, url, to_addresses, description, event_types, filter, enabled, muted_until, rate_limit_per_minute, secret_enc, is_demo, created_by)
      values (${id}, ${input.kind}, ${input.url ?? null}, ${input.to ?? []}::text[], ${input.description ?? ""}, ${input.eventTypes ?? DEFAULT_EVENT_TYPES}::text[],
              ${JSON.stringify(input.filter ?? {})}::jsonb, ${input.enabled ?? true}, ${input.mutedUntil ? new Date(input.mutedUntil) : null}, ${input.rateLimitPerMinute ?? 30},
              ${secret ? sealSecret(secret) : null}, ${opts.isDemo ?? false}, ${actor.email})
      returning *`;
    await recordAudit(tx, { actorEmail: actor.email, action: "notification.endpoint.create", targetType: "notification_endpoint", targetId: id, details: input as Prisma.InputJsonValue });
    return { ...toEndpoint(row!), ...(secret ? { secret } : {}) };
  });
}

export async function updateEndpoint(id: string, patch: TEndpointPatch, actor: { email: string }, opts: { config?: TNotifyConfig } = {}): Promise<TEndpoint> {
  const config = opts.config ?? notifyConfig();
  const current = await requireEndpoint(db, id);
  if (patch.url !== undefined && current.kind === "email") fieldError("url", "an email endpoint has addresses (`to`), not a URL");
  if (patch.to !== undefined && current.kind !== "email") fieldError("to", `a ${current.kind} endpoint has a URL, not addresses`);
  if (patch.url !== undefined) await checkEndpointUrl(patch.url, config);
  return db.$transaction(async (tx) => {
    const before = await requireEndpoint(tx, id, true);
    const sets: Prisma.Sql[] = [Prisma.sql`updated_at = now()`];
    if (patch.url !== undefined) sets.push(Prisma.sql`url = ${patch.url}`);
    if (patch.to !== undefined) sets.push(Prisma.sql`to_addresses = ${patch.to}::text[]`);
    if (patch.description !== undefined) sets.push(Prisma.sql`description = ${patch.description}`);
    if (patch.eventTypes !== undefined) sets.push(Prisma.sql`event_types = ${patch.eventTypes}::text[]`);
    if (patch.filter !== undefined) sets.push(Prisma.sql`filter = ${JSON.stringify(patch.filter)}::jsonb`);
    if (patch.mutedUntil !== undefined) sets.push(Prisma.sql`muted_until = ${patch.mutedUntil ? new Date(patch.mutedUntil) : null}`);
    if (patch.rateLimitPerMinute !== undefined) sets.push(Prisma.sql`rate_limit_per_minute = ${patch.rateLimitPerMinute}`);
    if (patch.enabled !== undefined) {
      sets.push(Prisma.sql`enabled = ${patch.enabled}, disabled_reason = ${patch.enabled ? null : `disabled by ${actor.email}`}`);
      // a person who disables a failing endpoint knows: its notification_failing group resolves
      if (!patch.enabled && before.enabled) await clearFailing(tx, id, `the endpoint was disabled by ${actor.email}`);
    }
    const [row] = await tx.$queryRaw<TEndpointRow[]>`update notification_endpoint set ${Prisma.join(sets, ", ")} where id = ${id} returning *`;
    const was = toEndpoint(before) as Record<string, unknown>;
    const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, { from: was[k === "to" ? "to" : k] ?? null, to: (patch as Record<string, unknown>)[k] ?? null }]));
    await recordAudit(tx, { actorEmail: actor.email, action: "notification.endpoint.update", targetType: "notification_endpoint", targetId: id, details: changed as Prisma.InputJsonValue });
    if (patch.enabled) await kickDelivery(tx, [id]);
    return toEndpoint(row!);
  });
}

export async function deleteEndpoint(id: string, actor: { email: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const e = await requireEndpoint(tx, id, true);
    await clearFailing(tx, id, `the endpoint was deleted by ${actor.email}`);
    await tx.$executeRaw`delete from notification_endpoint where id = ${id}`;
    await recordAudit(tx, { actorEmail: actor.email, action: "notification.endpoint.delete", targetType: "notification_endpoint", targetId: id, details: { kind: e.kind, url: e.url, to: e.to_addresses, description: e.description } });
  });
}

export async function rotateSecret(id: string, actor: { email: string }): Promise<{ secret: string; previousValidUntil: string }> {
  return db.$transaction(async (tx) => {
    const e = await requireEndpoint(tx, id, true);
    if (e.kind !== "webhook") fieldError("kind", `only webhook endpoints are signed; a ${e.kind} endpoint has no secret`);
    const secret = newWebhookSecret();
    const until = new Date(Date.now() + ROTATION_GRACE_HOURS * 3600_000);
    await tx.$executeRaw`
      update notification_endpoint set secret_enc = ${sealSecret(secret)}, previous_secret_enc = secret_enc, previous_secret_until = ${until}, updated_at = now() where id = ${id}`;
    await recordAudit(tx, { actorEmail: actor.email, action: "notification.endpoint.rotate_secret", targetType: "notification_endpoint", targetId: id, details: { previousValidUntil: until.toISOString() } });
    return { secret, previousValidUntil: until.toISOString() };
  });
}

/** "Send test": a notification.test message, delivered and logged like any other. */
export async function sendTest(id: string, actor: { email: string }): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    await requireEndpoint(tx, id);
    const messageId = newMessageId();
    const payload = { type: "notification.test", timestamp: new Date().toISOString(), data: { endpoint: id, sentBy: actor.email } };
    await insertMessages(tx, [{ id: messageId, endpoint_id: id, to_address: null, type: "notification.test", group_id: null, payload }]);
    await recordAudit(tx, { actorEmail: actor.email, action: "notification.endpoint.test", targetType: "notification_endpoint", targetId: id, details: { message: messageId } });
    return { id: messageId };
  });
}

/** Every failed message of the endpoint since a time goes again, with its id and a fresh retry schedule. */
export async function recoverFailed(id: string, since: string, actor: { email: string }): Promise<{ redelivering: number }> {
  return db.$transaction(async (tx) => {
    const e = await requireEndpoint(tx, id);
    if (!e.enabled) throw new AppError("conflict", `The endpoint is disabled (${e.disabled_reason ?? "by a person"}): enable it, then recover its failed messages.`);
    const redelivering = await tx.$executeRaw`
      update notification_message set status = 'pending', retry_step = 0, next_attempt_at = now(), leased_until = null
      where endpoint_id = ${id} and status = 'failed' and created_at >= ${new Date(since)}`;
    await recordAudit(tx, { actorEmail: actor.email, action: "notification.endpoint.recover", targetType: "notification_endpoint", targetId: id, details: { since, redelivering } });
    if (redelivering > 0) await kickDelivery(tx, [id]);
    return { redelivering };
  });
}
