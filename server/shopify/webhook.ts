import { createHmac } from "node:crypto";
import { db } from "@/server/db";
import { openSecret, safeEqual } from "@/server/lib/crypto";
import { AppError } from "@/server/lib/errors";
import type { TLogger } from "@/server/lib/logger";
import { ingestBatch, touchConnector } from "@/server/ingest/ingest-batch";
import { enforceRateLimit } from "@/server/ingest/post-events";
import { mapShopifyWebhook } from "./map-webhook";

export function shopifyHmac(secret: string, rawBody: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

/**
 * POST /api/v1/webhooks/shopify/{connector}: verified with X-Shopify-Hmac-Sha256 (timing-safe),
 * de-duplicated by X-Shopify-Event-Id, mapped to the contract. Anything that cannot be resolved is
 * still answered 200 (Shopify would retry it for hours) and kept as a rejected event.
 */
export async function receiveShopifyWebhook(opts: { connectorCode: string; headers: Headers; rawBody: string; log: TLogger }) {
  const connector = await db.connector.findUnique({
    where: { code: opts.connectorCode },
    include: { channel: { include: { locations: { include: { location: { select: { code: true } } } } } } },
  });
  const presented = opts.headers.get("x-shopify-hmac-sha256") ?? "";
  // Unknown connector, no secret and bad signature all look the same from outside: 401.
  const secret = connector?.webhookSecretEnc ? openSecret(connector.webhookSecretEnc) : null;
  if (!connector || !secret || !presented || !safeEqual(shopifyHmac(secret, opts.rawBody), presented)) {
    throw new AppError("unauthorized", "The X-Shopify-Hmac-Sha256 signature does not match this connector's webhook secret.");
  }
  if (!connector.channel) throw new AppError("invalid_field", `Connector ${connector.code} must name its Shopify channel before it can receive webhooks.`);
  await enforceRateLimit(connector);

  const topic = opts.headers.get("x-shopify-topic") ?? "unknown";
  const webhookEventId = opts.headers.get("x-shopify-event-id") ?? opts.headers.get("x-shopify-webhook-id") ?? `sha:${shopifyHmac("id", opts.rawBody).slice(0, 24)}`;
  let body: unknown;
  try {
    body = JSON.parse(opts.rawBody);
  } catch {
    body = { unparseable: opts.rawBody.slice(0, 100_000) };
  }
  const fallbackLocation = connector.channel.locations.map((l) => l.location.code).sort()[0] ?? null;
  const events = mapShopifyWebhook(body, { topic, webhookEventId, channel: connector.channel.code, fallbackLocation });
  const receivedAt = new Date();
  const result = await ingestBatch({ id: connector.id, code: connector.code, channelId: connector.channelId }, events, receivedAt);
  await touchConnector(connector.id, receivedAt, true).catch((e: unknown) => opts.log.warn({ err: e }, "could not update last seen"));
  if (result.rejected > 0) opts.log.warn({ topic, webhookEventId, rejected: result.rejected }, "shopify webhook kept as rejected events");
  return result;
}
