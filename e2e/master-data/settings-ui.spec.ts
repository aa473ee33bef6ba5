import { expect, test } from "@playwright/test";
import { signIn, uniqueCode } from "../fixtures/api";

test("an admin adds a SKU and a connector in Settings and sees the key once", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/settings/skus");
  await expect(page.getByRole("columnheader", { name: "Code" })).toBeVisible();

  const sku = uniqueCode("UI-SKU");
  await page.getByRole("button", { name: "Add SKU" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a SKU" });
  await dialog.getByLabel("Code").fill(sku);
  await dialog.getByLabel("Name").fill("Test widget");
  await dialog.getByLabel("UPC").fill("12");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert")).toContainText("UPCs are 8–14 digits");
  await dialog.getByLabel("UPC").fill("");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await page.getByLabel("Search SKUs").fill(sku);
  await expect(page.getByRole("link", { name: sku })).toBeVisible();

  await page.goto("/settings/connectors");
  const con = uniqueCode("ui-con").toLowerCase();
  await page.getByRole("button", { name: "Add connector" }).click();
  const conDialog = page.getByRole("dialog", { name: "Add a connector" });
  await conDialog.getByLabel("Code").fill(con);
  await conDialog.getByRole("button", { name: "Create and show key" }).click();
  await expect(page.getByTestId("secret-value")).toContainText("slc_");
  await page.screenshot({ path: "test-results/settings-connector-key.png" });
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("cell", { name: con, exact: true })).toBeVisible();
});

test("an admin adds a location and a channel that sells from it, edits the channel, and rotates a connector key", async ({ page }) => {
  await signIn(page, "admin@example.com");
  const loc = uniqueCode("UI-LOC");
  await page.goto("/settings/locations");
  await page.getByRole("button", { name: "Add location" }).click();
  const locDialog = page.getByRole("dialog", { name: "Add a location" });
  await locDialog.getByLabel("Code").fill(loc);
  await locDialog.getByLabel("Kind").selectOption("store");
  await locDialog.getByLabel("Authoritative connector").selectOption("wms");
  await locDialog.getByLabel("Aliases").fill(`${loc}-a, ${loc}-b`);
  await locDialog.getByRole("button", { name: "Save" }).click();
  await expect(locDialog).toBeHidden();
  const locRow = page.getByRole("row").filter({ has: page.getByRole("cell", { name: loc, exact: true }) });
  await expect(locRow).toContainText("store");
  await expect(locRow).toContainText(`${loc}-a, ${loc}-b`);

  const ch = uniqueCode("ui-ch").toLowerCase();
  await page.goto("/settings/channels");
  await page.getByRole("button", { name: "Add channel" }).click();
  const chDialog = page.getByRole("dialog", { name: "Add a channel" });
  await chDialog.getByLabel("Code").fill(ch);
  await chDialog.getByLabel("Freshness SLO (seconds)").fill("0");
  await chDialog.getByRole("checkbox", { name: loc }).check();
  await chDialog.getByRole("button", { name: "Save" }).click();
  await expect(chDialog.getByRole("alert")).toBeVisible();
  await chDialog.getByLabel("Freshness SLO (seconds)").fill("600");
  await chDialog.getByRole("button", { name: "Save" }).click();
  await expect(chDialog).toBeHidden();
  const chRow = page.getByRole("row").filter({ has: page.getByRole("cell", { name: ch, exact: true }) });
  await expect(chRow).toContainText("10 min");
  await expect(chRow).toContainText(loc);

  await chRow.getByRole("button", { name: "Edit" }).click();
  const editDialog = page.getByRole("dialog", { name: `Edit ${ch}` });
  await expect(editDialog.getByLabel("Code")).toBeDisabled();
  await expect(editDialog.getByRole("checkbox", { name: loc })).toBeChecked();
  await editDialog.getByLabel("Priority").fill("7");
  await editDialog.getByRole("button", { name: "Save" }).click();
  await expect(editDialog).toBeHidden();
  await expect(chRow.getByRole("cell", { name: "7", exact: true })).toBeVisible();

  await page.goto("/settings/connectors");
  const crmRow = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "crm", exact: true }) });
  await crmRow.getByRole("button", { name: "Rotate key" }).click();
  await page.getByRole("dialog", { name: "Rotate the key of crm?" }).getByRole("button", { name: "Rotate now" }).click();
  await expect(page.getByRole("dialog", { name: "New key for crm" }).getByTestId("secret-value")).toContainText("slc_");
});
