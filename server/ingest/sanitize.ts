// PostgreSQL cannot store a NUL character in text or jsonb, nor an unpaired UTF-16 surrogate in
// jsonb. Events carrying them are rejected (with a reason) and kept with U+FFFD in their place.

// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex
const UNSTORABLE_ALL = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const MAX_EVENT_DEPTH = 32;

export function hasUnstorableText(s: string): boolean {
  return UNSTORABLE.test(s);
}

export function storableText(s: string): string {
  return s.replace(UNSTORABLE_ALL, "\ufffd");
}

/**
 * An eventId as PostgreSQL can store it, one-to-one: ids with unstorable characters are kept as
 * U+FFFE followed by their JSON escape (ASCII), so two such ids never collide.
 */
export function storableKey(id: string): string {
  return hasUnstorableText(id) ? `\ufffe${JSON.stringify(id)}` : id;
}

/** Nesting depth of a parsed JSON value, without recursion (a hostile body can be 100,000 deep). */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v as object)) stack.push([child, d + 1]);
  }
  return max;
}

/** The top-level field holding the first unstorable string (a key or a value), if any. */
export function findUnstorableField(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, "(event)"]];
  while (stack.length) {
    const [v, field] = stack.pop()!;
    if (typeof v === "string") {
      if (hasUnstorableText(v)) return field;
    } else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v as object)) {
        const f = field === "(event)" && !Array.isArray(value) ? k : field;
        if (hasUnstorableText(k)) return f;
        stack.push([child, f]);
      }
    }
  }
  return null;
}

/** A copy that PostgreSQL can store: unstorable characters become U+FFFD (depth is bounded by the parser check). */
export function storableJson(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(storableJson);
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [storableText(k), storableJson(v)]));
}
