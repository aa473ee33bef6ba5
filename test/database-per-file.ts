import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";

const adminUrl = inject("pgAdminUrl");
const template = inject("pgTemplate");
const name = `it_${randomBytes(6).toString("hex")}`;

process.env.SIGHTLINE_SECRET ??= "integration-test-secret-0123456789abcdef";
process.env.LOG_LEVEL ??= "silent";
process.env.DATABASE_URL = adminUrl.replace(/\/postgres$/, `/${name}`);

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Two files cloning the template at the same instant can collide; a retry settles it.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database "${name}" template "${template}"`);
      break;
    } catch (e) {
      if (attempt >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
});

afterAll(async () => {
  const { closeDatabase } = await import("@/server/db");
  await closeDatabase();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
});
