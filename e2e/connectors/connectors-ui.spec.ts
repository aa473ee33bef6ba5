import { expect, test } from "@playwright/test";
import { signIn } from "../fixtures/api";
import { createWorld } from "../fixtures/world";

test("an operations manager reads a connector's health, filters its dead letters and opens one", async ({ page, request }) => {
  const w = await createWorld(request);
  const now = new Date().toISOString();
  const post = (events: unknown[]) => request.post("/api/v1/events", { headers: w.auth("wms"), data: events });
  expect((await post([{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 4, occurredAt: now }])).status()).toBe(200);
  const rejectedId = w.nextId();
  expect((await post([{ eventId: rejectedId, type: "receipt.posted", sku: "NOT-IN-CATALOGUE", location: w.code("WH"), quantity: 2, occurredAt: now }])).status()).toBe(200);
  await request.post("/api/v1/events", { headers: { ...w.auth("wms"), "content-type": "application/json" }, data: Buffer.from("[{broken") });

  await signIn(page, "ops@example.com");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Connectors" }).click();
  const row = page.getByRole("row", { name: new RegExp(w.code("wms")) });
  await expect(row).toContainText("reporting");
  await row.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/connectors/${w.code("wms")}$`));
  await expect(page.getByText("Dead letters", { exact: true })).toBeVisible();

  await page.getByRole("tab", { name: "Rejected (dead letters)" }).click();
  await expect(page).toHaveURL(/status=rejected/);
  const dead = page.getByRole("row", { name: new RegExp(rejectedId) });
  await expect(dead).toContainText("no SKU has the code or alias NOT-IN-CATALOGUE");
  await dead.click();
  const dialog = page.getByRole("dialog", { name: `Event ${rejectedId}` });
  await expect(dialog.getByText("unknown_sku")).toBeVisible();
  await expect(dialog.getByText('"sku": "NOT-IN-CATALOGUE"')).toBeVisible();
  await page.keyboard.press("Escape");

  await expect(page.getByRole("cell", { name: /not valid JSON/ })).toBeVisible();
  await page.screenshot({ path: "test-results/connector-detail.png", fullPage: true });
});

test("a connector's events page forward and back, and a filter starts again at the first page", async ({ page, request }) => {
  const w = await createWorld(request);
  const base = Date.now() - 60_000;
  const events = Array.from({ length: 30 }, (_, i) => ({ eventId: `page-${w.nextId()}-${i}`, type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 1, occurredAt: new Date(base + i * 1000).toISOString() }));
  expect((await request.post("/api/v1/events", { headers: w.auth("wms"), data: events })).status()).toBe(200);

  await signIn(page, "ops@example.com");
  await page.goto(`/connectors/${w.code("wms")}`);
  const previous = page.getByRole("button", { name: "← Previous" });
  const next = page.getByRole("button", { name: "Next →" });
  await expect(page.getByText("Newest first · refreshes every 5 s")).toBeVisible();
  await expect(previous).toBeDisabled();
  // the newest event's id (the received time beside it keeps ticking)
  const topEventId = () => page.getByRole("row").nth(1).getByRole("cell").nth(1);
  await expect(topEventId()).toHaveText(events.at(-1)!.eventId);

  await next.click();
  await expect(page.getByText("Page 2", { exact: true })).toBeVisible();
  await expect(previous).toBeEnabled();
  await expect(next).toBeDisabled(); // 30 events, 25 a page
  await expect(topEventId()).toHaveText(events.at(-26)!.eventId);

  await previous.click();
  await expect(page.getByText("Newest first · refreshes every 5 s")).toBeVisible();
  await expect(topEventId()).toHaveText(events.at(-1)!.eventId);

  await next.click();
  await expect(page.getByText("Page 2", { exact: true })).toBeVisible();
  await page.getByRole("tab", { name: "Accepted" }).click();
  await expect(page.getByText("Newest first · refreshes every 5 s")).toBeVisible();
  await expect(previous).toBeDisabled();
});
