// Check 21: the server SIGKILLed (and its PostgreSQL crashed) while delivering 1,000 notifications
// to a slow receiver, then restarted on the same data. Every message is eventually delivered, none
// is lost, and a message delivered twice (sent before the kill, recorded after) carries one webhook-id.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startBenchServer, type TBenchServer } from "../../bench/lib/server";
import { startReceiver, waitFor, type TReceiver } from "../notify-receivers";
import { bearer, call, postEvents, putMasterData, uniqueCode } from "./lib/api";
import { sql } from "./lib/db";
import { BASE_PORT, figure, logFileFor } from "./lib/servers";

const SLOT = 7;
const PORT = BASE_PORT + SLOT;
const GROUPS = 1_000;
const ENV = { LOG_LEVEL: "warn", SIGHTLINE_WEBHOOK_ALLOW_PRIVATE: "1", SIGHTLINE_NOTIFY_HOLD_SECONDS: "1", SIGHTLINE_NOTIFY_RETRY_SECONDS: "1,2,2,5,5,10,10,10" };

let server: TBenchServer | undefined;
let receiver: TReceiver | undefined;

function start(reuseData = false) {
  return startBenchServer({ port: PORT, pgPort: PORT + 51_000, logFile: logFileFor(SLOT), env: ENV, reuseData });
}

/** A crash of the machine, not a clean stop: the orphaned PostgreSQL is told to quit at once. */
async function crash(s: TBenchServer) {
  s.proc.kill("SIGKILL");
  await new Promise<void>((resolve) => (s.proc.exitCode !== null || s.proc.signalCode !== null ? resolve() : s.proc.once("exit", () => resolve())));
  const pidFile = path.join(s.dataDir, "pg", "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, "SIGQUIT");
  } catch {
    return;
  }
  await waitFor(() => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  }, 15_000);
}

afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

describe("check 21: SIGKILL mid-delivery of 1,000 notifications", () => {
  it("delivers every message after a restart, loses none, and a duplicate keeps its webhook-id", async () => {
    receiver = await startReceiver();
    receiver.setDelay(150);
    server = await start();
    const p = uniqueCode("N");
    const skus = Array.from({ length: GROUPS }, (_, i) => ({ code: `${p}-S${i}` }));
    const md = await putMasterData(server.baseUrl, server.token, {
      skus,
      connectors: [{ code: `${p}-erp`, kind: "erp", rateLimitPerSecond: 1000 }],
      locations: [{ code: `${p}-WH`, kind: "warehouse" }],
      channels: [{ code: `${p}-b2b`, kind: "b2b", freshnessSloSeconds: 600, eligibleLocations: [`${p}-WH`] }],
    });
    const created = await call<{ id: string; secret: string }>(server.baseUrl, "/api/v1/notifications/endpoints", {
      method: "POST",
      headers: { ...bearer(server.token), "content-type": "application/json" },
      body: JSON.stringify({ kind: "webhook", url: receiver.url, description: "slow receiver", eventTypes: ["exception.opened"], filter: { kinds: ["negative_atp"] }, rateLimitPerMinute: 100_000 }),
    });
    expect(created.status).toBe(201);
    receiver.secrets = [created.json.secret];

    // 1,000 orders with no stock: 1,000 negative ATP groups, one message each after the hold
    const sent = await postEvents(
      server.baseUrl,
      md.connectorKeys[`${p}-erp`]!,
      skus.map((s, i) => ({ eventId: `${p}-o${i}`, type: "order.created", sku: s.code, location: `${p}-WH`, channel: `${p}-b2b`, quantity: 1, orderRef: `${p}-SO${i}`, occurredAt: new Date().toISOString() })),
    );
    expect(sent.json.accepted).toBe(GROUPS);

    // kill it mid-delivery
    await waitFor(() => receiver!.received.length >= 150, 120_000);
    const beforeKill = receiver.received.length;
    await crash(server);
    const started = Date.now();
    server = await start(true);

    const pgUrl = server.pgUrl;
    const settled = await waitFor(
      async () => {
        const [row] = await sql<{ total: string; delivered: string }>(pgUrl, `select count(*) as total, count(*) filter (where status = 'delivered') as delivered from notification_message where endpoint_id = $1`, [created.json.id]);
        return row && Number(row.total) === GROUPS && Number(row.delivered) === GROUPS ? row : false;
      },
      180_000,
      500,
    );
    expect(Number(settled.delivered)).toBe(GROUPS);

    const messages = await sql<{ id: string; group_id: number }>(pgUrl, `select id, group_id from notification_message where endpoint_id = $1`, [created.json.id]);
    const groups = await sql<{ id: number }>(pgUrl, `select g.id from exception_group g join sku s on s.id = g.sku_id where g.kind = 'negative_atp' and s.code like $1`, [`${p}-%`]);
    // none lost: one message per group, and every message arrived (verified) at least once
    expect(groups).toHaveLength(GROUPS);
    expect(new Set(messages.map((m) => m.group_id))).toEqual(new Set(groups.map((g) => g.id)));
    const ids = new Set(messages.map((m) => m.id));
    const arrived = receiver.received.filter((r) => r.type === "exception.opened");
    expect(new Set(arrived.map((r) => r.id))).toEqual(ids);
    expect(arrived.every((r) => r.verifiedWith === 0)).toBe(true);
    // a duplicate is the same message: same webhook-id, same group
    const byId = new Map<string, number[]>();
    for (const r of arrived) byId.set(r.id, [...(byId.get(r.id) ?? []), Number(r.body.data.id)]);
    const duplicates = [...byId.values()].filter((g) => g.length > 1);
    expect(duplicates.every((g) => new Set(g).size === 1)).toBe(true);
    figure(21, `killed after ${beforeKill} of ${GROUPS} arrivals; all ${GROUPS} delivered ${((Date.now() - started) / 1000).toFixed(1)} s after the kill; ${duplicates.length} arrived twice (same webhook-id), 0 lost`);
  });
});
