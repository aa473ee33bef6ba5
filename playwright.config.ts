import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// The real server (built app, embedded PostgreSQL in a throwaway data folder, demo users) in
// Debian's Chromium: Playwright cannot download browsers here.
// The first base port from 3100 whose neighbours the specs use (+2 for the replay kill, +4 for the
// notifications server, and +51,000 / +51,002 / +51,004 for their PostgreSQL) are all free, chosen
// once by the runner: its workers inherit E2E_PORT.
function freeBasePort(): number {
  const probe = `const net = require("node:net");
    const free = (p) => new Promise((ok) => { const s = net.createServer(); s.once("error", () => ok(false)); s.listen(p, () => s.close(() => ok(true))); });
    (async () => { for (let base = 3100; base < 3900; base += 10) {
      if ((await Promise.all([base, base + 2, base + 4, base + 51000, base + 51002, base + 51004].map(free))).every(Boolean)) { console.log(base); return; } } console.log(3100); })();`;
  return Number(execFileSync(process.execPath, ["-e", probe], { encoding: "utf8" }).trim());
}
process.env.E2E_PORT ??= String(freeBasePort());
const PORT = Number(process.env.E2E_PORT);
// Under the system temp folder, not the checkout: CI may clone below a folder the `postgres` OS user
// (which the embedded server runs as under root) cannot enter.
const DATA_DIR = path.join(os.tmpdir(), `sightline-e2e-${PORT}`);
export const BOOTSTRAP_TOKEN = "e2e-bootstrap-token-0123456789";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
    screenshot: "only-on-failure",
    trace: "off",
  },
  webServer: {
    command: "node e2e/serve.mjs",
    url: `http://localhost:${PORT}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    // the server's own log goes to ${DATA_DIR}.log (e2e/serve.mjs); E2E_LOG_LEVEL=debug makes it verbose
    stdout: "ignore",
    stderr: "pipe",
    // Its own embedded PostgreSQL and URL, whatever the calling shell has set.
    env: {
      DATABASE_URL: "",
      SIGHTLINE_URL: "",
      SIGHTLINE_SECRET: "",
      PORT: String(PORT),
      SIGHTLINE_DATA_DIR: DATA_DIR,
      SIGHTLINE_PG_PORT: String(PORT + 51_000),
      SIGHTLINE_DEMO: "1",
      SIGHTLINE_SIMULATOR: "0",
      SIGHTLINE_DEMO_HISTORY_DAYS: "1",
      SIGHTLINE_BOOTSTRAP_TOKEN: BOOTSTRAP_TOKEN,
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      // e2e/trust/page-walk.spec.ts runs the browser in another time zone than this
      TZ: "UTC",
    },
  },
});
