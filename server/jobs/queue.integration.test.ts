import { describe, expect, it } from "vitest";
import { db, pgPool } from "@/server/db";
import { logger } from "@/server/lib/logger";
import { enqueueJob, startJobRunner } from "./queue";

async function waitFor<T>(probe: () => T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("job queue", () => {
  it("runs a job added in a transaction once it commits, and never one whose transaction rolled back", async () => {
    const seen: string[] = [];
    const runner = await startJobRunner({
      log: logger,
      connectionString: process.env.DATABASE_URL!,
      tasks: { remember: async (payload) => void seen.push((payload as { note: string }).note) },
      pollIntervalMs: 200,
    });
    try {
      await db.$transaction(async (tx) => enqueueJob(tx, "remember", { note: "committed" }));
      await db
        .$transaction(async (tx) => {
          await enqueueJob(tx, "remember", { note: "rolled back" });
          throw new Error("undo");
        })
        .catch(() => undefined);
      const client = await pgPool().connect();
      try {
        await client.query("begin");
        await enqueueJob(client, "remember", { note: "on a pg client" });
        await client.query("commit");
      } finally {
        client.release();
      }
      await waitFor(() => (seen.length >= 2 ? seen : undefined));
      await new Promise((r) => setTimeout(r, 500));
      expect(seen.sort()).toEqual(["committed", "on a pg client"]);
    } finally {
      await runner.stop();
    }
  });

  it("keeps one pending job per key and honours run_at", async () => {
    const runAt = new Date(Date.now() + 60_000);
    await db.$transaction(async (tx) => {
      await enqueueJob(tx, "later", { n: 1 }, { jobKey: "k", runAt });
      await enqueueJob(tx, "later", { n: 2 }, { jobKey: "k", runAt, keyMode: "preserve_run_at" });
    });
    const rows = await db.$queryRaw<{ payload: { n: number }; run_at: Date }[]>`
      select j.payload, j.run_at from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'later'`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload.n).toBe(2);
    expect(Math.abs(rows[0]!.run_at.getTime() - runAt.getTime())).toBeLessThan(1000);
  });
});
