// The dead-letter store and the held queue as /replays lists them: rejected and held events by
// connector, newest first, with their reasons, payload and how often an operator edited them.
import { Prisma } from "@prisma/client";
import { z } from "zod";
import { db, type TTx } from "@/server/db";
import type { TReason } from "@/server/ingest/event-log";
import { AppError } from "@/server/lib/errors";
import { ZCode } from "@/server/master-data/master-data.types";

export const ZDeadLetterQuery = z.object({
  connector: ZCode.optional(),
  status: z.enum(["rejected", "held"]).optional(),
  reasonCode: z.string().max(64).optional(),
  /** the failing value (an unknown SKU or location code) or a SKU code */
  value: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d+$/).optional(),
  /** the events of a rejected_event or sequence_gap exception group */
  exceptionId: z.number().int().positive().optional(),
});
export type TDeadLetterQuery = z.infer<typeof ZDeadLetterQuery>;

export type TDeadLetter = {
  id: string;
  connector: string;
  eventId: string | null;
  type: string | null;
  status: "rejected" | "held";
  sku: string | null;
  location: string | null;
  quantity: number | null;
  sequence: string | null;
  occurredAt: Date | null;
  receivedAt: Date;
  reasons: TReason[] | null;
  payload: unknown;
  edits: number;
};

export async function listDeadLetters(q: TDeadLetterQuery, tx: TTx = db): Promise<{ items: TDeadLetter[]; nextCursor: string | null }> {
  const where: Prisma.Sql[] = [q.status ? Prisma.sql`e.status = ${q.status}` : Prisma.sql`e.status in ('rejected', 'held')`];
  if (q.connector) where.push(Prisma.sql`e.connector_id = (select id from connector where code = ${q.connector})`);
  if (q.reasonCode) where.push(Prisma.sql`e.reasons->0->>'code' = ${q.reasonCode}`);
  if (q.value) where.push(Prisma.sql`(coalesce(e.reasons->0->>'value', '') = ${q.value} or e.payload->>'sku' = ${q.value} or e.sku_id = (select id from sku where code = ${q.value}))`);
  if (q.cursor) where.push(Prisma.sql`e.id < ${BigInt(q.cursor)}`);
  if (q.exceptionId !== undefined) {
    // the same match the replay selector (and the evaluator) use for a group's events
    const [g] = await tx.$queryRaw<{ kind: string; connector_id: number | null; scope_value: string | null; reason_code: string | null }[]>`
      select kind, connector_id, scope_value, details->>'reasonCode' as reason_code from exception_group where id = ${q.exceptionId}`;
    if (!g || (g.kind !== "rejected_event" && g.kind !== "sequence_gap")) return { items: [], nextCursor: null };
    where.push(Prisma.sql`e.connector_id = ${g.connector_id}`);
    if (g.kind === "sequence_gap") where.push(Prisma.sql`e.status = 'held'`);
    else {
      where.push(Prisma.sql`e.status = 'rejected' and coalesce(e.reasons->0->>'code', 'unknown') = ${g.reason_code ?? "unknown"}`);
      where.push(Prisma.sql`coalesce(e.reasons->0->>'value', e.reasons->0->>'field', '') = ${g.scope_value ?? ""}`);
    }
  }
  const rows = await tx.$queryRaw<(Omit<TDeadLetter, "id" | "sequence"> & { id: bigint; sequence: bigint | null })[]>`
    select e.id, co.code as connector, e.event_id as "eventId", e.type, e.status, coalesce(s.code, e.payload->>'sku') as sku,
           coalesce(l.code, e.payload->>'location') as location, coalesce(e.quantity, case when jsonb_typeof(e.payload->'quantity') = 'number' and abs((e.payload->>'quantity')::numeric) < 1e9 then (e.payload->>'quantity')::numeric::int end) as quantity,
           e.sequence, e.occurred_at as "occurredAt", e.received_at as "receivedAt", e.reasons, e.payload,
           (select count(*)::int from event_payload_edit x where x.event_pk = e.id) as edits
    from event e join connector co on co.id = e.connector_id left join sku s on s.id = e.sku_id left join location l on l.id = e.location_id
    where ${Prisma.join(where, " and ")}
    order by e.id desc limit ${q.limit + 1}`;
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({ ...r, id: String(r.id), sequence: r.sequence === null ? null : String(r.sequence) })),
    nextCursor: rows.length > q.limit ? String(page.at(-1)!.id) : null,
  };
}

/**
 * Counts per connector × status × first reason and failing value: the dead-letter groups on
 * /replays, each with the open exception group it raised (its replay selector), if any.
 */
export async function deadLetterGroups(opts: { connector?: string } = {}, tx: TTx = db) {
  return tx.$queryRaw<{ connector: string; status: "rejected" | "held"; reasonCode: string | null; field: string | null; value: string | null; events: number; lastReceivedAt: Date; exceptionId: number | null }[]>`
    with g as (
      select e.connector_id, e.status, e.reasons->0->>'code' as reason_code, min(e.reasons->0->>'field') as field,
             case when e.status = 'rejected' then coalesce(e.reasons->0->>'value', e.reasons->0->>'field', '') end as value,
             count(*)::int as events, max(e.received_at) as last_received_at
      from event e
      where e.status in ('rejected', 'held')
        ${opts.connector ? Prisma.sql`and e.connector_id = (select id from connector where code = ${opts.connector})` : Prisma.empty}
      group by 1, 2, 3, 5)
    select co.code as connector, g.status, g.reason_code as "reasonCode", g.field, g.value, g.events, g.last_received_at as "lastReceivedAt",
           (select x.id from exception_group x
            where x.connector_id = g.connector_id and x.state <> 'resolved'
              and ((g.status = 'rejected' and x.kind = 'rejected_event' and x.scope_value = g.value and x.details->>'reasonCode' = coalesce(g.reason_code, 'unknown'))
                or (g.status = 'held' and x.kind = 'sequence_gap'))
            order by x.id desc limit 1) as "exceptionId"
    from g join connector co on co.id = g.connector_id
    order by g.last_received_at desc limit 200`;
}

export function parseEventPk(raw: string): string {
  if (!/^[1-9]\d{0,18}$/.test(raw)) throw new AppError("not_found", `There is no event ${raw}.`);
  return raw;
}
