// As root the embedded cluster runs as the `postgres` OS user, which must be able to enter every
// folder above its data folder: a private parent is a clear error that names it, before anything runs,
// and a strict umask (077) does not close the folders it makes itself.
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EmbeddedPostgresError, startEmbeddedPostgres } from "./embedded";

const privateDir = mkdtempSync(path.join(os.tmpdir(), "sightline-private-"));
chmodSync(privateDir, 0o700);
afterAll(() => rmSync(privateDir, { recursive: true, force: true }));

describe.runIf(process.getuid?.() === 0)("the embedded PostgreSQL below a private folder", () => {
  it("refuses to start with a message naming the folder and the fix", async () => {
    const dataDir = path.join(privateDir, "checkout", ".sightline", "pg");
    const start = startEmbeddedPostgres({ dataDir, port: 58_100 + Math.floor(Math.random() * 800) });
    await expect(start).rejects.toBeInstanceOf(EmbeddedPostgresError);
    await expect(start).rejects.toThrow(`its parent folder ${privateDir} is not traversable by other users (mode 700). Run "chmod o+x ${privateDir}"`);
    expect(existsSync(path.join(dataDir, "PG_VERSION"))).toBe(false);
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
