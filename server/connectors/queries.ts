import { z } from "zod";
import { db } from "@/server/db";
import { AppError } from "@/server/lib/errors";

export type TConnectorStatus = "reporting" | "silent" | "never";

export function connectorStatus(lastSeenAt: Date | null, heartbeatSeconds: number, now = Date.now()): TConnectorStatus {
  if (!lastSeenAt) return "never";
  return now - lastSeenAt.getTime() > heartbeatSeconds * 1000 ? "silent" : "reporting";
}

type TCounts = { received: number; accepted: number; duplicate: number; conflict: number; held: number; rejected: number };

/** Every connector's health: status, last contact, what ingest answered it in 24 h, and a per-minute sparkline. */
export async function connectorOverview() {
  const [connectors, counts, perMinute, waiting] = await Promise.all([
    db.connector.findMany({ orderBy: { code: "asc" }, include: { channel: { select: { code: true } } } }),
    db.$queryRaw<(TCounts & { connector_id: number })[]>`
      select connector_id, sum(received)::int as received, sum(accepted)::int as accepted, sum(duplicate)::int as duplicate,
             sum(conflict)::int as conflict, sum(held)::int as held, sum(rejected)::int as rejected
      from ingest_hourly where hour >= date_trunc('hour', now() - interval '24 hours') group by connector_id`,
    // one index range scan per connector over the last hour (event_connector_id_received_at_idx)
    db.$queryRaw<{ connector_id: number; minute: Date; n: number }[]>`
      select e.connector_id, date_trunc('minute', e.received_at) as minute, count(*)::int as n
      from connector c join event e on e.connector_id = c.id and e.received_at > now() - interval '60 minutes'
      group by 1, 2`,
    db.$queryRaw<{ connector_id: number; held: number; rejected: number }[]>`
      select connector_id, count(*) filter (where status = 'held')::int as held, count(*) filter (where status = 'rejected')::int as rejected
      from event where status <> 'accepted' group by connector_id`,
  ]);
  const now = Date.now();
  const startMinute = Math.floor(now / 60_000) - 59;
  return connectors.map((c) => {
    const series = Array.from({ length: 60 }, (_, i) => ({ minute: new Date((startMinute + i) * 60_000), events: 0 }));
    for (const p of perMinute) {
      if (p.connector_id !== c.id) continue;
      const i = Math.floor(p.minute.getTime() / 60_000) - startMinute;
      if (series[i]) series[i]!.events = p.n;
    }
    const last24h = counts.find((x) => x.connector_id === c.id) ?? { received: 0, accepted: 0, duplicate: 0, conflict: 0, held: 0, rejected: 0 };
    const open = waiting.find((x) => x.connector_id === c.id);
    return {
      code: c.code,
      name: c.name,
      kind: c.kind,
      channel: c.channel?.code ?? null,
      heartbeatSeconds: c.heartbeatSeconds,
      lastSeenAt: c.lastSeenAt,
      lastEventAt: c.lastEventAt,
      status: connectorStatus(c.lastSeenAt, c.heartbeatSeconds, now),
      last24h: { received: last24h.received, accepted: last24h.accepted, duplicate: last24h.duplicate, conflict: last24h.conflict, held: last24h.held, rejected: last24h.rejected },
      waitingHeld: open?.held ?? 0,
      deadLetters: open?.rejected ?? 0,
      eventsPerMinute: series,
      eventsLastHour: series.reduce((s, p) => s + p.events, 0),
    };
  });
}

export async function connectorByCode(code: string) {
  const all = await connectorOverview();
  const found = all.find((c) => c.code === code);
  if (!found) throw new AppError("not_found", `No connector ${code}.`);
  return found;
}

export const ZDeadLetterBodiesInput = z.object({ connector: z.string().min(1), limit: z.number().int().min(1).max(100).default(20) });

/** Bodies that could not be parsed at all, kept whole. */
export async function listDeadLetterBodies(input: z.infer<typeof ZDeadLetterBodiesInput>) {
  const connector = await db.connector.findUnique({ where: { code: input.connector }, select: { id: true } });
  if (!connector) throw new AppError("not_found", `No connector ${input.connector}.`);
  const rows = await db.deadLetterBody.findMany({ where: { connectorId: connector.id }, orderBy: { id: "desc" }, take: input.limit });
  return rows.map((r) => ({ id: Number(r.id), receivedAt: r.receivedAt, contentType: r.contentType, error: r.error, bytes: Buffer.byteLength(r.body), preview: r.body.slice(0, 2000) }));
}

/** One event with everything an operator needs to understand it: raw payload, reasons, flags, conflicts and what it changed. */
export async function eventDetail(id: number) {
  const event = await db.event.findUnique({ where: { id: BigInt(id) } });
  if (!event) throw new AppError("not_found", `No event ${id}.`);
  const [connector, conflicts, movements] = await Promise.all([
    db.connector.findUnique({ where: { id: event.connectorId }, select: { code: true } }),
    db.eventConflict.findMany({ where: { eventPk: event.id }, orderBy: { id: "asc" } }),
    db.$queryRaw<{ book: number; sku: string; location: string; d_on_hand: number; d_reserved: number; d_allocated: number; d_in_transit: number; d_damaged: number; d_quarantine: number }[]>`
      select m.book, s.code as sku, l.code as location, m.d_on_hand, m.d_reserved, m.d_allocated, m.d_in_transit, m.d_damaged, m.d_quarantine
      from movement m join sku s on s.id = m.sku_id join location l on l.id = m.location_id
      where m.event_pk = ${event.id} and m.book in (0, ${event.connectorId}) and m.sku_id = ${event.skuId ?? -1}
        and m.location_id in (${event.locationId ?? -1}, ${event.toLocationId ?? -1}) and m.occurred_at = ${event.occurredAt ?? new Date(0)}`,
  ]);
  return {
    id: Number(event.id),
    connector: connector?.code ?? "?",
    eventId: event.eventId,
    type: event.type,
    status: event.status,
    occurredAt: event.occurredAt,
    receivedAt: event.receivedAt,
    appliedAt: event.appliedAt,
    sequence: event.sequence === null ? null : Number(event.sequence),
    reasons: (event.reasons as { code: string; field: string; message: string; value?: string }[] | null) ?? [],
    flags: (event.flags as Record<string, unknown> | null) ?? {},
    payload: event.payload,
    conflicts: conflicts.map((c) => ({ id: Number(c.id), receivedAt: c.receivedAt, payload: c.payload })),
    movements: movements.map((m) => ({
      book: m.book === 0 ? "canonical" : "reported",
      sku: m.sku,
      location: m.location,
      changes: Object.fromEntries(
        (["on_hand", "reserved", "allocated", "in_transit", "damaged", "quarantine"] as const)
          .map((f) => [f.replace(/_(\w)/g, (_x, ch: string) => ch.toUpperCase()), m[`d_${f}`]] as const)
          .filter(([, v]) => v !== 0),
      ),
    })),
  };
}
