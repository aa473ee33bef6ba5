// Sightline's process: validates the environment, brings up PostgreSQL (embedded unless
// DATABASE_URL is set), migrates, seeds the demo when asked, then serves Next.js and runs the
// background workers in the same process. Stopping it (Ctrl-C, SIGTERM) stops all of them.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import next from "next";
import { ensureBootstrapToken } from "@/server/auth/api-tokens";
import { startEmbeddedPostgres, type TEmbeddedPostgres } from "@/server/database/embedded";
import { migrate } from "@/server/database/migrate";
import { closeDatabase } from "@/server/db";
import { EnvError, parseEnv } from "@/server/env";
import { logger } from "@/server/lib/logger";
import { startWorkers } from "@/server/workers";

async function ensureSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

async function main() {
  const started = performance.now();
  const dev = process.argv.includes("--dev");
  const env = parseEnv({ ...process.env, NODE_ENV: dev ? "development" : "production" });
  const dataDir = path.resolve(env.SIGHTLINE_DATA_DIR);
  await mkdir(dataDir, { recursive: true, mode: 0o755 });

  process.env.SIGHTLINE_SECRET = env.SIGHTLINE_SECRET ?? (await ensureSecret(dataDir));
  process.env.PORT = String(env.PORT);

  let embedded: TEmbeddedPostgres | undefined;
  if (env.DATABASE_URL) {
    process.env.DATABASE_URL = env.DATABASE_URL;
  } else {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, "pg"),
      port: env.SIGHTLINE_PG_PORT,
      onLog: (line) => logger.debug({ pg: line }),
    });
    process.env.DATABASE_URL = embedded.url;
    logger.info({ dataDir: path.join(dataDir, "pg"), port: env.SIGHTLINE_PG_PORT }, "embedded PostgreSQL started");
  }

  const migrations = await migrate(process.env.DATABASE_URL);
  logger.info(migrations, "migrations");
  if (env.SIGHTLINE_BOOTSTRAP_TOKEN) await ensureBootstrapToken(env.SIGHTLINE_BOOTSTRAP_TOKEN);

  const isDemo = env.SIGHTLINE_DEMO === "1";
  if (isDemo) {
    const { seedDemo } = await import("@/server/demo/seed");
    await seedDemo({ log: logger, historyDays: env.SIGHTLINE_DEMO_HISTORY_DAYS });
  }

  const app = next({ dev, dir: process.cwd(), port: env.PORT, hostname: "localhost" });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => void handle(req, res));
  // A slow or stalled client is cut off instead of holding a socket for minutes.
  server.requestTimeout = 60_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, () => resolve());
  });
  const baseUrl = `http://localhost:${env.PORT}`;
  const workers = startWorkers({
    log: logger,
    baseUrl,
    isDemo,
    runSimulator: (env.SIGHTLINE_SIMULATOR ?? env.SIGHTLINE_DEMO) === "1",
    disabled: env.SIGHTLINE_DISABLE_WORKERS?.split(",").map((s) => s.trim()),
  });
  logger.info({ url: baseUrl, ms: Math.round(performance.now() - started), demo: isDemo }, "Sightline is ready");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await workers.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closeDatabase();
    await embedded?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch(async (error) => {
  if (error instanceof EnvError) console.error(error.message);
  else logger.fatal({ err: error }, `Sightline could not start: ${(error as Error).message}`);
  process.exit(1);
});
