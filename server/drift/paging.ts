import { z } from "zod";
import { AppError } from "@/server/lib/errors";

// DESIGN "Lists": `limit` defaults to 50 and is clamped to 500; answers are {items, nextCursor}.
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** A limit from a query string or a tRPC input: a number, clamped to 1–500 rather than refused. */
export const ZLimit = z.coerce
  .number({ error: "limit must be a whole number" })
  .int("limit must be a whole number")
  .transform((n) => Math.min(MAX_LIMIT, Math.max(1, n)))
  .default(DEFAULT_LIMIT);

export const ZCursor = z.string().max(1000);

export type TPage<T> = { items: T[]; nextCursor: string | null };

/** Cursors are opaque to callers: base64url JSON of the last row's sort key. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    raw = undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("invalid_query", "cursor: not a cursor from this list; pass the nextCursor of the previous page (with the same filters and sort).");
  }
  return parsed.data;
}

/** Splits the extra row fetched to learn whether another page exists. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => unknown): TPage<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(keyOf(items.at(-1)!)) : null };
}

/** Escapes LIKE wildcards so a search term matches literally as a prefix. */
export function likePrefix(term: string): string {
  return `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function iso(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}
