import { chmod, writeFile } from "node:fs/promises";
import path from "node:path";
import { ensureUser } from "@/server/auth/users";
import type { Prisma } from "@prisma/client";
import { db } from "@/server/db";
import { openSecret, sealSecret, sha256Hex } from "@/server/lib/crypto";
import type { TLogger } from "@/server/lib/logger";
import { rotateConnectorKey } from "@/server/master-data/queries";
import { upsertMasterData } from "@/server/master-data/upsert";
import { seedDemoPolicies } from "@/server/policies/demo-policies";
import { generateHistory } from "@/server/simulator/history";
import { demoSkusForSimulator, loadSimState, saveSimState } from "@/server/simulator/state";
import { DEMO_CHANNELS, DEMO_CONNECTORS, DEMO_LOCATIONS, DEMO_PASSWORD, DEMO_USERS, demoSkus } from "./catalogue";

const SEEDED_KEY = "demo.seeded_at";
const KEYS_KEY = "demo.connector_keys";

/** An export of the keys for `npm run simulate -- --keys …` against this instance (never read back). */
function keysFile() {
  return path.resolve(process.env.SIGHTLINE_DATA_DIR ?? ".sightline", "demo-connector-keys.json");
}

async function saveKeys(keys: Record<string, string>) {
  const value = { sealed: sealSecret(JSON.stringify(keys)) } as Prisma.InputJsonValue;
  await db.appSetting.upsert({ where: { key: KEYS_KEY }, create: { key: KEYS_KEY, value }, update: { value } });
  await writeFile(keysFile(), JSON.stringify(keys, null, 2), { mode: 0o600 });
  await chmod(keysFile(), 0o600);
}

async function storedKeys(): Promise<Record<string, string>> {
  const row = await db.appSetting.findUnique({ where: { key: KEYS_KEY } });
  const sealed = (row?.value as { sealed?: string } | null)?.sealed;
  if (!sealed) return {};
  try {
    return JSON.parse(openSecret(sealed)) as Record<string, string>;
  } catch {
    return {}; // sealed under another instance secret: the keys are issued afresh below
  }
}

/**
 * The demo connectors' keys for the simulator. They live in the database they open (sealed with the
 * instance secret), and each is checked against its connector's hash at start: a key that no longer
 * opens its connector (another instance's, or rotated in Settings) is replaced by a fresh one.
 */
export async function demoConnectorKeys(): Promise<Record<string, string>> {
  const keys = await storedKeys();
  const hashes = new Map((await db.connector.findMany({ where: { code: { in: DEMO_CONNECTORS.map((c) => c.code) } }, select: { code: true, keyHash: true } })).map((c) => [c.code, c.keyHash]));
  let isChanged = false;
  for (const { code } of DEMO_CONNECTORS) {
    if (!hashes.has(code)) continue;
    const key = keys[code];
    if (key && sha256Hex(key) === hashes.get(code)) continue;
    keys[code] = (await rotateConnectorKey(code, "demo-seed")).key;
    isChanged = true;
  }
  if (isChanged) await saveKeys(keys);
  return keys;
}

/** Demo users, catalogue, locations, channels and connectors, once per database. */
export async function seedDemo(opts: { log: TLogger; historyDays: number }) {
  for (const u of DEMO_USERS) await ensureUser({ ...u, password: DEMO_PASSWORD }, "demo-seed");
  const seedNotifications = async () => (await import("@/server/notifications/demo")).seedDemoNotifications(opts);
  if (await db.appSetting.findUnique({ where: { key: SEEDED_KEY } })) return seedNotifications();
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
  await seedNotifications();
}
