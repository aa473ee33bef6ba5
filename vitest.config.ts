import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", sequence: { groupOrder: 0 }, include: ["**/*.test.ts"], exclude: ["**/*.integration.test.ts", "**/*.resilience.test.ts", "**/*.topology.test.ts", "node_modules/**", ".next/**", "e2e/**"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.integration.test.ts"],
          exclude: ["node_modules/**", ".next/**", "e2e/**"],
          environment: "node",
          globalSetup: ["test/global-postgres.ts"],
          setupFiles: ["test/database-per-file.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: "forks",
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        resolve: { alias },
        // Against the built server (npm run build first) as a child process on its own embedded
        // PostgreSQL: one file at a time, since several of them load or break the machine on purpose.
        test: {
          name: "resilience",
          include: ["test/resilience/**/*.resilience.test.ts"],
          environment: "node",
          globalSetup: ["test/resilience/global-server.ts"],
          testTimeout: 240_000,
          hookTimeout: 180_000,
          pool: "forks",
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
      {
        resolve: { alias },
        // Against the built server as a deployment (deploy/topology): haproxy, two web replicas, a
        // worker, PgBouncer in transaction mode, a streaming replica. One file at a time: they stop
        // and start its processes.
        test: {
          name: "topology",
          include: ["test/topology/**/*.topology.test.ts"],
          environment: "node",
          globalSetup: ["test/topology/global-topology.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: "forks",
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
