// Authors a migration with `prisma migrate diff`. Introspecting a live database fails on the
// offline JS engine (prisma/orm#27403), so the diff runs between datamodels: one snapshot,
// prisma/migrations/migrated.prisma, records the datamodel the migrations bring a database to; the
// new migration diffs from it to schema.prisma, and the snapshot then moves on to schema.prisma.
// Usage: npm run db:migration -- <snake_case_name>
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../server/database/embedded";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <snake_case_name>");
  process.exit(2);
}

const root = path.join("prisma", "migrations");
const snapshot = path.join(root, "migrated.prisma");
const hasMigrations = readdirSync(root).some((d) => /^\d{14}_/.test(d));
if (hasMigrations && !existsSync(snapshot)) {
  console.error(`${snapshot} is missing: it records the datamodel the migrations produce.`);
  process.exit(1);
}
const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
// The CLI's adapter still wants a reachable server, so lend it a scratch one.
const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-migration-"));
chmodSync(scratch, 0o755);
const pg = await startEmbeddedPostgres({ dataDir: path.join(scratch, "pg"), port: 56000 + Math.floor(Math.random() * 1000) });
let sql: string;
try {
  sql = execFileSync(
    "npx",
    ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
    { env: { ...process.env, DATABASE_URL: pg.url }, encoding: "utf8" },
  );
} finally {
  await pg.stop();
  rmSync(scratch, { recursive: true, force: true });
}
if (!sql.trim() || sql.includes("This is an empty migration")) {
  console.log("schema.prisma matches the migrations: nothing to write");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join(root, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
copyFileSync("prisma/schema.prisma", snapshot);
console.log(`wrote ${dir}/migration.sql (review it; hand-written SQL such as triggers goes below the generated part)`);
