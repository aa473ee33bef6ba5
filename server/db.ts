import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import pg from "pg";

export type TDb = PrismaClient;
/** What a domain function may run its queries on: the client or an open transaction. */
export type TTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

type TDatabase = { db: PrismaClient; pool: pg.Pool };

// One client per process, kept on globalThis so Next's dev reloads don't open a pool per reload.
const holder = globalThis as unknown as { __sightlineDatabase?: TDatabase };

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Sightline through `npm run serve`, which provides it.");
  return url;
}

function open(): TDatabase {
  const pool = new pg.Pool({
    connectionString: databaseUrl(),
    max: Number(process.env.SIGHTLINE_DB_POOL ?? 20),
    // Waiting longer than this for a connection means overload: callers answer 503.
    connectionTimeoutMillis: 5_000,
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

/** The Prisma client (opened on first use from DATABASE_URL). */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get: (_t, prop) => {
    const client = database().db;
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** The pg pool behind it, for what Prisma does not do (COPY, advisory locks held across calls). */
export function pgPool(): pg.Pool {
  return database().pool;
}

export async function closeDatabase(): Promise<void> {
  const current = holder.__sightlineDatabase;
  holder.__sightlineDatabase = undefined;
  if (current) {
    await current.db.$disconnect().catch(() => undefined);
    await current.pool.end().catch(() => undefined);
  }
}
