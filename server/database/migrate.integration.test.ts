import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { migrate, MIGRATIONS_DIR, MigrationError } from "./migrate";

const adminUrl = inject("pgAdminUrl");

async function freshDatabase(): Promise<string> {
  const name = `mig_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe("migration runner", () => {
  it("migrates a fresh database and records Prisma's bookkeeping", async () => {
    const url = await freshDatabase();
    const first = await migrate(url);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.alreadyApplied).toBe(0);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(url, `select migration_name, checksum, finished_at from "_prisma_migrations"`);
    expect(rows.map((r) => r.migration_name).sort()).toEqual(first.applied);
    expect(rows.every((r) => r.finished_at instanceof Date && /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    const tables = await query<{ n: number }>(url, `select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name in ('sku', 'event', 'inventory_position', 'audit_log')`);
    expect(tables[0]!.n).toBe(4);
  });

  it("is a no-op the second time", async () => {
    const url = await freshDatabase();
    const first = await migrate(url);
    const second = await migrate(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(first.applied.length);
  });

  it("lets several instances start at once without applying anything twice", async () => {
    const url = await freshDatabase();
    const results = await Promise.all([migrate(url), migrate(url), migrate(url), migrate(url)]);
    const appliedTotal = results.flatMap((r) => r.applied);
    const rows = await query<{ n: number }>(url, `select count(*)::int as n from "_prisma_migrations"`);
    expect(appliedTotal.length).toBe(rows[0]!.n);
    expect(new Set(appliedTotal).size).toBe(appliedTotal.length);
  });

  it("refuses a migration edited after it was applied", async () => {
    const url = await freshDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), "mig-"));
    mkdirSync(path.join(dir, "20260101000000_one"));
    writeFileSync(path.join(dir, "20260101000000_one", "migration.sql"), "create table t1 (id int);");
    await migrate(url, dir);
    writeFileSync(path.join(dir, "20260101000000_one", "migration.sql"), "create table t1 (id bigint);");
    await expect(migrate(url, dir)).rejects.toBeInstanceOf(MigrationError);
  });

  it("rolls back a failing migration and reports which one failed", async () => {
    const url = await freshDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), "mig-"));
    mkdirSync(path.join(dir, "20260101000000_bad"));
    writeFileSync(path.join(dir, "20260101000000_bad", "migration.sql"), "create table t2 (id int); select * from missing_table;");
    await expect(migrate(url, dir)).rejects.toThrow(/20260101000000_bad failed/);
    const rows = await query<{ n: number }>(url, `select count(*)::int as n from information_schema.tables where table_name = 't2'`);
    expect(rows[0]!.n).toBe(0);
    expect(MIGRATIONS_DIR.endsWith(path.join("prisma", "migrations"))).toBe(true);
  });
});
