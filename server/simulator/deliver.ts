import { createHmac } from "node:crypto";
import type { TDelivery } from "./model";

export type TDeliveryTarget = { baseUrl: string; keys: Record<string, string>; shopifyConnector: string; shopifySecret: string };

/** Sends one delivery through the public API, exactly as a real connector would. */
export async function deliver(target: TDeliveryTarget, d: TDelivery): Promise<{ status: number; accepted?: number; rejected?: number }> {
  if (d.via === "shopify-webhook") {
    const body = JSON.stringify(d.webhookBody);
    const response = await fetch(`${target.baseUrl}/api/v1/webhooks/shopify/${target.shopifyConnector}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": d.topic ?? "unknown",
        "x-shopify-event-id": `sim-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`,
        "x-shopify-hmac-sha256": createHmac("sha256", target.shopifySecret).update(body, "utf8").digest("base64"),
      },
      body,
    });
    const json = (await response.json().catch(() => ({}))) as { accepted?: number; rejected?: number };
    return { status: response.status, ...json };
  }
  const key = target.keys[d.connector];
  if (!key) return { status: 0 };
  if (d.via === "x12") {
    const response = await fetch(`${target.baseUrl}/api/v1/edi/x12`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/edi-x12" }, body: d.x12 ?? "" });
    const json = (await response.json().catch(() => ({}))) as { accepted?: number; rejected?: number };
    return { status: response.status, ...json };
  }
  const response = await fetch(`${target.baseUrl}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(d.events),
  });
  const json = (await response.json().catch(() => ({}))) as { accepted?: number; rejected?: number };
  return { status: response.status, ...json };
}

/** What Sightline says a channel may publish, when the availability API is there. */
export async function fetchTargets(target: TDeliveryTarget, connector: string, channel: string): Promise<Map<string, number> | undefined> {
  const key = target.keys[connector];
  if (!key) return undefined;
  const targets = new Map<string, number>();
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const url = new URL(`${target.baseUrl}/api/v1/availability`);
    url.searchParams.set("channel", channel);
    url.searchParams.set("limit", "500");
    if (cursor) url.searchParams.set("cursor", cursor);
    const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
    if (!response.ok) return targets.size ? targets : undefined;
    const body = (await response.json()) as { items: { sku: string; target: number }[]; nextCursor: string | null };
    for (const item of body.items) targets.set(item.sku, item.target);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return targets;
}
