import type pg from "pg";
import type { TReason } from "@/server/ingest/event-log";
import type { TPlanEvent } from "./replay.types";

/** Events as a preview or a result lists them (codes, not ids; the payload's codes when unresolved). */
export async function describeEvents(client: pg.ClientBase, pks: string[]): Promise<TPlanEvent[]> {
  if (pks.length === 0) return [];
  const { rows } = await client.query<{ id: string; connector: string; event_id: string | null; type: string | null; sku: string | null; location: string | null; occurred_at: Date | null; reasons: TReason[] | null }>(
    `select e.id::text as id, co.code as connector, e.event_id, e.type, coalesce(s.code, e.payload->>'sku') as sku,
            coalesce(l.code, e.payload->>'location') as location, e.occurred_at, e.reasons
     from event e join connector co on co.id = e.connector_id
     left join sku s on s.id = e.sku_id left join location l on l.id = e.location_id
     where e.id = any($1::bigint[]) order by e.occurred_at nulls last, e.id`,
    [pks],
  );
  return rows.map((r) => ({
    id: r.id,
    connector: r.connector,
    eventId: r.event_id,
    type: r.type,
    sku: r.sku,
    location: r.location,
    occurredAt: r.occurred_at?.toISOString() ?? null,
    ...(r.reasons ? { reasons: r.reasons.map((x) => ({ code: x.code, field: x.field, message: x.message, ...(x.value !== undefined ? { value: x.value } : {}) })) } : {}),
  }));
}
