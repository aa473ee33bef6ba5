import { expect, test } from "@playwright/test";
import { signIn } from "../fixtures/api";

const ROLES = [
  { email: "ops@example.com", label: "Operations manager" },
  { email: "merchandiser@example.com", label: "Merchandiser" },
  { email: "executive@example.com", label: "Executive" },
  { email: "admin@example.com", label: "Administrator" },
];

test("a signed-out person is redirected to /sign-in with an HTTP redirect", async ({ request }) => {
  const response = await request.get("/", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers()["location"]).toMatch(/\/sign-in$/);
  const settings = await request.get("/settings/skus", { maxRedirects: 0 });
  expect(settings.status()).toBe(307);
});

test("the sign-in page lists one demo user per role with the password", async ({ page }) => {
  await page.goto("/sign-in");
  for (const r of ROLES) await expect(page.getByRole("button", { name: new RegExp(r.email) })).toBeVisible();
  await expect(page.getByText("sightline-demo")).toBeVisible();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("ops@example.com");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText("do not match");
  await expect(page).toHaveURL(/\/sign-in$/);
});

for (const role of ROLES) {
  test(`${role.label} signs in, sees name and role in the user menu, and signs out`, async ({ page }) => {
    await signIn(page, role.email);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    const menu = page.getByRole("button", { name: new RegExp(role.label) });
    await expect(menu).toBeVisible();
    const settingsLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" });
    if (role.email.startsWith("admin")) await expect(settingsLink).toBeVisible();
    else await expect(settingsLink).toHaveCount(0);
    await menu.click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in$/);
    const response = await page.request.get("/", { maxRedirects: 0 });
    expect(response.status()).toBe(307);
  });
}

test("an executive opening Settings gets the 403 page", async ({ page }) => {
  await signIn(page, "executive@example.com");
  const response = await page.goto("/settings/skus");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Your role cannot open this page" })).toBeVisible();
  await page.screenshot({ path: "test-results/executive-settings-403.png" });
});
