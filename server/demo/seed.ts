import { chmod, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ensureUser } from "@/server/auth/users";
import { db } from "@/server/db";
import type { TLogger } from "@/server/lib/logger";
import { rotateConnectorKey } from "@/server/master-data/queries";
import { upsertMasterData } from "@/server/master-data/upsert";
import { seedDemoPolicies } from "@/server/policies/demo-policies";
import { generateHistory } from "@/server/simulator/history";
import { demoSkusForSimulator, loadSimState, saveSimState } from "@/server/simulator/state";
import { DEMO_CHANNELS, DEMO_CONNECTORS, DEMO_LOCATIONS, DEMO_PASSWORD, DEMO_USERS, demoSkus } from "./catalogue";

const SEEDED_KEY = "demo.seeded_at";

function keysFile() {
  return path.resolve(process.env.SIGHTLINE_DATA_DIR ?? ".sightline", "demo-connector-keys.json");
}

/** The demo connectors' keys, kept in the data folder (never in the database) for the simulator. */
export async function demoConnectorKeys(): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(keysFile(), "utf8")) as Record<string, string>;
  } catch {
    // Another instance seeded this database: issue fresh keys for this one's simulator.
    const keys: Record<string, string> = {};
    for (const c of DEMO_CONNECTORS) keys[c.code] = (await rotateConnectorKey(c.code, "demo-seed")).key;
    await saveKeys(keys);
    return keys;
  }
}

async function saveKeys(keys: Record<string, string>) {
  await writeFile(keysFile(), JSON.stringify(keys, null, 2), { mode: 0o600 });
  await chmod(keysFile(), 0o600);
}

/** Demo users, catalogue, locations, channels and connectors, once per database. */
export async function seedDemo(opts: { log: TLogger; historyDays: number }) {
  for (const u of DEMO_USERS) await ensureUser({ ...u, password: DEMO_PASSWORD }, "demo-seed");
  if (await db.appSetting.findUnique({ where: { key: SEEDED_KEY } })) return;
  const started = performance.now();
  const result = await upsertMasterData(
    { skus: demoSkus(), locations: DEMO_LOCATIONS, channels: DEMO_CHANNELS, connectors: DEMO_CONNECTORS },
    "demo-seed",
  );
  await saveKeys(result.connectorKeys);
  await seedDemoPolicies();
  const state = await loadSimState();
  if (opts.historyDays > 0) {
    const { reconciliationCheckpoints } = await import("@/server/reconciliation/demo-history");
    await generateHistory({ skus: await demoSkusForSimulator(), state, log: opts.log, days: opts.historyDays, checkpoints: reconciliationCheckpoints(opts.log) });
  }
  await saveSimState(state);
  await db.appSetting.create({ data: { key: SEEDED_KEY, value: new Date().toISOString() } });
  opts.log.info({ ms: Math.round(performance.now() - started), created: result.created }, "demo catalogue seeded");
  await (await import("@/server/exceptions/demo-history")).seedExceptionHistory(opts);
  await (await import("@/server/replay/demo-history")).seedReplayHistory(opts);
}
