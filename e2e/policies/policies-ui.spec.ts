import { expect, test } from "@playwright/test";
import { ADMIN, putMasterData, signIn, uniqueCode } from "../fixtures/api";

test("a merchandiser adds a buffer, previews it, publishes with a reason and rolls back", async ({ page, request }) => {
  // A channel of our own with stock, so the preview has a change to show
  const sku = uniqueCode("UI-SKU");
  const loc = uniqueCode("UI-LOC");
  const channel = uniqueCode("ui-ch").toLowerCase();
  const wms = uniqueCode("ui-wms").toLowerCase();
  const { connectorKeys } = await putMasterData(request, {
    skus: [{ code: sku }],
    connectors: [{ code: wms, kind: "wms" }],
    locations: [{ code: loc, kind: "warehouse", authoritativeConnector: wms }],
    channels: [{ code: channel, kind: "marketplace", freshnessSloSeconds: 600, eligibleLocations: [loc] }],
  });
  const receipt = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${connectorKeys[wms]}` },
    data: [{ eventId: uniqueCode("ev"), type: "receipt.posted", occurredAt: new Date().toISOString(), sku, location: loc, quantity: 30 }],
  });
  expect((await receipt.json()).accepted).toBe(1);
  const target = async () => (await (await request.get(`/api/v1/availability?sku=${sku}&channel=${channel}`, { headers: ADMIN })).json()).items[0]?.target ?? null;
  await expect.poll(target, { timeout: 2_500 }).toBe(30);

  await signIn(page, "merchandiser@example.com");
  await page.goto("/policies");
  await expect(page.getByRole("heading", { name: "Policies", level: 1 })).toBeVisible();
  const before = Number((await page.getByTestId(/^version-\d+$/).first().getAttribute("data-testid"))!.split("-")[1]);
  await page.getByRole("button", { name: "New draft from current" }).click();
  await expect(page.getByRole("button", { name: "Add rule" })).toBeVisible();

  // validation in the dialog: percent over 100 is refused before anything is saved
  await page.getByRole("button", { name: "Add rule" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a rule" });
  await dialog.getByLabel("Kind").selectOption("safety_buffer");
  await dialog.getByLabel("Channel").selectOption(channel);
  await dialog.getByLabel("Amount in").selectOption("percent");
  await dialog.getByLabel("Percent").fill("150");
  await dialog.getByRole("button", { name: "Save rule" }).click();
  await expect(dialog.getByRole("alert")).toContainText("between 0 and 100");
  // a SKU that does not exist is refused by the server
  await dialog.getByLabel("Amount in").selectOption("units");
  await dialog.getByLabel("Units").fill("12");
  await dialog.getByLabel("SKU").fill("NO-SUCH-SKU-ANYWHERE");
  await dialog.getByRole("button", { name: "Save rule" }).click();
  await expect(dialog.getByRole("alert")).toContainText("no sku NO-SUCH-SKU-ANYWHERE exists");
  await dialog.getByLabel("SKU").fill("");
  await dialog.getByRole("button", { name: "Save rule" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("table", { name: "Rules" })).toContainText("keep 12 units back");

  // a rule that can never apply is flagged (STORE-CHI is not one of this channel's locations), then removed
  await page.getByRole("button", { name: "Add rule" }).click();
  await dialog.getByLabel("Channel").selectOption(channel);
  await dialog.getByLabel("Location").selectOption("STORE-CHI");
  await dialog.getByLabel("Units").fill("1");
  await dialog.getByRole("button", { name: "Save rule" }).click();
  await expect(dialog).toBeHidden();
  const flagged = page.getByRole("row", { name: /never applies/ });
  await expect(flagged).toContainText(`STORE-CHI is not an eligible location of ${channel}`);
  await flagged.getByRole("button", { name: /^Remove rule/ }).click();
  await expect(page.getByRole("row", { name: /never applies/ })).toHaveCount(0);

  await page.getByRole("button", { name: "Preview" }).click();
  const changes = page.getByRole("table", { name: "Largest changes" });
  await expect(changes.getByRole("row", { name: new RegExp(`${sku}.*${channel}.*30.*18`) })).toBeVisible();
  await expect(page.getByRole("table", { name: "Totals per channel" }).getByRole("row", { name: new RegExp(`${channel}\\s+1\\s+30\\s+18`) })).toBeVisible();
  await expect(page.getByRole("link", { name: sku })).toHaveAttribute("href", `/skus/${sku}`);
  await page.screenshot({ path: "test-results/policies-preview.png", fullPage: true });

  // the explainer shows the chain under the draft
  await page.locator("#explain-sku").fill(sku);
  await page.locator("#explain-channel").selectOption(channel);
  await page.getByRole("button", { name: "Explain" }).click();
  await expect(page.getByTestId("explained-target")).toHaveText("18");
  await expect(page.getByRole("list", { name: new RegExp(`target of ${sku} on ${channel}`) })).toContainText("keep 12 units back");

  await page.getByRole("button", { name: "Publish…" }).click();
  const publish = page.getByRole("dialog", { name: "Publish this draft" });
  await expect(publish.getByRole("button", { name: "Publish" })).toBeDisabled();
  await publish.getByLabel("Reason").fill("Buffer the new marketplace channel");
  await publish.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status")).toContainText(`Published version ${before + 1}`);
  await expect(page.getByTestId(`version-${before + 1}`)).toContainText("Buffer the new marketplace channel");
  expect(await target()).toBe(18);
  await page.screenshot({ path: "test-results/policies-published.png", fullPage: true });

  await page.getByRole("button", { name: `Roll back to v${before}` }).click();
  const rollback = page.getByRole("dialog", { name: `Roll back to version ${before}` });
  await rollback.getByLabel("Reason").fill("Too tight for launch week");
  await rollback.getByRole("button", { name: "Roll back" }).click();
  await expect(rollback).toBeHidden();
  await expect(page.getByTestId(`version-${before + 2}`)).toContainText(`rollback to v${before}`);
  expect(await target()).toBe(30);
  await expect(page.getByTestId("version-diff")).toBeVisible();
});

for (const email of ["ops@example.com", "executive@example.com"]) {
  test(`${email.split("@")[0]} sees policies read-only: no draft, publish or rollback controls`, async ({ page }) => {
    await signIn(page, email);
    await page.goto("/policies");
    await expect(page.getByRole("table", { name: "Versions" })).toBeVisible();
    await expect(page.getByText("Read only: merchandisers and administrators edit policies.")).toBeVisible();
    await expect(page.getByRole("button", { name: "New draft from current" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Roll back/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Explain" })).toBeVisible();
  });
}
