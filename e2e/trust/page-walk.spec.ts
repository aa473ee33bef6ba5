// Every page, as every role, in a browser that lives in another time zone and locale than the server
// (the server runs in UTC): no page may log a console error, throw an uncaught error (React's
// hydration errors #418/#423/#425 among them) or trip its own Content-Security-Policy.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN, signInViaApi } from "../fixtures/api";

type TRole = "ops" | "merchandiser" | "executive" | "admin";
const ROLES: TRole[] = ["ops", "merchandiser", "executive", "admin"];

/**
 * The pages of DESIGN.md's Pages table that the app has today. Add a page here when it lands.
 * `{exception}`, `{sku}`, `{replay}`, `{order}`, `{run}` are filled from the demo's data; `roles` limits who may see it.
 */
const PAGES: { path: string; roles?: TRole[] }[] = [
  { path: "/" },
  { path: "/drift" },
  { path: "/drift?view=channel" },
  { path: "/drift?view=system" },
  { path: "/drift?view=staleness" },
  { path: "/exceptions" },
  { path: "/exceptions/{exception}" },
  { path: "/skus/{sku}" },
  { path: "/policies" },
  { path: "/replays" },
  { path: "/replays/{replay}" },
  { path: "/kpis" },
  { path: "/connectors" },
  { path: "/connectors/wms" },
  { path: "/orders" },
  { path: "/orders/{order}" },
  { path: "/notifications" },
  { path: "/reconciliation" },
  { path: "/reconciliation/{run}" },
  { path: "/api-docs" },
  { path: "/settings/skus", roles: ["admin"] },
  { path: "/settings/locations", roles: ["admin"] },
  { path: "/settings/channels", roles: ["admin"] },
  { path: "/settings/connectors", roles: ["admin"] },
  { path: "/settings/users", roles: ["admin"] },
  { path: "/settings/tokens", roles: ["admin"] },
];

test.use({ timezoneId: "America/Los_Angeles", locale: "de-DE" });

/** Collects what the browser reports: console errors, uncaught errors, CSP violations. `take()` empties it. */
async function watch(page: Page) {
  let problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    const text = message.text();
    const where = message.location().url;
    if (message.type() === "error" || /Content.Security.Policy/i.test(text)) problems.push(`console.${message.type()}: ${text}${where ? ` (${where})` : ""}`);
  });
  // Chromium also reports CSP violations as events; the init script runs before any of the page's own.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`securitypolicyviolation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return {
    take: () => {
      const taken = problems;
      problems = [];
      return taken;
    },
  };
}

async function firstId(request: APIRequestContext, url: string, pick: (body: { items: Record<string, unknown>[] }) => unknown) {
  const response = await request.get(url, { headers: ADMIN });
  expect(response.ok(), `${url} → ${response.status()}`).toBe(true);
  const value = pick(await response.json());
  expect(String(value ?? ""), `${url} has no item to open`).toMatch(/\S/);
  return encodeURIComponent(String(value));
}

let fill: Record<string, string> = {};

test.beforeAll(async ({ request }) => {
  fill = {
    exception: await firstId(request, "/api/v1/exceptions?limit=1", (b) => b.items[0]?.id),
    sku: await firstId(request, "/api/v1/inventory?limit=1", (b) => b.items[0]?.sku),
    replay: await firstId(request, "/api/v1/replays?limit=1", (b) => b.items[0]?.id),
    run: await firstId(request, "/api/v1/reconciliations?limit=1", (b) => b.items[0]?.id),
  };
  // an order's page is /orders/{channel}/{orderRef}: both parts, each encoded
  const orders = await request.get("/api/v1/orders?limit=1", { headers: ADMIN });
  const order = ((await orders.json()) as { items: { channel: string; orderRef: string }[] }).items[0];
  expect(order, "the demo has no order to open").toMatchObject({ channel: expect.stringMatching(/\S/), orderRef: expect.stringMatching(/\S/) });
  fill.order = `${encodeURIComponent(order!.channel)}/${encodeURIComponent(order!.orderRef)}`;
});

const resolve = (path: string) => path.replace(/\{(\w+)\}/g, (_, key: string) => fill[key] ?? `{${key}}`);

/** Loads a page and gives it time to hydrate and run its first client queries. */
async function visit(page: Page, path: string) {
  const response = await page.goto(path, { waitUntil: "load" });
  expect(response?.status(), `${path} answered ${response?.status()}`).toBe(200);
  await page.locator("main, form").first().waitFor();
  await page.waitForTimeout(1_500);
}

test("the sign-in page logs no console error", async ({ page }) => {
  const reported = await watch(page);
  await visit(page, "/sign-in");
  expect(reported.take(), "/sign-in").toEqual([]);
});

for (const role of ROLES) {
  test(`every page as ${role} logs no console error, page error or CSP violation`, async ({ page }) => {
    test.setTimeout(240_000);
    await signInViaApi(page, `${role}@example.com`);
    const reported = await watch(page);
    const found: Record<string, string[]> = {};
    for (const { path, roles } of PAGES) {
      if (roles && !roles.includes(role)) continue;
      await visit(page, resolve(path));
      const problems = reported.take();
      if (problems.length) found[path] = problems;
    }
    expect(found).toEqual({});
  });
}
