// Dev helper: signs in as a demo user and screenshots pages. node e2e/tools/screenshot.mjs <email> /path …
// (whole pages; FULL_PAGE=0 for the first screenful only)
import { chromium } from "@playwright/test";
const base = process.env.BASE ?? "http://localhost:3000";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const [email, ...paths] = process.argv.slice(2);
await page.goto(base + "/sign-in");
await page.screenshot({ path: "screenshots/sign-in.png" });
await page.fill("#email", email); await page.fill("#password", "sightline-demo");
await page.click("button[type=submit]");
await page.waitForURL(base + "/");
for (const p of paths) {
  const res = await page.goto(base + p); await page.waitForTimeout(1200);
  const name = p.replace(/[^a-z0-9]+/gi, "_") || "root";
  await page.screenshot({ path: `screenshots/${email.split("@")[0]}${name}.png`, fullPage: process.env.FULL_PAGE !== "0" });
  console.log(p, res?.status());
}
await browser.close();
