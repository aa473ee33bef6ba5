import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, putMasterData, signIn, uniqueCode } from "../fixtures/api";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function postEvents(request: APIRequestContext, key: string, events: unknown[]) {
  const response = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${key}` }, data: events });
  expect(response.status(), await response.text()).toBe(200);
  const body = await response.json();
  expect(body.rejected, JSON.stringify(body.results)).toBe(0);
}

/** One SKU's world through the public APIs: master data, then an order's events from ERP, WMS and the channel. */
async function seedOrder(request: APIRequestContext) {
  const p = uniqueCode("DRIFT");
  const sku = `${p}-SKU`;
  const wh = `${p}-WH`;
  const web = `${p}-web`.toLowerCase();
  const erp = `${p}-erp`.toLowerCase();
  const wms = `${p}-wms`.toLowerCase();
  const shop = `${p}-shop`.toLowerCase();
  const order = `${p}-ORD`;
  const { connectorKeys: keys } = await putMasterData(request, {
    skus: [{ code: sku, name: "Trace widget", category: "E2E", aliases: [`${p}-alias`] }],
    connectors: [
      { code: erp, kind: "erp" },
      { code: wms, kind: "wms" },
      { code: shop, kind: "channel", channel: web },
    ],
    locations: [{ code: wh, kind: "warehouse", authoritativeConnector: wms }],
    channels: [{ code: web, kind: "shopify", freshnessSloSeconds: 300, eligibleLocations: [wh] }],
  });
  let n = 0;
  const id = () => `${p}-e${++n}`;
  await postEvents(request, keys[wms]!, [{ eventId: id(), type: "receipt.posted", sku, location: wh, quantity: 20, occurredAt: minutesAgo(180) }]);
  await postEvents(request, keys[erp]!, [{ eventId: id(), type: "balance.snapshot", sku, location: wh, balances: { onHand: 18 }, occurredAt: minutesAgo(170) }]);
  await postEvents(request, keys[erp]!, [{ eventId: id(), type: "order.created", sku, location: wh, channel: web, quantity: 3, orderRef: order, correlationId: order, occurredAt: minutesAgo(120) }]);
  await postEvents(request, keys[wms]!, [
    { eventId: id(), type: "pick.confirmed", sku, location: wh, quantity: 3, orderRef: order, correlationId: order, occurredAt: minutesAgo(90) },
    { eventId: id(), type: "shipment.posted", sku, location: wh, quantity: 3, orderRef: order, correlationId: order, occurredAt: minutesAgo(60) },
  ]);
  await postEvents(request, keys[shop]!, [{ eventId: id(), type: "channel.quantity.published", sku, channel: web, quantity: 25, occurredAt: minutesAgo(50) }]);
  return { sku, wh, web, erp, wms, shop, order, keys, id };
}

test("an operations manager filters the drift page to one SKU, opens it, reads its timeline and follows an order's trace", async ({ page, request }) => {
  const w = await seedOrder(request);
  await signIn(page, "ops@example.com");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Drift" }).click();
  await expect(page).toHaveURL(/\/drift$/);

  await page.getByLabel("Search SKU").fill(w.sku);
  await expect(page).toHaveURL(new RegExp(`q=${w.sku}`));
  const table = page.getByRole("table", { name: "Channel drift" });
  await expect(table.getByRole("row")).toHaveCount(2);
  const row = table.getByRole("row").nth(1);
  await expect(row).toContainText(w.web);
  // The targets worker sets the target within ~2 s: ATP 17 with no policy scoped to this channel.
  await expect.poll(async () => (await (await request.get(`/api/v1/drift?kind=channel&sku=${w.sku}`, { headers: ADMIN })).json()).items[0]?.target, { timeout: 10_000 }).toBe(17);
  await expect(row).toContainText("+8");
  await expect(page.getByTestId("updated-ago")).toContainText(/updated \d+ s ago/);
  await page.screenshot({ path: "test-results/drift-filtered.png", fullPage: true });

  // The URL is the state: a shared link shows the same rows.
  await page.goto(page.url());
  await expect(table.getByRole("row").nth(1)).toContainText(w.sku);

  // Live: a new channel quantity shows within about 2 s (1.5 s refresh), without reloading.
  await postEvents(request, w.keys[w.shop]!, [{ eventId: w.id(), type: "channel.quantity.published", sku: w.sku, channel: w.web, quantity: 21, occurredAt: minutesAgo(1) }]);
  await expect(row).toContainText("+4", { timeout: 3_000 });

  // Keyboard: j selects the first row, Enter opens its SKU.
  await page.locator("body").press("j");
  await expect(row).toHaveAttribute("aria-selected", "true");
  await page.locator("body").press("Enter");
  await expect(page).toHaveURL(new RegExp(`/skus/${w.sku}$`));

  await expect(page.getByRole("heading", { name: `${w.sku} · Trace widget` })).toBeVisible();
  const book = page.getByRole("table", { name: "Book per location" });
  await expect(book.getByRole("row").nth(1)).toContainText(w.wh);
  await expect(book.getByRole("row").nth(1)).toContainText("17");
  await expect(page.getByRole("table", { name: "Channels" })).toContainText("+4");
  await expect(page.getByTestId("sku-chart")).toBeVisible();

  const timeline = page.getByRole("table", { name: "Timeline" });
  for (const type of ["receipt.posted", "balance.snapshot", "order.created", "pick.confirmed", "shipment.posted", "channel.quantity.published"]) {
    await expect(timeline.getByText(type, { exact: true }).first()).toBeVisible();
  }

  await timeline.getByRole("button", { name: `Trace ${w.order}` }).first().click();
  await expect(page).toHaveURL(new RegExp(`trace=${w.order}`));
  const lanes = page.getByRole("table", { name: "Trace lanes" });
  await expect(lanes.getByRole("columnheader")).toHaveText(["ERP", "WMS / 3PL", "Channels"]);
  const events = lanes.getByTestId("trace-event");
  await expect(events).toHaveCount(4);
  await expect(events.nth(0)).toContainText("order.created");
  await expect(events.nth(1)).toContainText("pick.confirmed");
  await expect(events.nth(2)).toContainText("shipment.posted");
  await expect(events.nth(3)).toContainText("channel caught up");
  await expect(events.nth(3)).toContainText("channel.quantity.published");
  await expect(page.getByRole("list", { name: "Channel catch-up" })).toContainText(`${w.web} ${w.sku} → 25`);
  await page.screenshot({ path: "test-results/sku-trace.png", fullPage: true });
});

test("system and staleness views show the ERP-vs-WMS pair and the feeds", async ({ page, request }) => {
  const w = await seedOrder(request);
  await signIn(page, "executive@example.com");
  await page.goto(`/drift?view=system&q=${w.sku}`);
  const system = page.getByRole("table", { name: "System drift" });
  await expect(system.getByRole("row").nth(1)).toContainText(w.wh);
  await expect(system.getByRole("row").nth(1)).toContainText("+1");

  await page.getByRole("tab", { name: /Staleness/ }).click();
  await expect(page).toHaveURL(/view=staleness/);
  await page.getByLabel("Channel").selectOption(w.web);
  const feeds = page.getByRole("table", { name: "Staleness" });
  await expect(feeds).toContainText(w.web);
  await expect(feeds).toContainText(w.shop);
  // Its last quantity occurred 50 min ago, beyond the 5 min SLO.
  await expect(feeds.getByRole("row", { name: new RegExp(w.web) })).toContainText("stale");

  await page.goto(`/drift?q=NO-SUCH-SKU-${w.sku}`);
  await expect(page.getByText("Nothing matches these filters")).toBeVisible();
});

test("an unknown SKU is a 404 page, and a signed-out visitor is sent to sign in", async ({ page }) => {
  const signedOut = await page.request.get("/drift", { maxRedirects: 0 });
  expect([302, 303, 307]).toContain(signedOut.status());
  expect(signedOut.headers().location).toContain("/sign-in");
  await signIn(page, "ops@example.com");
  const response = await page.goto("/skus/NO-SUCH-SKU-ANYWHERE");
  expect(response?.status()).toBe(404);
});
