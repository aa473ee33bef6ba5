// The README's start command as root from a checkout below a private (0700) folder, such as root's
// home: the embedded PostgreSQL runs as the `postgres` OS user, which cannot enter that folder, so
// Sightline copies the PostgreSQL distribution and places the data folder where that user can.
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASE_PORT } from "./lib/servers";

const isRoot = process.getuid?.() === 0;
const port = BASE_PORT + 7;
const base = mkdtempSync(path.join(os.tmpdir(), "sightline-private-"));
const reachable = mkdtempSync(path.join(os.tmpdir(), "sightline-pg-home-"));

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
  rmSync(reachable, { recursive: true, force: true });
});

/** The checkout as a clone would have it (tracked and new files), with the installed and built parts linked in. */
function cloneInto(dir: string) {
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of files) {
    try {
      if (!statSync(file).isFile()) continue;
    } catch {
      continue; // deleted in the working tree
    }
    mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    copyFileSync(file, path.join(dir, file));
  }
  execFileSync("cp", ["-al", "node_modules", ".next", dir]);
}

describe("start as root from a checkout below a private folder", () => {
  it.skipIf(!isRoot)("serves /api/health, with PostgreSQL's binaries and data moved where the postgres user can reach them", async () => {
    chmodSync(base, 0o700);
    chmodSync(reachable, 0o755);
    const checkout = path.join(base, "sightline");
    mkdirSync(checkout);
    cloneInto(checkout);
    const logFile = path.join(os.tmpdir(), `sightline-private-checkout-${port}.log`);
    const log = () => readFileSync(logFile, "utf8");
    const out = await import("node:fs").then((fs) => fs.openSync(logFile, "w"));
    const proc = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: checkout,
      env: {
        ...process.env,
        DATABASE_URL: "",
        SIGHTLINE_SECRET: "",
        SIGHTLINE_DATA_DIR: "",
        PORT: String(port),
        SIGHTLINE_PG_PORT: String(port + 51_000),
        SIGHTLINE_PG_HOME: reachable,
        SIGHTLINE_DEMO: "0",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", out, out],
    });
    try {
      let status = 0;
      for (let i = 0; i < 240 && status !== 200; i++) {
        if (proc.exitCode !== null) throw new Error(`the server exited (${proc.exitCode}):\n${log()}`);
        status = await fetch(`http://localhost:${port}/api/health`).then((r) => r.status).catch(() => 0);
        if (status !== 200) await new Promise((r) => setTimeout(r, 500));
      }
      expect(status, log()).toBe(200);
      expect(log()).toContain(`runs from a copy in ${reachable}`);
      expect(log()).toContain(`keeps its data in ${reachable}`);
    } finally {
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
    }
  });
});
