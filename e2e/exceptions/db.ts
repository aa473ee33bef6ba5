// Writes the rows ingest would write, straight into the e2e server's embedded PostgreSQL, so these
// specs do not depend on the ingest API; the server's own exception worker then detects them.
import pg from "pg";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const URL = `postgresql://postgres:sightline@127.0.0.1:${PORT + 51_000}/sightline`;

export async function withDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A failed channel push per SKU (raises push_failed for channel × SKU; nothing publishes after it). */
export async function insertPushFailures(opts: { connector: string; channel: string; skus: string[]; quantity: number }) {
  await withDb(async (c) => {
    for (const [i, sku] of opts.skus.entries()) {
      await c.query(
        `insert into event (connector_id, event_id, type, status, payload, body_hash, sku_id, channel_id, quantity, occurred_at, applied_at)
         select co.id, $4, 'channel.push.failed', 'accepted', $5::jsonb, 'e2e', s.id, ch.id, $6, now(), now()
         from connector co, sku s, channel ch where co.code = $1 and s.code = $2 and ch.code = $3`,
        [opts.connector, sku, opts.channel, `e2e-push-${sku}`, JSON.stringify({ sku, channel: opts.channel }), opts.quantity + i],
      );
    }
  });
}
