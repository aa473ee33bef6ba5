// Inspecting what the server stored, straight from its PostgreSQL (as the cluster's superuser).
import pg from "pg";

export async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  return withPg(url, async (c) => (await c.query<R>(text, params)).rows);
}

/** Row counts of what ingest writes for a connector (or all connectors when null); movements of the canonical book only. */
export async function storedCounts(url: string, connectorCode: string | null) {
  const [row] = await sql<{ events: string; conflicts: string; dead: string; movements: string }>(
    url,
    `with c as (select id from connector where $1::text is null or code = $1)
     select (select count(*) from event where connector_id in (select id from c)) as events,
            (select count(*) from event_conflict where connector_id in (select id from c)) as conflicts,
            (select count(*) from dead_letter_body where connector_id in (select id from c)) as dead,
            (select count(*) from movement m join event e on e.id = m.event_pk where m.book = 0 and e.connector_id in (select id from c)) as movements`,
    [connectorCode],
  );
  return { events: Number(row!.events), conflicts: Number(row!.conflicts), dead: Number(row!.dead), movements: Number(row!.movements) };
}

export async function book(url: string, sku: string, location: string) {
  const [row] = await sql<{ on_hand: number; reserved: number; allocated: number; in_transit: number; rev: string }>(
    url,
    `select p.on_hand, p.reserved, p.allocated, p.in_transit, p.rev from inventory_position p
     join sku s on s.id = p.sku_id join location l on l.id = p.location_id where s.code = $1 and l.code = $2`,
    [sku, location],
  );
  return row ? { onHand: row.on_hand, reserved: row.reserved, allocated: row.allocated, inTransit: row.in_transit, rev: Number(row.rev) } : null;
}
