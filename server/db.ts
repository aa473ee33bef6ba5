import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import pg from "pg";

export type TDb = PrismaClient;
/** What a domain function may run its queries on: the client or an open transaction. */
export type TTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export type TDatabase = { db: PrismaClient; pool: pg.Pool };

// One client per process, kept on globalThis so Next's dev reloads (and its server bundle, which
// holds its own copy of this module beside server/main.ts's) share one pool.
const holder = globalThis as unknown as { __sightlineDatabase?: TDatabase; __sightlineReplica?: TDatabase; __sightlineReads?: AsyncLocalStorage<TDatabase> };
/** Set while a read runs on the replica (server/database/read-replica.ts): `db` and `pgPool()` then go there. */
const readScope = (holder.__sightlineReads ??= new AsyncLocalStorage<TDatabase>());

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Sightline through `npm run serve`, which provides it.");
  return url;
}

function open(connectionString = databaseUrl(), opts: { max?: number; connectionTimeoutMillis?: number } = {}): TDatabase {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? Number(process.env.SIGHTLINE_DB_POOL ?? 20),
    // Waiting longer than this for a connection means overload: callers answer 503.
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server (PostgreSQL restarted) must not crash the process.
  pool.on("error", () => undefined);
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { db, pool };
}

function database(): TDatabase {
  holder.__sightlineDatabase ??= open();
  return holder.__sightlineDatabase;
}

function current(): TDatabase {
  return readScope.getStore() ?? database();
}

/** The Prisma client (opened on first use from DATABASE_URL; inside `onReplica`, the replica's). */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get: (_t, prop) => {
    const client = current().db;
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** The pg pool behind it, for what Prisma does not do (COPY, advisory locks held across calls). */
export function pgPool(): pg.Pool {
  return current().pool;
}

/** The primary's pool, even inside `onReplica` (what decides where reads go). */
export function primaryPool(): pg.Pool {
  return database().pool;
}

/** The read replica's client and pool (DATABASE_READ_URL), or null when there is none. */
export function replicaDatabase(): TDatabase | null {
  const url = process.env.DATABASE_READ_URL;
  if (!url) return null;
  // A replica that is down must fail fast: its reads then go to the primary.
  holder.__sightlineReplica ??= open(url, { max: Number(process.env.SIGHTLINE_READ_POOL ?? 10), connectionTimeoutMillis: 2_000 });
  return holder.__sightlineReplica;
}

/** Runs `work` with `db` and `pgPool()` on `target` (the replica's; see server/database/read-replica.ts). */
export function onDatabase<T>(target: TDatabase, work: () => Promise<T>): Promise<T> {
  return readScope.run(target, work);
}

export async function closeDatabase(): Promise<void> {
  const opened = [holder.__sightlineDatabase, holder.__sightlineReplica];
  holder.__sightlineDatabase = undefined;
  holder.__sightlineReplica = undefined;
  for (const d of opened) {
    if (!d) continue;
    await d.db.$disconnect().catch(() => undefined);
    await d.pool.end().catch(() => undefined);
  }
}
