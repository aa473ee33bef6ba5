// The embedded cluster below a private folder (a 0700 checkout parent, as CI machines may have):
// as root the `postgres` OS user cannot enter it, so the cluster lives under FALLBACK_ROOT and the
// next start finds the same data there.
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { FALLBACK_ROOT, startEmbeddedPostgres } from "./embedded";

const isRoot = process.getuid?.() === 0;
const privateDir = mkdtempSync(path.join(os.tmpdir(), "sightline-private-"));
chmodSync(privateDir, 0o700);
const requested = path.join(privateDir, "checkout", ".sightline", "pg");
const port = 58_100 + Math.floor(Math.random() * 800);
let standIn: string | undefined;

afterAll(() => {
  rmSync(privateDir, { recursive: true, force: true });
  if (standIn?.startsWith(FALLBACK_ROOT)) rmSync(standIn, { recursive: true, force: true });
});

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe.runIf(isRoot)("the embedded PostgreSQL below a private folder", () => {
  it("keeps its files under /var/lib/sightline and finds them again at the next start", async () => {
    const first = await startEmbeddedPostgres({ dataDir: requested, port });
    standIn = first.dataDir;
    try {
      expect(first.blockedBy).toBe(privateDir);
      expect(first.dataDir.startsWith(`${FALLBACK_ROOT}/`)).toBe(true);
      expect(existsSync(path.join(first.dataDir, "PG_VERSION"))).toBe(true);
      expect(existsSync(requested)).toBe(false);
      await query(first.url, "create table kept (note text); insert into kept values ('still here')");
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir: requested, port });
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect(await query(second.url, "select note from kept")).toEqual([{ note: "still here" }]);
    } finally {
      await second.stop();
    }
  });

  it("uses the folder asked for when every parent can be entered", async () => {
    const open = mkdtempSync(path.join(os.tmpdir(), "sightline-open-"));
    chmodSync(open, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: path.join(open, "pg"), port: port + 1 });
    try {
      expect(server.dataDir).toBe(path.join(open, "pg"));
      expect(server.blockedBy).toBeUndefined();
    } finally {
      await server.stop();
      rmSync(open, { recursive: true, force: true });
    }
  });
});
