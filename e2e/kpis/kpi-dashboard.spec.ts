import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, signIn } from "../fixtures/api";
import { createWorld } from "../fixtures/world";

/** A channel of its own with two orders, one of them oversold, and publishes 10 s after each. */
async function setUp(request: APIRequestContext) {
  const w = await createWorld(request);
  const now = Date.now();
  const at = (s: number) => new Date(now - 600_000 + s * 1000).toISOString();
  const send = async (connector: string, events: unknown[]) => expect((await request.post("/api/v1/events", { headers: w.auth(connector), data: events })).status()).toBe(200);
  const sku = w.code("A");
  await send("wms", [{ eventId: w.nextId(), type: "receipt.posted", sku, location: w.code("WH"), quantity: 5, occurredAt: at(0) }]);
  await send("shopify", [
    { eventId: w.nextId(), type: "order.created", sku, location: w.code("WH"), channel: w.code("web"), quantity: 3, orderRef: "o1", occurredAt: at(40) },
    { eventId: w.nextId(), type: "channel.quantity.published", sku, channel: w.code("web"), quantity: 2, occurredAt: at(50) },
    { eventId: w.nextId(), type: "order.created", sku, location: w.code("WH"), channel: w.code("web"), quantity: 4, orderRef: "o2", occurredAt: at(120) },
    { eventId: w.nextId(), type: "channel.quantity.published", sku, channel: w.code("web"), quantity: 0, occurredAt: at(130) },
  ]);
  const channel = w.code("web");
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/kpis?channel=${channel}`, { headers: ADMIN })).json()) as { orders: number }).orders, { timeout: 15_000 })
    .toBe(2);
  return { channel };
}

test("an executive reads the dashboard, changes the range and channel, drills down and exports what is shown", async ({ page, request }) => {
  const { channel } = await setUp(request);
  await signIn(page, "executive@example.com");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "KPIs" }).click();
  await expect(page).toHaveURL(/\/kpis$/);
  await expect(page.getByRole("heading", { name: "KPIs" })).toBeVisible();
  await expect(page.getByTestId("kpi-range")).toContainText("all channels");
  await expect(page.getByRole("button", { name: "24 h" })).toHaveAttribute("aria-pressed", "true");
  for (const title of ["Oversell rate", "Exceptions and MTTR", "Inventory accuracy by channel", "Throughput", "By channel"]) {
    await expect(page.getByRole("heading", { name: title, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("img", { name: /Sync latency p95 per channel as a multiple of its freshness SLO/ })).toBeVisible();

  // 7 days, then this spec's channel only
  await page.getByRole("button", { name: "7 d" }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(page.getByRole("button", { name: "7 d" })).toHaveAttribute("aria-pressed", "true");
  await page.getByLabel("Channel", { exact: true }).selectOption(channel);
  await expect(page).toHaveURL(new RegExp(`range=7d&channel=${channel}`));
  await expect(page.getByTestId("kpi-range")).toContainText(`channel ${channel}`);
  await expect(page.getByTestId("kpi-oversellRate")).toHaveText("50.0%");
  await expect(page.getByTestId("kpi-syncLatencyP50Seconds")).toHaveText("10 s");
  await expect(page.getByTestId("kpi-channel-row")).toHaveCount(1);
  await expect(page.getByRole("heading", { name: `Sync latency, ${channel}` })).toBeVisible();
  await page.screenshot({ path: "test-results/kpis-dashboard.png", fullPage: true });

  // drill-down links carry the channel
  await expect(page.getByRole("link", { name: /^Oversell rate: 50.0%/ })).toHaveAttribute("href", `/exceptions?kind=oversell_risk&state=all&channel=${channel}`);
  await expect(page.getByTestId("kpi-channel-row").getByRole("link", { name: "drift" })).toHaveAttribute("href", `/drift?view=channel&channel=${channel}`);

  // CSV of what is shown
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^sightline-kpis-.*-${channel}\\.csv$`));
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toBe("section,period_start,period_end,channel,metric,value");
  expect(lines.some((l) => /^range,[^,]+,[^,]+,all,oversellRate,0\.5$/.test(l))).toBe(true);
  expect(lines.some((l) => new RegExp(`^range by channel,[^,]+,[^,]+,${channel},eventsIngested,4$`).test(l))).toBe(true);
  expect(lines.some((l) => new RegExp(`^range by channel,[^,]+,[^,]+,${channel},syncLatencyP95Seconds,50$`).test(l))).toBe(true);
  // 7 days in daily points (the first one partial), every figure overall and for the channel
  expect(lines.filter((l) => l.startsWith("trend,")).length).toBeGreaterThanOrEqual(7 * 11 * 2);

  // a custom range, in UTC
  await page.getByRole("button", { name: "Custom" }).click();
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("From (UTC)").fill(`${day}T00:00`);
  await page.getByLabel("To (UTC)").fill(`${new Date(Date.now() + 3600_000).toISOString().slice(0, 13)}:00`);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/range=custom&from=.*&to=.*&channel=/);
  await expect(page.getByTestId("kpi-range")).toContainText(`${day} 00:00 –`);
  await expect(page.getByTestId("kpi-oversellRate")).toHaveText("50.0%");

  // printing hides the controls and the navigation
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Export CSV" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByTestId("kpi-oversellRate")).toBeVisible();
});

test("a bookmarked dashboard URL opens with its range and channel; a bad custom range says why", async ({ page }) => {
  await signIn(page, "ops@example.com");
  await page.goto("/kpis?range=30d&channel=amazon");
  await expect(page.getByRole("button", { name: "30 d" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByLabel("Channel", { exact: true })).toHaveValue("amazon");
  await expect(page.getByTestId("kpi-range")).toContainText("channel amazon");
  await page.goto("/kpis?range=custom&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z");
  await expect(page.getByRole("alert").filter({ hasText: "from: must be before to" })).toBeVisible();
  await expect(page.getByLabel("Loading")).toHaveCount(0);
});

test("Today's KPIs on the Overview link to the dashboard", async ({ page }) => {
  await signIn(page, "merchandiser@example.com");
  const panel = page.getByRole("region", { name: "Today's KPIs" }).or(page.locator("section", { has: page.getByRole("heading", { name: "Today's KPIs" }) }));
  await expect(panel.getByText("Oversell rate")).toBeVisible();
  await panel.getByRole("link", { name: "Open the dashboard →" }).click();
  await expect(page).toHaveURL(/\/kpis$/);
});

test("the API page renders the OpenAPI document: groups, parameters and schemas", async ({ page }) => {
  await signIn(page, "executive@example.com");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API", exact: true }).click();
  await expect(page).toHaveURL(/\/api-docs$/);
  await expect(page.getByRole("heading", { name: "API", exact: true })).toBeVisible();
  for (const group of ["system", "master-data", "events", "exceptions", "kpis"]) await expect(page.getByRole("heading", { name: new RegExp(`^${group}`) })).toBeVisible();
  const kpis = page.getByRole("article", { name: "GET /api/v1/kpis" });
  await expect(kpis).toContainText("Executive KPIs for a time range");
  for (const p of ["from", "to", "channel"]) await expect(kpis.getByRole("cell", { name: new RegExp(`^${p}`) })).toBeVisible();
  await expect(kpis).toContainText("oversellRate");
  await expect(kpis).toContainText("byChannel");
  const events = page.getByRole("article", { name: "POST /api/v1/events" });
  await expect(events).toContainText("application/json or application/x-ndjson");
  await expect(events).toContainText("eventId");
  await page.screenshot({ path: "test-results/api-docs.png" });
});
