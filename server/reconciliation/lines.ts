// Reading a run's lines: worst first (variance, within tolerance, match; then the widest spread; then
// the SKU), filtered and keyset-paged on the indexes the migration names, and the same as a CSV that
// a server-side cursor streams in its own transaction, formatted by PostgreSQL, in flat memory.
import { z } from "zod";
import { db, pgPool } from "@/server/db";
import { decodeCursor, encodeCursor } from "@/server/drift/paging";
import { AppError } from "@/server/lib/errors";
import { LINE_KINDS, LINE_STATUSES, type TLine, type TLineFilters, type TLinesPage, type TLinesQuery } from "./reconciliation.types";

/** The filters resolved to ids: every value is an integer, so the SQL below may hold them as literals. */
type TResolved = { runId: number; kind?: number; placeId?: number; skuId?: number; status?: number; minRuns?: number };
/** The sort key of a line: [status, spread, skuId, kind, placeId]. */
const ZLineCursor = z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int(), z.number().int()]);
type TCursor = z.infer<typeof ZLineCursor>;

async function idOf(table: "sku" | "location" | "channel", code: string): Promise<number | null> {
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(`select id from ${table} where code = $1`, code);
  return rows[0]?.id ?? null;
}

/** null when the filters cannot match anything (an unknown code, kinds or statuses that exclude each other). */
async function resolve(runId: number, f: TLineFilters): Promise<TResolved | null> {
  const r: TResolved = { runId };
  if (f.kind) r.kind = LINE_KINDS.indexOf(f.kind);
  if (f.location || f.channel) {
    if (f.location && f.channel) return null; // a line is at a location or on a channel, never both
    const kind = f.location ? 0 : 1;
    if (r.kind !== undefined && r.kind !== kind) return null;
    const id = await idOf(f.location ? "location" : "channel", (f.location ?? f.channel)!);
    if (id === null) return null;
    r.kind = kind;
    r.placeId = id;
  }
  if (f.sku) {
    const id = await idOf("sku", f.sku);
    if (id === null) return null;
    r.skuId = id;
  }
  if (f.status) r.status = LINE_STATUSES.indexOf(f.status);
  if (f.minRuns && f.minRuns > 0) {
    if (r.status !== undefined && r.status !== 0) return null; // only lines in variance have runs
    r.status = 0;
    r.minRuns = f.minRuns;
  }
  return r;
}

const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
};

function conditions(r: TResolved): string[] {
  const out = [`l.run_id = ${int(r.runId)}`];
  if (r.kind !== undefined) out.push(`l.kind = ${int(r.kind)}`);
  if (r.placeId !== undefined) out.push(`l.place_id = ${int(r.placeId)}`);
  if (r.skuId !== undefined) out.push(`l.sku_id = ${int(r.skuId)}`);
  if (r.status !== undefined) out.push(`l.status = ${int(r.status)}`);
  if (r.minRuns !== undefined) out.push(`l.runs >= ${int(r.minRuns)}`);
  return out;
}

/**
 * The lines that do not match come first, in the partial ordering index's order; the matches (spread
 * 0) follow in the primary key's order. Each part reads its own index; `after` starts past a key.
 */
function parts(r: TResolved, after: TCursor | undefined, limit: number | null): string[] {
  const where = conditions(r);
  const lim = limit === null ? "" : ` limit ${int(limit)}`;
  const out: string[] = [];
  const wantsOthers = r.status === undefined || r.status < 2;
  const wantsMatches = (r.status === undefined || r.status === 2) && r.minRuns === undefined;
  if (wantsOthers && !(after && after[0] === 2)) {
    const keyset = after ? [`(l.status, -l.spread, l.sku_id, l.kind, l.place_id) > (${int(after[0])}, ${int(-after[1])}, ${int(after[2])}, ${int(after[3])}, ${int(after[4])})`] : [];
    out.push(`(select l.* from reconciliation_line l where ${[...where, "l.status < 2", ...keyset].join(" and ")} order by l.status, -l.spread, l.sku_id, l.kind, l.place_id${lim})`);
  }
  if (wantsMatches) {
    const keyset = after && after[0] === 2 ? [`(l.sku_id, l.kind, l.place_id) > (${int(after[2])}, ${int(after[3])}, ${int(after[4])})`] : [];
    out.push(`(select l.* from reconciliation_line l where ${[...where, "l.status = 2", "l.spread = 0", ...keyset].join(" and ")} order by l.sku_id, l.kind, l.place_id${lim})`);
  }
  return out;
}

const ORDER = "l.status, -l.spread, l.sku_id, l.kind, l.place_id";

type TLineRow = {
  kind: number;
  sku_id: number;
  place_id: number;
  status: number;
  spread: number;
  book: number | null;
  systems: Record<string, number> | null;
  target: number | null;
  exposed: number | null;
  runs: number;
  since_run_id: number | null;
  since_at: Date | null;
  moved_by: string | null;
  moved_at: Date | null;
  sku: string;
  sku_name: string | null;
  place: string | null;
};

async function readPage(r: TResolved, limit: number, after: TCursor | undefined): Promise<{ rows: TLineRow[]; hasMore: boolean }> {
  const union = parts(r, after, limit + 1);
  if (!union.length) return { rows: [], hasMore: false };
  const { rows } = await pgPool().query<TLineRow>(`
    select l.kind::int, l.sku_id, l.place_id, l.status::int, l.spread, l.book, l.systems, l.target, l.exposed, l.runs, l.since_run_id,
           sr.started_at as since_at, l.moved_by, l.moved_at, s.code as sku, s.name as sku_name, coalesce(loc.code, ch.code) as place
    from (select * from (${union.join(" union all ")}) u order by ${ORDER.replaceAll("l.", "u.")} limit ${int(limit + 1)}) l
    join sku s on s.id = l.sku_id
    left join location loc on l.kind = 0 and loc.id = l.place_id
    left join channel ch on l.kind = 1 and ch.id = l.place_id
    left join reconciliation_run sr on sr.id = l.since_run_id
    order by ${ORDER}`);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

function toLine(r: TLineRow): TLine {
  const base = {
    kind: LINE_KINDS[r.kind]!,
    sku: r.sku,
    spread: r.spread,
    status: LINE_STATUSES[r.status]!,
    runs: r.runs,
    since: r.since_run_id,
    sinceAt: r.since_at?.toISOString() ?? null,
    movedBy: r.moved_by,
    movedAt: r.moved_at?.toISOString() ?? null,
    skuName: r.sku_name,
  };
  const place = r.place ?? `#${r.place_id}`;
  return r.kind === 0 ? { ...base, location: place, systems: r.systems ?? {}, book: r.book ?? 0 } : { ...base, channel: place, target: r.target ?? 0, exposed: r.exposed ?? 0 };
}

async function requireRun(runId: number) {
  const [run] = await db.$queryRaw<{ systems: string[] | null }[]>`select systems from reconciliation_run where id = ${runId}`;
  if (!run) throw new AppError("not_found", `There is no reconciliation run ${runId}.`);
  return run;
}

const keyOf = (r: TLineRow): TCursor => [r.status, r.spread, r.sku_id, r.kind, r.place_id];

/** GET /api/v1/reconciliations/{id}/lines: {items, nextCursor}. */
export async function listLines(runId: number, query: TLinesQuery): Promise<TLinesPage> {
  await requireRun(runId);
  const after = decodeCursor(query.cursor, ZLineCursor);
  const resolved = await resolve(runId, query);
  if (!resolved) return { items: [], nextCursor: null };
  const { rows, hasMore } = await readPage(resolved, query.limit, after);
  return { items: rows.map(toLine), nextCursor: hasMore ? encodeCursor(keyOf(rows.at(-1)!)) : null };
}

const CSV_PAGE = 10_000;
const CSV_CHUNK = 500;
/** A CSV cell in SQL: quoted when it holds a comma, a quote or a line break (RFC 4180). */
const cell = (expr: string) => `case when ${expr} ~ '[",\\r\\n]' then '"' || replace(${expr}, '"', '""') || '"' else coalesce(${expr}, '') end`;
const iso = (expr: string) => `to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One CSV line per row, built by PostgreSQL (Node only forwards text), with its sort key for the next page. */
async function csvPage(r: TResolved, systems: string[], after: TCursor | undefined): Promise<{ chunks: string[]; last: TCursor | null; hasMore: boolean }> {
  const union = parts(r, after, CSV_PAGE + 1);
  if (!union.length) return { chunks: [], last: null, hasMore: false };
  const columns = [
    `case l.kind when 0 then 'location' else 'channel' end`,
    cell("s.code"),
    `coalesce(${cell("loc.code")}, '')`,
    `coalesce(${cell("ch.code")}, '')`,
    `case l.status when 0 then 'variance' when 1 then 'within_tolerance' else 'match' end`,
    "l.spread::text",
    "l.runs::text",
    "coalesce(l.since_run_id::text, '')",
    `coalesce(${iso("sr.started_at")}, '')`,
    "coalesce(l.book::text, '')",
    ...systems.map((code) => `coalesce(l.systems ->> ${escapeLiteral(code)}, '')`),
    "coalesce(l.target::text, '')",
    "coalesce(l.exposed::text, '')",
    `coalesce(${cell("l.moved_by")}, '')`,
    `coalesce(${iso("l.moved_at")}, '')`,
    `coalesce(${cell("s.name")}, '')`,
  ];
  // the page comes back as a few strings of 500 lines (and the last line's key), not 10,000 rows: each string stays
  // small enough for V8's young generation, so the memory they take is given back at once, not at the next full GC
  const { rows } = await pgPool().query<{ text: string; last: TCursor; n: number }>(`
    with page as (
      select ${columns.join(" || ',' || ")} as line, l.status, l.spread, l.sku_id, l.kind, l.place_id, row_number() over (order by ${ORDER}) as ord
      from (select * from (${union.join(" union all ")}) u order by ${ORDER.replaceAll("l.", "u.")} limit ${int(CSV_PAGE + 1)}) l
      join sku s on s.id = l.sku_id
      left join location loc on l.kind = 0 and loc.id = l.place_id
      left join channel ch on l.kind = 1 and ch.id = l.place_id
      left join reconciliation_run sr on sr.id = l.since_run_id
    ), chunks as (
      select (ord - 1) / ${int(CSV_CHUNK)} as g, string_agg(line || E'\\r\\n', '' order by ord) as text, max(ord) as last_ord
      from page where ord <= ${int(CSV_PAGE)} group by 1
    )
    select c.text, (select array[p.status::int, p.spread, p.sku_id, p.kind::int, p.place_id] from page p where p.ord = c.last_ord) as last,
           (select count(*) from page)::int as n
    from chunks c order by c.g`);
  return { chunks: rows.map((r) => r.text), last: rows.at(-1)?.last ?? null, hasMore: (rows[0]?.n ?? 0) > CSV_PAGE };
}

/** A string literal for SQL text (standard_conforming_strings is on: only quotes are doubled). */
const escapeLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

export const CSV_HEADER = (systems: string[]) =>
  ["kind", "sku", "location", "channel", "status", "spread", "runs", "since", "since_at", "book", ...systems.map((s) => `system:${s}`), "target", "exposed", "moved_by", "moved_at", "sku_name"]
    .map((h) => (/[",\r\n]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h))
    .join(",");

/** The CSV of exactly what the filters select, in the page's order, read 10,000 lines at a time as the client takes them. */
export async function linesCsvStream(runId: number, filters: TLineFilters): Promise<ReadableStream<Uint8Array>> {
  const run = await requireRun(runId);
  const systems = run.systems ?? [];
  const resolved = await resolve(runId, filters);
  const encoder = new TextEncoder();
  let after: TCursor | undefined;
  let isDone = !resolved;
  return new ReadableStream<Uint8Array>({
    start: (controller) => controller.enqueue(encoder.encode(CSV_HEADER(systems) + "\r\n")),
    pull: async (controller) => {
      if (isDone || !resolved) return controller.close();
      const page = await csvPage(resolved, systems, after);
      for (const chunk of page.chunks) controller.enqueue(encoder.encode(chunk));
      if (page.hasMore && page.last) after = page.last;
      else {
        isDone = true;
        controller.close();
      }
    },
  });
}
