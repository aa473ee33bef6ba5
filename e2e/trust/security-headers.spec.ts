// Browser protections on every kind of answer: a page, an API answer (200 and 401), a 404 page, an
// API 404, a static file and the edge's own 400; a per-request nonce that Next.js puts on its scripts;
// and a page that cannot be framed by another site.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIResponse } from "@playwright/test";
import { ADMIN } from "../fixtures/api";

function expectProtections(response: APIResponse, what: string) {
  const h = response.headers();
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"], what).toBe("DENY");
  const csp = h["content-security-policy"] ?? "";
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("connect-src 'self'");
  expect(csp, what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'(;|$)/);
  expect(csp, what).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  return csp;
}

const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];

test("a page carries the protections, and every script on it carries this request's nonce", async ({ request }) => {
  const first = await request.get("/sign-in");
  expect(first.status()).toBe(200);
  const nonce = nonceOf(expectProtections(first, "GET /sign-in"));
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, "every <script> has the nonce").toContain(`nonce="${nonce}"`);

  const second = await request.get("/sign-in");
  expect(nonceOf(second.headers()["content-security-policy"]!), "a fresh nonce per request").not.toBe(nonce);

  // A policy sent by the client never chooses the nonce.
  const forged = await request.get("/sign-in", { headers: { "content-security-policy": "script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='" } });
  expect(nonceOf(forged.headers()["content-security-policy"]!)).not.toBe("AAAAAAAAAAAAAAAAAAAAAA==");
  expect(await forged.text()).not.toContain("AAAAAAAAAAAAAAAAAAAAAA==");

  // A static file the page loads.
  const asset = /<script\b[^>]*\bsrc="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(asset).toMatch(/^\/_next\/static\/.+\.js$/);
  const file = await request.get(asset!);
  expect(file.status()).toBe(200);
  expectProtections(file, `GET ${asset}`);
});

test("API answers, 404s and the edge's own errors carry the protections too", async ({ request }) => {
  const answers: [string, APIResponse, number][] = [
    ["GET /api/health", await request.get("/api/health"), 200],
    ["GET /api/v1/exceptions (token)", await request.get("/api/v1/exceptions?limit=1", { headers: ADMIN }), 200],
    ["GET /api/v1/exceptions (no credentials)", await request.get("/api/v1/exceptions"), 401],
    ["GET /api/v1/openapi.json", await request.get("/api/v1/openapi.json"), 200],
    ["GET /no-such-page", await request.get("/no-such-page"), 404],
    ["GET /api/v1/no-such-route", await request.get("/api/v1/no-such-route"), 404],
    ["GET /icon.svg", await request.get("/icon.svg"), 200],
    ["GET /x/%ff (malformed path)", await request.get("/x/%ff"), 400],
  ];
  for (const [what, response, status] of answers) {
    expect(response.status(), what).toBe(status);
    expectProtections(response, what);
  }
});

test("the 404 page runs under its policy without a violation", async ({ page }) => {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => {
    // the document's own status is reported as a failed load; anything else is a problem
    if (m.type() === "error" && !(m.text().includes("status of 404") && m.location().url.endsWith("/no-such-page"))) problems.push(m.text());
  });
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the overview" }).waitFor();
  await page.waitForTimeout(500);
  expect(problems).toEqual([]);
});

test("another site cannot frame a page", async ({ page, baseURL }) => {
  // A real other origin (Chromium will not load frames inside a page Playwright fulfils), framing
  // the app's sign-in page and, as a control, a page of its own.
  const site = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(req.url === "/control" ? "<p>control</p>" : `<iframe name="app" src="${baseURL}/sign-in"></iframe><iframe name="control" src="/control"></iframe>`);
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  try {
    const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    await page.goto(`${origin}/`);
    await expect.poll(() => page.frame({ name: "control" })?.url()).toBe(`${origin}/control`);
    // Chromium replaces a refused frame with its error page: the sign-in form never renders in it.
    await expect.poll(() => page.frame({ name: "app" })?.url()).toMatch(/^chrome-error:/);
    expect(await page.frame({ name: "app" })!.locator("#email").count()).toBe(0);
  } finally {
    site.close();
  }
});
