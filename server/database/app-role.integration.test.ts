import pg from "pg";
import { describe, expect, it } from "vitest";
import { enqueueJob, startJobRunner } from "@/server/jobs/queue";
import { logger } from "@/server/lib/logger";
import { ensureAppRole } from "./app-role";

describe("the app role and the job queue", () => {
  it("may add a job for a new task and run it, through graphile-worker's row-level security", async () => {
    const appUrl = await ensureAppRole(process.env.DATABASE_URL!, "app-role-test-secret-0123456789abcdef");
    // a second time (every start runs it) changes nothing and does not fail
    expect(await ensureAppRole(process.env.DATABASE_URL!, "app-role-test-secret-0123456789abcdef")).toBe(appUrl);
    const seen: string[] = [];
    const runner = await startJobRunner({ log: logger, connectionString: appUrl, tasks: { "app-role.check": async (p) => void seen.push((p as { n: string }).n) }, pollIntervalMs: 200 });
    const client = new pg.Client({ connectionString: appUrl });
    await client.connect();
    try {
      expect((await client.query<{ u: string }>("select current_user as u")).rows[0]!.u).toBe("sightline_app");
      await client.query("begin");
      await enqueueJob(client, "app-role.check", { n: "ran" });
      await client.query("commit");
      const until = Date.now() + 10_000;
      while (!seen.length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(seen).toEqual(["ran"]);
    } finally {
      await client.end();
      await runner.stop();
    }
  });
});
