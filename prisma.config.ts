// Prisma's CLI runs offline here: the JS engine with the pg driver adapter (no downloaded engines).
// Having this file also stops Prisma from reading a .env file.
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "", idleTimeoutMillis: 100 });
  },
});
