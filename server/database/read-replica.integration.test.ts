// A read replica that cannot be reached: the pages' reads go to the primary, and the log says so
// once, however many reads there are. (The replica itself, lag and read-your-writes: test/topology.)
import { afterAll, describe, expect, it, vi } from "vitest";
import { db, pgPool } from "@/server/db";
import { logger } from "@/server/lib/logger";
import { onReadReplica, readSource, stopReplicaMonitor } from "./read-replica";

afterAll(() => {
  stopReplicaMonitor();
  delete process.env.DATABASE_READ_URL;
});

describe("a read replica that is down", () => {
  it("sends the reads to the primary and says so once", async () => {
    const warn = vi.spyOn(logger, "warn");
    // nothing listens on port 1
    process.env.DATABASE_READ_URL = "postgresql://nobody:nothing@127.0.0.1:1/sightline";
    expect(await readSource(null)).toMatchObject({ source: "primary", reason: "replica_down" });
    for (let i = 0; i < 5; i++) {
      const [row] = await onReadReplica(null, () => db.$queryRaw<{ db: string }[]>`select current_database()::text as db`);
      expect(row!.db).toBe(new URL(process.env.DATABASE_URL!).pathname.slice(1));
      expect((await onReadReplica(null, () => pgPool().query("select 1 as one"))).rows[0].one).toBe(1);
    }
    await new Promise((r) => setTimeout(r, 2_500)); // the once-a-second checks keep failing meanwhile
    expect(warn.mock.calls.filter(([, message]) => String(message).includes("read replica")).length).toBe(1);
  });
});
