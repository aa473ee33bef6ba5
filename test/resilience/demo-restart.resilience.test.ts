// The demo's state lives with the data it describes: a demo started on a new, empty database while
// an older data folder is still there (a reset, a new database) must come up whole. It once kept
// the simulator's WMS sequence in the data folder, so every WMS event of the new history was held.
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startBenchServer } from "../../bench/lib/server";
import { BASE_PORT, logFileFor } from "./lib/servers";

const slot = 8;
const options = {
  port: BASE_PORT + slot,
  pgPort: BASE_PORT + slot + 51_000,
  logFile: logFileFor(slot),
  env: { SIGHTLINE_DEMO: "1", SIGHTLINE_SIMULATOR: "1", SIGHTLINE_DEMO_HISTORY_DAYS: "1", LOG_LEVEL: "info" },
};

async function heldWmsEvents(pgUrl: string) {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ held: number; wms: number }>(
      `select count(*) filter (where e.status = 'held')::int as held, count(*)::int as wms from event e join connector c on c.id = e.connector_id where c.code = 'wms'`,
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
}

async function systemDriftRows(baseUrl: string, token: string) {
  for (let i = 0; i < 60; i++) {
    const r = await fetch(`${baseUrl}/api/v1/drift?kind=system&limit=5`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await r.json()) as { items: unknown[] };
    if (body.items.length > 0) return body.items.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return 0;
}

describe("the demo on a new database beside an old data folder", () => {
  it("starts whole: the WMS stream applies from 1 and system drift has rows", async () => {
    const first = await startBenchServer({ ...options, keepData: true });
    // the live simulator posts (and keeps its counters) for a while
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    expect((await heldWmsEvents(first.pgUrl)).wms).toBeGreaterThan(0);
    await first.stop();

    // a new, empty database; the rest of the data folder (secret, exported keys) stays
    rmSync(path.join(first.dataDir, "pg"), { recursive: true, force: true });
    const second = await startBenchServer({ ...options, reuseData: true });
    try {
      const atStart = await heldWmsEvents(second.pgUrl);
      expect(atStart.wms).toBeGreaterThan(1000);
      expect(atStart.held).toBe(0);
      expect(await systemDriftRows(second.baseUrl, second.token)).toBeGreaterThan(0);
    } finally {
      await second.stop();
    }
  });
});
