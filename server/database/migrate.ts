import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { migrateJobQueue } from "@/server/jobs/queue";
import { MIGRATION_LOCK, withHeldLock } from "./held-lock";

// Prisma's own bookkeeping table, so `prisma migrate status` and friends read our history.
const BOOKKEEPING = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {}

export type TMigrationResult = { applied: string[]; alreadyApplied: number };

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");

async function readMigrations(dir: string) {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/**
 * Applies every migration folder not yet recorded, each in its own transaction, under an advisory
 * lock so that two instances starting together cannot race.
 */
export async function migrate(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<TMigrationResult> {
  const migrations = await readMigrations(dir);
  return withHeldLock(databaseUrl, MIGRATION_LOCK, () => applyMigrations(databaseUrl, migrations));
}

async function applyMigrations(databaseUrl: string, migrations: Awaited<ReturnType<typeof readMigrations>>): Promise<TMigrationResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(BOOKKEEPING);
    const done = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `select migration_name, checksum, finished_at from "_prisma_migrations" where rolled_back_at is null`,
    );
    const recorded = new Map(done.rows.map((r) => [r.migration_name, r]));
    const applied: string[] = [];
    for (const m of migrations) {
      const previous = recorded.get(m.name);
      if (previous?.finished_at) {
        if (previous.checksum !== m.checksum) {
          throw new MigrationError(
            `Migration ${m.name} was edited after it was applied (checksum differs). Migrations are never edited after landing: add a new one.`,
          );
        }
        continue;
      }
      const id = randomUUID();
      try {
        await client.query("begin");
        if (previous) await client.query(`delete from "_prisma_migrations" where migration_name = $1`, [m.name]);
        await client.query(m.sql);
        await client.query(
          `insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           values ($1, $2, now(), $3, 1)`,
          [id, m.checksum, m.name],
        );
        await client.query("commit");
        applied.push(m.name);
      } catch (e) {
        await client.query("rollback").catch(() => undefined);
        throw new MigrationError(`Migration ${m.name} failed: ${(e as Error).message}`);
      }
    }
    // the job queue's own schema, still under the lock: two instances starting together take turns
    await migrateJobQueue(databaseUrl);
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    await client.end();
  }
}
