// As root the embedded cluster runs as the `postgres` OS user, which must be able to enter every
// folder above its data folder: below a private parent the data folder moves to a reachable home
// (and a private home is a clear error that names it), and a strict umask (077) does not close the
// folders it makes itself. test/resilience/private-checkout covers the binaries' copy.
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EmbeddedPostgresError, startEmbeddedPostgres } from "./embedded";

const privateDir = mkdtempSync(path.join(os.tmpdir(), "sightline-private-"));
chmodSync(privateDir, 0o700);
afterAll(() => rmSync(privateDir, { recursive: true, force: true }));

describe.runIf(process.getuid?.() === 0)("the embedded PostgreSQL below a private folder", () => {
  it("keeps the data folder below the reachable home instead, and says where", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "sightline-pg-home-"));
    chmodSync(home, 0o755);
    try {
      const dataDir = path.join(privateDir, "checkout", ".sightline", "pg");
      const server = await startEmbeddedPostgres({ dataDir, port: 58_100 + Math.floor(Math.random() * 800), reachableHome: home });
      await server.stop();
      expect(server.dataDir.startsWith(`${home}/data-`)).toBe(true);
      expect(existsSync(path.join(server.dataDir, "PG_VERSION"))).toBe(true);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("refuses with a message naming the folder and the fix when the reachable home is private too", async () => {
    const home = path.join(privateDir, "home");
    const dataDir = path.join(privateDir, "checkout", ".sightline", "pg");
    const start = startEmbeddedPostgres({ dataDir, port: 58_100 + Math.floor(Math.random() * 800), reachableHome: home });
    await expect(start).rejects.toBeInstanceOf(EmbeddedPostgresError);
    await expect(start).rejects.toThrow(`its parent folder ${privateDir} is not traversable by other users (mode 700). Run "chmod o+x ${privateDir}"`);
  });

  it("initialises and starts under umask 077 in folders it makes itself", async () => {
    const open = mkdtempSync(path.join(os.tmpdir(), "sightline-umask-"));
    chmodSync(open, 0o755);
    const previous = process.umask(0o077);
    try {
      const server = await startEmbeddedPostgres({ dataDir: path.join(open, "made", "by", "us", "pg"), port: 58_950 + Math.floor(Math.random() * 40) });
      await server.stop();
      expect(statSync(path.join(open, "made", "by", "us")).mode & 0o777).toBe(0o755);
      expect(existsSync(path.join(open, "made", "by", "us", "pg", "PG_VERSION"))).toBe(true);
    } finally {
      process.umask(previous);
      rmSync(open, { recursive: true, force: true });
    }
  });
});
