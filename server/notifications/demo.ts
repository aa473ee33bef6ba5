// Demo mode: a webhook endpoint that delivers to Sightline's own demo receiver (a route inside the
// app that verifies each signature with the standardwebhooks library and keeps the last messages),
// so the Notifications page starts with a working endpoint and real history.
import { Webhook } from "standardwebhooks";
import { db } from "@/server/db";
import type { TLogger } from "@/server/lib/logger";
import { notifyConfig } from "./config";
import { createEndpoint, sendTest } from "./endpoints";
import { signingSecrets, type TEndpointRow } from "./endpoint-rows";
import { MESSAGE_TYPES } from "./notifications.types";
import { DEMO_RECEIVER_PATH } from "./ssrf";

const SEEDED_KEY = "demo.notifications_seeded_at";
const KEEP = 50;

/** Once per database: the demo endpoint (every message type) and a first test message. */
export async function seedDemoNotifications(opts: { log: TLogger }): Promise<void> {
  if (await db.appSetting.findUnique({ where: { key: SEEDED_KEY } })) return;
  const config = notifyConfig();
  // a start that stopped half-way (after the endpoint, before the mark) made it already
  const [existing] = await db.$queryRaw<{ id: string }[]>`select id from notification_endpoint where is_demo order by created_at limit 1`;
  const endpoint = existing ?? (await createEndpoint(
    {
      kind: "webhook",
      url: `${config.publicUrl}${DEMO_RECEIVER_PATH}`,
      description: "Demo receiver (inside Sightline; verifies every signature)",
      eventTypes: [...MESSAGE_TYPES].filter((t) => t !== "availability.changed"),
      rateLimitPerMinute: 30,
    },
    { email: "demo-seed" },
    { config, isDemo: true },
  ));
  await sendTest(endpoint.id, { email: "demo-seed" });
  await db.appSetting.create({ data: { key: SEEDED_KEY, value: new Date().toISOString() } });
  opts.log.info({ endpoint: endpoint.id }, "demo notification endpoint created");
}

export type TDemoReceipt = { id: number; webhookId: string; type: string; isVerified: boolean; receivedAt: string; summary: string };

/** The receiver's side: verify with the demo endpoint's secrets and keep the message. */
export async function receiveDemoMessage(body: string, headers: Record<string, string>): Promise<{ isVerified: boolean }> {
  const endpoints = await db.$queryRaw<TEndpointRow[]>`select * from notification_endpoint where is_demo`;
  let payload: { type?: string; data?: Record<string, unknown> } | null = null;
  for (const e of endpoints) {
    for (const secret of signingSecrets(e)) {
      try {
        payload = new Webhook(secret).verify(body, headers) as typeof payload;
        break;
      } catch {
        // try the next secret
      }
    }
    if (payload) break;
  }
  const isVerified = payload !== null;
  let type = "unknown";
  try {
    type = String((JSON.parse(body) as { type?: string }).type ?? "unknown");
  } catch {
    // kept as unknown
  }
  await db.$executeRaw`
    insert into notification_demo_receipt (webhook_id, type, is_verified, body) values (${headers["webhook-id"] ?? ""}, ${type}, ${isVerified}, ${body.slice(0, 4000)})`;
  return { isVerified };
}

function summarize(type: string, body: string): string {
  try {
    const d = (JSON.parse(body) as { data?: Record<string, unknown> }).data ?? {};
    if (type.startsWith("exception.") && type !== "exception.digest") {
      const scope = Object.values((d.scope ?? {}) as Record<string, string>).join(" · ");
      return `${String(d.kind)} (${String(d.severity)}) ${scope}`;
    }
    if (type === "exception.digest") return `${String(d.count)} folded messages`;
    if (type === "notification.test") return `sent by ${String(d.sentBy)}`;
    return "";
  } catch {
    return "";
  }
}

export async function demoReceipts(): Promise<TDemoReceipt[]> {
  const rows = await db.$queryRaw<{ id: bigint; webhook_id: string; type: string; is_verified: boolean; received_at: Date; body: string }[]>`
    select * from notification_demo_receipt order by id desc limit ${KEEP}`;
  return rows.map((r) => ({ id: Number(r.id), webhookId: r.webhook_id, type: r.type, isVerified: r.is_verified, receivedAt: r.received_at.toISOString(), summary: summarize(r.type, r.body) }));
}
