// The limits that hold across replicas, against a real PostgreSQL: a connector's bucket shared by
// several pools (as several replicas would share it), and the ingest gate's slots.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { inPgTransaction } from "@/server/database/pg-transaction";
import { pgPool } from "@/server/db";
import { takeRateToken } from "./rate-limit";

// a second pool on the same database: what another replica would hold
const other = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
afterAll(() => other.end());

describe("per-connector rate limit in PostgreSQL", () => {
  it("lets in `rate` requests a burst across every pool, then asks to wait, then refills", async () => {
    const connectorId = 9_001;
    const takes = await Promise.all(Array.from({ length: 24 }, (_, i) => takeRateToken(connectorId, 5, i % 2 ? other : pgPool())));
    const allowed = takes.filter((w) => w === 0).length;
    // 5 in the burst, plus what 5/s refilled while the 24 statements ran (well under 200 ms)
    expect(allowed).toBeGreaterThanOrEqual(5);
    expect(allowed).toBeLessThanOrEqual(6);
    expect(takes.filter((w) => w > 0).every((w) => w >= 1)).toBe(true);
    // another connector has its own bucket
    expect(await takeRateToken(9_002, 5)).toBe(0);
    await new Promise((r) => setTimeout(r, 1_050));
    const again = await Promise.all(Array.from({ length: 10 }, () => takeRateToken(connectorId, 5, other)));
    expect(again.filter((w) => w === 0).length).toBe(5);
  });

  it("follows a changed rate at once (the cap is the rate the request names)", async () => {
    const connectorId = 9_003;
    expect(await takeRateToken(connectorId, 100)).toBe(0);
    // 99 tokens left, capped to 2 by the new rate: two more, then a wait
    const takes = await Promise.all(Array.from({ length: 4 }, () => takeRateToken(connectorId, 2)));
    expect(takes.filter((w) => w === 0).length).toBe(2);
  });
});

describe("the ingest gate's slots", () => {
  it("lets `count` transactions hold a slot at once, each exactly one, and frees it at commit", async () => {
    const slots = { key: 727_499, count: 2, whenFull: () => new Error("full") };
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const held: Promise<number>[] = [];
    let entered = 0;
    for (let i = 0; i < 2; i++) {
      held.push(
        inPgTransaction(async (c) => {
          entered++;
          await hold;
          return Number((await c.query("select count(*) as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and classid = 727499")).rows[0].n);
        }, { slots }),
      );
    }
    while (entered < 2) await new Promise((r) => setTimeout(r, 10));
    await expect(inPgTransaction(async () => "in", { slots })).rejects.toThrow("full");
    release();
    expect(await Promise.all(held)).toEqual([1, 1]);
    expect(await inPgTransaction(async () => "in", { slots })).toBe("in");
  });
});
