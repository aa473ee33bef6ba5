import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signInViaApi } from "../fixtures/api";
import { createWorld } from "../fixtures/world";

test("an operations manager runs a reconciliation, filters the variances, opens a SKU and exports the CSV", async ({ page, request }) => {
  const w = await createWorld(request);
  const at = new Date(Date.now() - 60_000).toISOString();
  // the WMS counts 8, the ERP still books 10
  for (const [system, quantity] of [["wms", 8], ["erp", 10]] as const) {
    const sent = await request.post("/api/v1/events", { headers: w.auth(system), data: [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity, occurredAt: at }] });
    expect((await sent.json()).accepted).toBe(1);
  }

  await signInViaApi(page, "ops@example.com");
  await page.goto("/reconciliation");
  await page.getByRole("button", { name: "Run now" }).click();
  const dialog = page.getByRole("dialog", { name: "Run a reconciliation" });
  await dialog.getByLabel("Note (optional, kept with the run)").fill("e2e: before the stock count");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/reconciliation\/\d+$/);
  const runId = page.url().split("/").at(-1)!;
  await expect(page.getByRole("heading", { name: `Reconciliation run #${runId}` })).toBeVisible();
  // the run finishes in the background; the page follows it and then shows the report
  await expect(page.getByLabel("Totals")).toBeVisible({ timeout: 45_000 });
  await expect(page.getByText("e2e: before the stock count")).toBeVisible();

  await page.getByRole("combobox", { name: "Status" }).selectOption("variance");
  await expect(page).toHaveURL(/status=variance/);
  await page.getByRole("combobox", { name: "Location" }).selectOption(w.code("WH"));
  await expect(page).toHaveURL(new RegExp(`location=${w.code("WH")}`));
  const rows = page.getByTestId("line-row");
  await expect(rows).toHaveCount(1);
  const row = rows.first();
  await expect(row).toContainText(w.code("A"));
  await expect(row).toContainText("variance");
  // every system's figure side by side: the ERP's 10 beside the WMS's 8 and the book's 8
  const headers = (await page.getByRole("table", { name: "Reconciliation lines" }).locator("thead th").allTextContents()).map((h) => h.trim());
  await expect(row.getByRole("cell").nth(headers.indexOf(w.code("erp")))).toHaveText("10");
  await expect(row.getByRole("cell").nth(headers.indexOf(w.code("wms")))).toHaveText("8");
  await expect(row.getByRole("cell").nth(headers.indexOf("Book"))).toHaveText("8");
  await expect(row).toContainText("new");
  await page.screenshot({ path: "test-results/reconciliation-run.png", fullPage: true });

  // the CSV holds exactly the filtered lines
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const lines = readFileSync(file!, "utf8").trimEnd().split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^kind,sku,location,channel,status,spread,runs,since/);
  expect(lines[1]).toContain(`location,${w.code("A")},${w.code("WH")},,variance,2,1,${runId}`);

  // the SKU code opens the SKU's page
  await row.getByRole("link", { name: w.code("A") }).click();
  await expect(page).toHaveURL(`/skus/${w.code("A")}`);
});

test("an executive sees the runs but no Run now, and the API refuses to start one", async ({ page }) => {
  await signInViaApi(page, "executive@example.com");
  await page.goto("/reconciliation");
  await expect(page.getByRole("heading", { name: "Reconciliation" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Reconciliation runs" })).toBeVisible();
  await expect(page.getByTestId("run-row").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Run now" })).toHaveCount(0);
  const refused = await page.request.post("/api/v1/reconciliations", { data: {} });
  expect(refused.status()).toBe(403);
  // a run's report is readable
  await page.getByTestId("run-row").first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: /Reconciliation run #\d+/ })).toBeVisible();
});
