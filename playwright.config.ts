import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// The real server (built app, embedded PostgreSQL in a throwaway data folder, demo users) in
// Debian's Chromium: Playwright cannot download browsers here.
const PORT = Number(process.env.E2E_PORT ?? 3100);
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
    command: `rm -rf ${DATA_DIR} && npm run serve`,
    url: `http://localhost:${PORT}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: process.env.E2E_LOG_LEVEL ? "pipe" : "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      SIGHTLINE_DATA_DIR: DATA_DIR,
      SIGHTLINE_PG_PORT: String(PORT + 51_000),
      SIGHTLINE_DEMO: "1",
      SIGHTLINE_SIMULATOR: "0",
      SIGHTLINE_DEMO_HISTORY_DAYS: "1",
      SIGHTLINE_BOOTSTRAP_TOKEN: BOOTSTRAP_TOKEN,
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
