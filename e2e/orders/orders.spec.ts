import { expect, test } from "@playwright/test";
import { putMasterData, signInViaApi, uniqueCode } from "../fixtures/api";

/** A channel of its own (60 s to allocate an order) with one order stuck and one on its way. */
async function setUp(request: import("@playwright/test").APIRequestContext) {
  const p = uniqueCode("ORD");
  const code = (s: string) => `${p}-${s}`;
  const { connectorKeys } = await putMasterData(request, {
    skus: [{ code: code("SKU") }],
    locations: [{ code: code("WH"), kind: "warehouse" }],
    channels: [{ code: code("web"), kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: [code("WH")], orderAllocationSloSeconds: 60 }],
    connectors: [
      { code: code("shop"), kind: "channel", channel: code("web") },
      { code: code("erp"), kind: "erp" },
    ],
  });
  const post = async (connector: string, events: unknown[]) => {
    const r = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${connectorKeys[code(connector)]}` }, data: events });
    expect(r.status()).toBe(200);
    expect(((await r.json()) as { accepted: number }).accepted).toBe(events.length);
  };
  const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
  const stuck = `${p}-PO-1`;
  const fine = `${p}-PO-2`;
  const line = (ref: string, type: string, s: number, extra: Record<string, unknown> = {}) => ({ eventId: `${ref}-${type}`, type, sku: code("SKU"), location: code("WH"), quantity: 3, orderRef: ref, occurredAt: ago(s), ...extra });
  await post("shop", [line(stuck, "order.created", 600, { channel: code("web") }), line(fine, "order.created", 30, { channel: code("web") })]);
  return { channel: code("web"), sku: code("SKU"), stuck, fine, reserve: () => post("erp", [line(stuck, "reservation.created", 5)]) };
}

test("an operations manager finds a stuck order, opens its life, and sees it heal after a reservation", async ({ page, request }) => {
  const w = await setUp(request);
  await signInViaApi(page, "ops@example.com");

  await page.goto("/orders");
  await page.getByLabel("Channel").selectOption(w.channel);
  await expect(page).toHaveURL(new RegExp(`channel=${w.channel}`));
  const rows = page.getByTestId("order-row");
  await expect(rows).toHaveCount(2);
  // the stuck one first, marked
  await expect(rows.first()).toContainText(w.stuck);
  await expect(rows.first()).toContainText("stuck: unallocated");
  await expect(rows.nth(1)).not.toContainText("stuck");

  // only what needs attention, from the URL
  await page.getByLabel("Show").selectOption("attention");
  await expect(page).toHaveURL(/attention=1/);
  await expect(rows).toHaveCount(1);

  await rows.first().getByRole("link", { name: w.stuck }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${encodeURIComponent(w.channel)}/${encodeURIComponent(w.stuck)}$`));
  await expect(page.getByRole("heading", { name: w.stuck })).toBeVisible();
  await expect(page.getByTestId("step-reserved")).toContainText("overdue since");
  await expect(page.getByRole("link", { name: w.sku }).first()).toHaveAttribute("href", new RegExp(`/skus/${w.sku}`));
  // the evaluator raises its exception within seconds
  await expect(page.getByLabel("Exceptions for this order")).toContainText("Order stuck in pending allocation", { timeout: 15_000 });

  await w.reserve();
  // the page refreshes itself: the order is reserved, and its exception resolved itself
  await expect(page.getByText("stuck: unallocated")).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId("step-reserved")).toContainText("after creation");
  await expect(page.getByLabel("Exceptions for this order")).toContainText("resolved · auto", { timeout: 15_000 });
  await expect(page.getByLabel("Trace lanes")).toContainText("reservation.created");
});

test("GET /api/v1/orders answers the list contract, and a connector key is refused", async ({ request }) => {
  const w = await setUp(request);
  const r = await request.get(`/api/v1/orders?channel=${w.channel}&state=open&limit=1`, { headers: { authorization: "Bearer e2e-bootstrap-token-0123456789" } });
  expect(r.status()).toBe(200);
  const body = (await r.json()) as { items: Record<string, unknown>[]; nextCursor: string | null };
  expect(body.items).toEqual([{ channel: w.channel, orderRef: w.stuck, state: "open", createdAt: expect.any(String), units: 3 }]);
  expect(body.nextCursor).not.toBeNull();
  const next = await request.get(`/api/v1/orders?channel=${w.channel}&state=open&limit=1&cursor=${body.nextCursor}`, { headers: { authorization: "Bearer e2e-bootstrap-token-0123456789" } });
  expect(((await next.json()) as { items: { orderRef: string }[] }).items.map((o) => o.orderRef)).toEqual([w.fine]);
  expect((await request.get("/api/v1/orders?state=lost", { headers: { authorization: "Bearer e2e-bootstrap-token-0123456789" } })).status()).toBe(400);
  expect((await request.get("/api/v1/orders")).status()).toBe(401);
});
