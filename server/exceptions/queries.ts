// Reading the queue: filtered, sorted, keyset-paged lists (SQL: 100,000 open groups must page in
// well under a second), one group, and counts for bulk confirmation.
import { Prisma } from "@prisma/client";
import { db, type TTx } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import type { TExceptionFilter, TExceptionGroupContract, TExceptionListQuery, TSort } from "./exceptions.types";
import { KIND_LABEL, scopeFieldForReason, type TExceptionKind, type TExceptionState, type TSeverity } from "./kinds";

export type TGroupRow = {
  id: number;
  kind: TExceptionKind;
  severity: TSeverity;
  severity_rank: number;
  state: TExceptionState;
  count: number;
  first_seen_at: Date;
  last_seen_at: Date;
  opened_at: Date;
  sla_due_at: Date | null;
  sla_breached_at: Date | null;
  assignee: string | null;
  units_at_risk: number;
  resolution: "auto" | "user" | null;
  resolved_at: Date | null;
  snoozed_until: Date | null;
  scope_value: string | null;
  details: Record<string, unknown> | null;
  sku: string | null;
  location: string | null;
  channel: string | null;
  connector: string | null;
  order_ref: string | null;
  message_ref: string | null;
};

export type TExceptionGroup = {
  id: number;
  kind: TExceptionKind;
  title: string;
  scope: { sku?: string; location?: string; channel?: string; connector?: string; orderRef?: string; messageRef?: string; endpoint?: string };
  severity: TSeverity;
  state: TExceptionState;
  count: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  openedAt: Date;
  slaDueAt: Date | null;
  isSlaBreached: boolean;
  assignee: string | null;
  unitsAtRisk: number;
  resolution: "auto" | "user" | null;
  resolvedAt: Date | null;
  snoozedUntil: Date | null;
  details: Record<string, unknown>;
};

export const GROUP_SELECT = Prisma.sql`
  select g.id, g.kind, g.severity, g.severity_rank, g.state, g.count, g.first_seen_at, g.last_seen_at, g.opened_at, g.sla_due_at,
         g.sla_breached_at, g.assignee, g.units_at_risk, g.resolution, g.resolved_at, g.snoozed_until, g.scope_value, g.details,
         s.code as sku, l.code as location, ch.code as channel, co.code as connector, g.order_ref, g.message_ref
  from exception_group g
  left join sku s on s.id = g.sku_id
  left join location l on l.id = g.location_id
  left join channel ch on ch.id = g.channel_id
  left join connector co on co.id = g.connector_id`;

function scopeOf(r: TGroupRow): TExceptionGroup["scope"] {
  const scope: TExceptionGroup["scope"] = {};
  if (r.sku) scope.sku = r.sku;
  if (r.location) scope.location = r.location;
  if (r.channel) scope.channel = r.channel;
  if (r.connector) scope.connector = r.connector;
  const field = r.kind === "rejected_event" ? scopeFieldForReason(r.details?.reasonCode as string | undefined) : null;
  if (field && r.scope_value) scope[field] = r.scope_value;
  if (r.kind === "notification_failing" && r.scope_value) scope.endpoint = r.scope_value;
  if (r.order_ref) scope.orderRef = r.order_ref;
  if (r.message_ref) scope.messageRef = r.message_ref;
  return scope;
}

const REASON_LABEL: Record<string, string> = { unknown_sku: "unknown SKU", unknown_type: "unknown event type", bad_timestamp: "bad timestamp", future_timestamp: "timestamp in the future" };

function titleOf(r: TGroupRow): string {
  if (r.kind !== "rejected_event") return KIND_LABEL[r.kind];
  const code = String(r.details?.reasonCode ?? "rejected");
  return `Rejected: ${REASON_LABEL[code] ?? code.replaceAll("_", " ")}${r.scope_value && !scopeFieldForReason(code) ? ` (${r.scope_value})` : ""}`;
}

export function toGroup(r: TGroupRow, now = Date.now()): TExceptionGroup {
  return {
    id: r.id,
    kind: r.kind,
    title: titleOf(r),
    scope: scopeOf(r),
    severity: r.severity,
    state: r.state,
    count: r.count,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    openedAt: r.opened_at,
    slaDueAt: r.sla_due_at,
    isSlaBreached: (r.state === "open" || r.state === "acknowledged") && r.sla_due_at !== null && r.sla_due_at.getTime() < now,
    assignee: r.assignee,
    unitsAtRisk: r.units_at_risk,
    resolution: r.resolution,
    resolvedAt: r.resolved_at,
    snoozedUntil: r.snoozed_until,
    details: r.details ?? {},
  };
}

/** The REST shape, exactly DESIGN.md's (the UI gets the richer TExceptionGroup). */
export function toContract(g: TExceptionGroup): TExceptionGroupContract {
  return {
    id: g.id,
    kind: g.kind,
    scope: g.scope,
    severity: g.severity,
    state: g.state,
    count: g.count,
    firstSeenAt: g.firstSeenAt.toISOString(),
    lastSeenAt: g.lastSeenAt.toISOString(),
    slaDueAt: g.slaDueAt?.toISOString() ?? null,
    assignee: g.assignee,
    unitsAtRisk: g.unitsAtRisk,
    ...(g.resolution ? { resolution: g.resolution } : {}),
  };
}

/** The filter as SQL over `exception_group g`; codes are matched through their tables' unique indexes. */
export function filterSql(f: TExceptionFilter, viewerEmail: string | null): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.state) parts.push(Prisma.sql`g.state = any(${f.state}::text[])`);
  if (f.kind) parts.push(Prisma.sql`g.kind = any(${f.kind}::text[])`);
  if (f.severity) parts.push(Prisma.sql`g.severity = any(${f.severity}::text[])`);
  if (f.sku) {
    parts.push(Prisma.sql`(g.sku_id = (select id from sku where code = ${f.sku})
      or (g.kind = 'rejected_event' and g.scope_value = ${f.sku} and g.details->>'reasonCode' = 'unknown_sku'))`);
  }
  if (f.location) {
    parts.push(Prisma.sql`(g.location_id = (select id from location where code = ${f.location})
      or (g.kind = 'rejected_event' and g.scope_value = ${f.location} and g.details->>'reasonCode' = 'unknown_location'))`);
  }
  if (f.channel) {
    parts.push(Prisma.sql`(g.channel_id = (select id from channel where code = ${f.channel})
      or (g.kind = 'rejected_event' and g.scope_value = ${f.channel} and g.details->>'reasonCode' = 'unknown_channel'))`);
  }
  if (f.connector) parts.push(Prisma.sql`g.connector_id = (select id from connector where code = ${f.connector})`);
  if (f.assignee === "none") parts.push(Prisma.sql`g.assignee is null`);
  else if (f.assignee) parts.push(Prisma.sql`g.assignee = ${f.assignee}`);
  if (f.mine) parts.push(Prisma.sql`g.assignee = ${viewerEmail ?? ""}`);
  if (f.breached) parts.push(Prisma.sql`g.state in ('open', 'acknowledged') and g.sla_due_at < now()`);
  return parts.length ? Prisma.join(parts, " and ") : Prisma.sql`true`;
}

type TCursor = (string | number)[];
function encodeCursor(values: TCursor) {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}
function decodeCursor(cursor: string, sort: TSort): TCursor {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    const isValid = Array.isArray(v) && v.length === (sort === "impact" ? 3 : 2) && typeof v.at(-1) === "number";
    if (isValid && (sort === "impact" ? v.every((x) => typeof x === "number") : typeof v[0] === "string" && !Number.isNaN(Date.parse(v[0])))) return v as TCursor;
  } catch {
    // fall through
  }
  throw new AppError("invalid_query", "cursor: not a cursor this list gave out (for this sort); start again without it.");
}

const ORDER: Record<TSort, Prisma.Sql> = {
  impact: Prisma.sql`g.severity_rank desc, g.units_at_risk desc, g.id desc`,
  age: Prisma.sql`g.opened_at asc, g.id asc`,
  sla: Prisma.sql`g.sla_due_at asc nulls last, g.id asc`,
};

function afterCursor(sort: TSort, c: TCursor): Prisma.Sql {
  if (sort === "impact") return Prisma.sql`(g.severity_rank, g.units_at_risk, g.id) < (${c[0]}::int, ${c[1]}::int, ${c[2]}::int)`;
  if (sort === "age") return Prisma.sql`(g.opened_at, g.id) > (${c[0]}::timestamptz, ${c[1]}::int)`;
  return Prisma.sql`(g.sla_due_at, g.id) > (${c[0]}::timestamptz, ${c[1]}::int)`;
}

function cursorOf(sort: TSort, r: TGroupRow): string {
  if (sort === "impact") return encodeCursor([r.severity_rank, r.units_at_risk, r.id]);
  if (sort === "age") return encodeCursor([r.opened_at.toISOString(), r.id]);
  return encodeCursor([(r.sla_due_at ?? new Date(8.64e15)).toISOString(), r.id]);
}

export async function listExceptions(q: TExceptionListQuery, viewerEmail: string | null, tx: TTx = db): Promise<{ items: TExceptionGroup[]; nextCursor: string | null }> {
  const where = [filterSql(q, viewerEmail)];
  if (q.cursor) where.push(afterCursor(q.sort, decodeCursor(q.cursor, q.sort)));
  const rows = await tx.$queryRaw<TGroupRow[]>`${GROUP_SELECT} where ${Prisma.join(where, " and ")} order by ${ORDER[q.sort]} limit ${q.limit + 1}`;
  const now = Date.now();
  const page = rows.slice(0, q.limit);
  return { items: page.map((r) => toGroup(r, now)), nextCursor: rows.length > q.limit ? cursorOf(q.sort, page.at(-1)!) : null };
}

export async function countExceptions(f: TExceptionFilter, viewerEmail: string | null, tx: TTx = db): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`select count(*)::bigint as n from exception_group g where ${filterSql(f, viewerEmail)}`;
  return Number(row?.n ?? 0);
}

export async function findException(id: number, tx: TTx = db): Promise<TExceptionGroup | null> {
  const [row] = await tx.$queryRaw<TGroupRow[]>`${GROUP_SELECT} where g.id = ${id}`;
  return row ? toGroup(row) : null;
}

export async function getException(id: number, tx: TTx = db): Promise<TExceptionGroup> {
  const group = await findException(id, tx);
  if (!group) throw new AppError("not_found", `No exception group ${id}.`);
  return group;
}
