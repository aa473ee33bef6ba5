import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createWorld } from "../fixtures/world";

const SECRET = "e2e-shopify-secret";
const sign = (body: string, secret = SECRET) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

function headers(topic: string, eventId: string, body: string, hmac = sign(body)) {
  return {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-hmac-sha256": hmac,
    "x-shopify-shop-domain": "sightline-demo.myshopify.com",
    "x-shopify-api-version": "2025-07",
    "x-shopify-webhook-id": `wh-${eventId}`,
    "x-shopify-event-id": eventId,
    "x-shopify-triggered-at": new Date().toISOString(),
  };
}

test("inventory_levels/update becomes a channel exposure, resolved through aliases; retries are duplicates", async ({ request }) => {
  const w = await createWorld(request);
  // Shopify's own payload shape for inventory_levels/update
  const body = JSON.stringify({
    inventory_item_id: w.code("shopify-item"),
    location_id: w.code("shopify-loc"),
    available: 7,
    updated_at: new Date(Date.now() - 60_000).toISOString().replace("Z", "-00:00"),
    admin_graphql_api_id: "gid://shopify/InventoryLevel/24826418?inventory_item_id=271878346596884015",
  });
  const url = `/api/v1/webhooks/shopify/${w.code("shopify")}`;
  const eventId = `${w.code("evt")}-1`;
  const first = await request.post(url, { headers: headers("inventory_levels/update", eventId, body), data: Buffer.from(body) });
  expect(first.status()).toBe(200);
  expect(await first.json()).toMatchObject({ accepted: 1 });
  const retry = await request.post(url, { headers: headers("inventory_levels/update", eventId, body), data: Buffer.from(body) });
  expect(await retry.json()).toMatchObject({ duplicate: 1, accepted: 0 });
});

test("orders/create becomes one order.created per line item", async ({ request }) => {
  const w = await createWorld(request);
  const order = {
    id: 820982911946154500,
    admin_graphql_api_id: "gid://shopify/Order/820982911946154508",
    name: "#9999",
    created_at: new Date(Date.now() - 30_000).toISOString(),
    currency: "USD",
    location_id: w.code("shopify-loc"),
    line_items: [
      { id: 866550311766439000, variant_id: 808950810, sku: w.code("A"), quantity: 2, title: "Widget", price: "199.00" },
      { id: 141249953214522980, variant_id: 457924702, sku: w.code("B"), quantity: 1, title: "Gadget", price: "9.00" },
    ],
  };
  const body = JSON.stringify(order);
  const r = await request.post(`/api/v1/webhooks/shopify/${w.code("shopify")}`, { headers: headers("orders/create", `${w.code("ord")}`, body), data: Buffer.from(body) });
  expect(r.status()).toBe(200);
  const result = await r.json();
  expect(result).toMatchObject({ received: 2, accepted: 2 });
  expect(result.results.map((x: { eventId: string }) => x.eventId)).toEqual([`${w.code("ord")}:866550311766439000`, `${w.code("ord")}:141249953214522980`]);
});

test("a webhook that cannot be resolved is still answered 200 and kept as rejected", async ({ request }) => {
  const w = await createWorld(request);
  const body = JSON.stringify({ inventory_item_id: 999999999999, location_id: 1, available: 3, updated_at: new Date().toISOString() });
  const r = await request.post(`/api/v1/webhooks/shopify/${w.code("shopify")}`, { headers: headers("inventory_levels/update", `${w.code("unres")}`, body), data: Buffer.from(body) });
  expect(r.status()).toBe(200);
  const result = await r.json();
  expect(result.rejected).toBe(1);
  expect(result.results[0].reasons.map((x: { code: string }) => x.code)).toEqual(expect.arrayContaining(["unknown_sku", "unknown_location"]));
});

test("a bad HMAC is 401 and nothing is applied", async ({ request }) => {
  const w = await createWorld(request);
  const body = JSON.stringify({ inventory_item_id: w.code("shopify-item"), location_id: w.code("shopify-loc"), available: 99, updated_at: new Date().toISOString() });
  const url = `/api/v1/webhooks/shopify/${w.code("shopify")}`;
  const forged = await request.post(url, { headers: headers("inventory_levels/update", `${w.code("forged")}`, body, sign(body, "wrong-secret")), data: Buffer.from(body) });
  expect(forged.status()).toBe(401);
  expect((await forged.json()).error.code).toBe("unauthorized");
  const missing = await request.post(url, { headers: { "content-type": "application/json", "x-shopify-topic": "inventory_levels/update" }, data: Buffer.from(body) });
  expect(missing.status()).toBe(401);
  const unknown = await request.post(`/api/v1/webhooks/shopify/no-such-connector`, { headers: headers("inventory_levels/update", "x", body), data: Buffer.from(body) });
  expect(unknown.status()).toBe(401);
  // the forged event id was never stored: sending it now with a good signature is accepted, not a duplicate
  const good = await request.post(url, { headers: headers("inventory_levels/update", `${w.code("forged")}`, body), data: Buffer.from(body) });
  expect((await good.json()).accepted).toBe(1);
});
