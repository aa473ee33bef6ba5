// Sightline's process: validates the environment, brings up PostgreSQL (embedded unless
// DATABASE_URL is set), migrates, seeds the demo when asked, then serves Next.js and runs the
// background workers in the same process (or only one of the two: SIGHTLINE_ROLE, see
// server/workers/index.ts). Stopping it (Ctrl-C, SIGTERM) stops all of them.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import next from "next";
import { ensureBootstrapToken } from "@/server/auth/api-tokens";
import { ensureAppRole, isSuperuser } from "@/server/database/app-role";
import { mkdirReachable, startEmbeddedPostgres, type TEmbeddedPostgres } from "@/server/database/embedded";
import { migrate } from "@/server/database/migrate";
import { STARTUP_LOCK, withHeldLock } from "@/server/database/held-lock";
import { closeDatabase } from "@/server/db";
import { EnvError, parseEnv, type TEnv } from "@/server/env";
import { startHealthServer } from "@/server/http/health-server";
import { applySecurityHeaders } from "@/server/http/security-headers";
import { logger } from "@/server/lib/logger";
import { ROLE_RUNS, startWorkers } from "@/server/workers";

async function ensureSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

// Headers Next.js uses between its own parts: from outside they can make it skip work
// (x-middleware-subrequest, CVE-2025-29927) or answer a bare `{}` without running the route
// (x-middleware-prefetch), so this process, the edge, drops them before Next sees the request.
const NEXT_INTERNAL_HEADERS = ["x-middleware-subrequest", "x-middleware-prefetch", "x-middleware-invoke", "x-middleware-next", "x-matched-path", "x-nextjs-data", "x-now-route-matches"];

function dropInternalHeaders(req: http.IncomingMessage) {
  for (const name of NEXT_INTERNAL_HEADERS) delete req.headers[name];
  for (const name of Object.keys(req.headers)) if (name.startsWith("x-invoke-")) delete req.headers[name];
}

/**
 * A path with broken percent-encoding (`/x/%ff`) makes Next fail with a bare 500, and a NUL in a
 * path segment (`%00`) reaches PostgreSQL, which refuses it (500): both are bad requests.
 */
function hasMalformedPath(req: http.IncomingMessage): boolean {
  try {
    return decodeURIComponent((req.url ?? "/").split("?")[0]!).includes("\u0000");
  } catch {
    return true;
  }
}

/** How long a closing connection keeps reading (and dropping) what the client still sends. */
const LINGER_MS = 5_000;

/**
 * An answer sent before the request's body has been read (413, or 401, 403 or 415 decided from the
 * headers) closes the connection after it: the unread rest of the body would otherwise stand
 * between this answer and the next request on a kept-alive socket, and a client that reuses the
 * socket (undici's pool does) gets ECONNRESET on its next request instead of an answer. The close
 * lingers (RFC 9112 §9.6): the server stops writing, and drops what the client still sends for a
 * few seconds, so the client reads the answer instead of a reset in the middle of its upload.
 */
function closeAfterEarlyAnswer(req: http.IncomingMessage, res: http.ServerResponse) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (!req.complete && !this.headersSent) {
      this.setHeader("connection", "close");
      const socket = req.socket;
      socket.destroySoon = function (this: typeof socket) {
        this.end();
        const timer = setTimeout(() => this.destroy(), LINGER_MS);
        timer.unref();
        this.once("close", () => clearTimeout(timer));
      };
    }
    return writeHead.apply(this, args);
  } as typeof writeHead;
}

async function main() {
  const started = performance.now();
  const dev = process.argv.includes("--dev");
  const env = parseEnv({ ...process.env, NODE_ENV: dev ? "development" : "production" });
  const dataDir = path.resolve(env.SIGHTLINE_DATA_DIR);
  await mkdirReachable(dataDir);

  process.env.SIGHTLINE_SECRET = env.SIGHTLINE_SECRET ?? (await ensureSecret(dataDir));
  process.env.PORT = String(env.PORT);

  let embedded: TEmbeddedPostgres | undefined;
  if (env.DATABASE_URL) {
    process.env.DATABASE_URL = env.DATABASE_URL;
  } else {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, "pg"),
      port: env.SIGHTLINE_PG_PORT,
      reachableHome: env.SIGHTLINE_PG_HOME,
      settings: env.SIGHTLINE_PG_SETTINGS?.trim().split(/\s+/).filter(Boolean),
      onLog: (line) => logger.debug({ pg: line }),
      onUnexpectedExit: (info) => logger.error(info, "embedded PostgreSQL exited unexpectedly; restarting it"),
      onRestarted: (info) => logger.warn(info, "embedded PostgreSQL restarted"),
    });
    process.env.DATABASE_URL = embedded.url;
    logger.info({ dataDir: embedded.dataDir, port: env.SIGHTLINE_PG_PORT, binaries: embedded.relocatedBinaries ?? undefined }, "embedded PostgreSQL started");
    if (embedded.relocatedBinaries || embedded.dataDir !== path.join(dataDir, "pg")) {
      logger.info(
        `This checkout sits below a folder the postgres OS user cannot enter, so PostgreSQL ${embedded.relocatedBinaries ? `runs from a copy in ${embedded.relocatedBinaries} and ` : ""}keeps its data in ${embedded.dataDir} (SIGHTLINE_PG_HOME moves both).`,
      );
    }
  }

  // Migrations and start-up work hold session locks: never through a transaction pooler.
  const directUrl = env.DATABASE_DIRECT_URL ?? process.env.DATABASE_URL;
  const migrations = await migrate(directUrl);
  logger.info(migrations, "migrations");
  // Migrations ran as the cluster's owner; everything else runs as a role that cannot change the audit log.
  if (embedded) process.env.DATABASE_URL = await ensureAppRole(embedded.url, process.env.SIGHTLINE_SECRET);
  else if (await isSuperuser(process.env.DATABASE_URL)) {
    logger.warn("DATABASE_URL connects as a superuser, which could switch the audit log's append-only trigger off; use a role like server/database/app-role.ts creates");
  }
  const isDemo = env.SIGHTLINE_DEMO === "1";
  // Several processes starting together take turns here (the second finds the first's work done).
  await withHeldLock(embedded ? embedded.url : directUrl, STARTUP_LOCK, async () => {
    if (env.SIGHTLINE_BOOTSTRAP_TOKEN) await ensureBootstrapToken(env.SIGHTLINE_BOOTSTRAP_TOKEN);
    if (isDemo) {
      const { seedDemo } = await import("@/server/demo/seed");
      await seedDemo({ log: logger, historyDays: env.SIGHTLINE_DEMO_HISTORY_DAYS });
    }
  });

  const role = ROLE_RUNS[env.SIGHTLINE_ROLE];
  const server = role.http === "app" ? await serveApp(env, dev) : await startHealthServer(env.PORT);
  const baseUrl = `http://localhost:${env.PORT}`;
  // A worker's simulator posts to the web replicas (SIGHTLINE_URL), the others' to themselves.
  const simulatorUrl = role.http === "app" ? baseUrl : env.SIGHTLINE_URL;
  const runSimulator = (env.SIGHTLINE_SIMULATOR ?? env.SIGHTLINE_DEMO) === "1";
  if (role.background && runSimulator && !simulatorUrl) logger.warn("the connector simulator needs SIGHTLINE_URL (the web replicas' address) in a worker process: not started");
  const workers = role.background
    ? startWorkers({
        log: logger,
        baseUrl: simulatorUrl ?? baseUrl,
        isDemo,
        runSimulator: runSimulator && !!simulatorUrl,
        disabled: env.SIGHTLINE_DISABLE_WORKERS?.split(",").map((s) => s.trim()),
      })
    : { stop: async () => undefined };
  logger.info({ url: baseUrl, role: env.SIGHTLINE_ROLE, ms: Math.round(performance.now() - started), demo: isDemo }, "Sightline is ready");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // a Ctrl-C reaches PostgreSQL too (same process group): its exit is not a crash to recover from
    embedded?.beginStop();
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

/** Next.js behind this process's own edge (header hygiene, timeouts, early answers). */
async function serveApp(env: TEnv, dev: boolean): Promise<http.Server> {
  const app = next({ dev, dir: process.cwd(), port: env.PORT, hostname: "localhost" });
  await app.prepare();
  const handle = app.getRequestHandler();
  // A slow or stalled client is cut off instead of holding a socket for minutes; the timeouts are
  // checked every second (Node's default, 30 s, lets a slow client run up to 30 s past them).
  const server = http.createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    applySecurityHeaders(req, res, { isDev: dev });
    dropInternalHeaders(req);
    closeAfterEarlyAnswer(req, res);
    if (hasMalformedPath(req)) {
      res.writeHead(400, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      res.end(JSON.stringify({ error: { code: "invalid_path", message: "The path is not valid percent-encoded UTF-8 (or holds a NUL)." } }));
      return;
    }
    void handle(req, res);
  });
  server.requestTimeout = env.SIGHTLINE_REQUEST_TIMEOUT_SECONDS * 1000;
  server.headersTimeout = env.SIGHTLINE_HEADERS_TIMEOUT_SECONDS * 1000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, () => resolve());
  });
  return server;
}

main().catch(async (error) => {
  if (error instanceof EnvError) console.error(error.message);
  else {
    logger.fatal({ err: error }, `Sightline could not start: ${(error as Error).message}`);
    // The log may be going to a collector (or nowhere): say it on stderr too.
    if (!process.stdout.isTTY) console.error(`Sightline could not start: ${(error as Error).message}`);
  }
  process.exit(1);
});
