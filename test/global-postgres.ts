// One real PostgreSQL (the embedded one) for the whole integration run; every test file gets
// its own database cloned from a migrated template, so files never see each other's rows.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../server/database/embedded";
import { migrate } from "../server/database/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sightline-it-"));
  chmodSync(dir, 0o755);
  const port = 55000 + Math.floor(Math.random() * 3000);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port, database: "sightline_template" });
  await migrate(pg.url);
  project.provide("pgAdminUrl", pg.urlFor("postgres"));
  project.provide("pgTemplate", "sightline_template");
  return async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
