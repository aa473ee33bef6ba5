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
