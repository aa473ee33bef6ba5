// Reading a run's lines: worst first (variance, within tolerance, match; then the widest spread; then
// the SKU), filtered and keyset-paged on the indexes the migration names, and the same as a CSV
// stream that reads page after page, so the whole run streams in flat memory.
import { Prisma } from "@prisma/client";
import { z } from "zod";
import { db } from "@/server/db";
import { decodeCursor, encodeCursor } from "@/server/drift/paging";
import { AppError } from "@/server/lib/errors";
import { LINE_KINDS, LINE_STATUSES, type TLine, type TLineFilters, type TLinesPage, type TLinesQuery } from "./reconciliation.types";

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
};

/** The sort key of a line: [status, spread, skuId, kind, placeId]. */
const ZLineCursor = z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int(), z.number().int()]);
type TPlaces = { locations: Map<number, string>; channels: Map<number, string> };

async function places(): Promise<TPlaces> {
  const [locations, channels] = await Promise.all([db.location.findMany({ select: { id: true, code: true } }), db.channel.findMany({ select: { id: true, code: true } })]);
  return { locations: new Map(locations.map((l) => [l.id, l.code])), channels: new Map(channels.map((c) => [c.id, c.code])) };
}

/** The filters as SQL conditions on `l`, or null when they cannot match anything (an unknown code, kinds that exclude each other). */
async function conditions(runId: number, f: TLineFilters): Promise<{ where: Prisma.Sql[]; isPlaceFixed: boolean } | null> {
  const where: Prisma.Sql[] = [Prisma.sql`l.run_id = ${runId}`];
  let kind = f.kind ? LINE_KINDS.indexOf(f.kind) : null;
  if (f.location || f.channel) {
    if (f.location && f.channel) return null; // a line is at a location or on a channel, never both
    const wanted = f.location ? 0 : 1;
    if (kind !== null && kind !== wanted) return null;
    kind = wanted;
    const table = f.location ? "location" : "channel";
    const rows = await db.$queryRawUnsafe<{ id: number }[]>(`select id from ${table} where code = $1`, f.location ?? f.channel);
    if (!rows[0]) return null;
    where.push(Prisma.sql`l.kind = ${kind}`, Prisma.sql`l.place_id = ${rows[0].id}`);
  } else if (kind !== null) where.push(Prisma.sql`l.kind = ${kind}`);
  if (f.sku) {
    const rows = await db.$queryRaw<{ id: number }[]>`select id from sku where code = ${f.sku}`;
    if (!rows[0]) return null;
    where.push(Prisma.sql`l.sku_id = ${rows[0].id}`);
  }
  let status = f.status ? LINE_STATUSES.indexOf(f.status) : null;
  if (f.minRuns && f.minRuns > 0) {
    // only lines in variance have runs
    if (status !== null && status !== 0) return null;
    status = 0;
    where.push(Prisma.sql`l.runs >= ${f.minRuns}`);
  }
  if (status !== null) where.push(Prisma.sql`l.status = ${status}`);
  return { where, isPlaceFixed: !!(f.location || f.channel) };
}

async function readPage(runId: number, f: TLineFilters, limit: number, after: z.infer<typeof ZLineCursor> | undefined): Promise<{ rows: TLineRow[]; hasMore: boolean }> {
  const c = await conditions(runId, f);
  if (!c) return { rows: [], hasMore: false };
  const where = [...c.where];
  if (after) {
    const [status, spread, skuId, kind, placeId] = after;
    // with the place fixed, the key's tail is constant: compare what the place index orders by
    where.push(
      c.isPlaceFixed
        ? Prisma.sql`(l.status, -l.spread, l.sku_id) > (${status}::smallint, ${-spread}, ${skuId})`
        : Prisma.sql`(l.status, -l.spread, l.sku_id, l.kind, l.place_id) > (${status}::smallint, ${-spread}, ${skuId}, ${kind}::smallint, ${placeId})`,
    );
  }
  const rows = await db.$queryRaw<TLineRow[]>`
    select l.kind::int, l.sku_id, l.place_id, l.status::int, l.spread, l.book, l.systems, l.target, l.exposed, l.runs, l.since_run_id,
           sr.started_at as since_at, l.moved_by, l.moved_at, s.code as sku, s.name as sku_name
    from (select * from reconciliation_line l where ${Prisma.join(where, " and ")}
          order by l.status, -l.spread, l.sku_id, l.kind, l.place_id limit ${limit + 1}) l
    join sku s on s.id = l.sku_id
    left join reconciliation_run sr on sr.id = l.since_run_id
    order by l.status, -l.spread, l.sku_id, l.kind, l.place_id`;
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

function toLine(r: TLineRow, p: TPlaces): TLine {
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
  return r.kind === 0
    ? { ...base, location: p.locations.get(r.place_id) ?? `#${r.place_id}`, systems: r.systems ?? {}, book: r.book ?? 0 }
    : { ...base, channel: p.channels.get(r.place_id) ?? `#${r.place_id}`, target: r.target ?? 0, exposed: r.exposed ?? 0 };
}

async function requireRun(runId: number) {
  const [run] = await db.$queryRaw<{ status: string; systems: string[] | null }[]>`select status, systems from reconciliation_run where id = ${runId}`;
  if (!run) throw new AppError("not_found", `There is no reconciliation run ${runId}.`);
  return run;
}

const keyOf = (r: TLineRow) => [r.status, r.spread, r.sku_id, r.kind, r.place_id];

/** GET /api/v1/reconciliations/{id}/lines: {items, nextCursor}. */
export async function listLines(runId: number, query: TLinesQuery): Promise<TLinesPage> {
  await requireRun(runId);
  const after = decodeCursor(query.cursor, ZLineCursor);
  const [{ rows, hasMore }, p] = await Promise.all([readPage(runId, query, query.limit, after), places()]);
  return { items: rows.map((r) => toLine(r, p)), nextCursor: hasMore ? encodeCursor(keyOf(rows.at(-1)!)) : null };
}

const CSV_PAGE = 5_000;

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV of exactly what the filters select, in the page's order, read page by page as the client takes it. */
export async function linesCsvStream(runId: number, filters: TLineFilters): Promise<ReadableStream<Uint8Array>> {
  const run = await requireRun(runId);
  const systems = run.systems ?? [];
  const p = await places();
  const encoder = new TextEncoder();
  const header = ["kind", "sku", "location", "channel", "status", "spread", "runs", "since", "since_at", "book", ...systems.map((s) => `system:${s}`), "target", "exposed", "moved_by", "moved_at", "sku_name"];
  let after: z.infer<typeof ZLineCursor> | undefined;
  let isDone = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(header.map(csvCell).join(",") + "\r\n"));
    },
    async pull(controller) {
      if (isDone) return controller.close();
      const { rows, hasMore } = await readPage(runId, filters, CSV_PAGE, after);
      const text = rows
        .map((r) => {
          const l = toLine(r, p);
          return [l.kind, l.sku, l.location, l.channel, l.status, l.spread, l.runs, l.since, l.sinceAt, l.book, ...systems.map((s) => l.systems?.[s]), l.target, l.exposed, l.movedBy, l.movedAt, l.skuName]
            .map(csvCell)
            .join(",");
        })
        .join("\r\n");
      if (text) controller.enqueue(encoder.encode(text + "\r\n"));
      if (hasMore) after = keyOf(rows.at(-1)!) as z.infer<typeof ZLineCursor>;
      else {
        isDone = true;
        controller.close();
      }
    },
  });
}
