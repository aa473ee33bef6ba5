// What the X12 maps share: dates and times read as UTC, item identifiers, event ids.
import type { TReason } from "@/server/ingest/event-log";
import type { TX12Group, TX12Interchange, TX12Segment, TX12Transaction } from "./parse";

/** The connector an interchange came from, as its mapping needs it. */
export type TX12Context = { connectorCode: string; channel: string | null; defaultLocation: string | null };

/** What one transaction set becomes: contract events, plus, per event, reasons to reject it before it is read (a connector without a channel). */
export type TMapped = { events: Record<string, unknown>[]; rejections: (TReason[] | undefined)[]; reasons?: TReason[] };

export type TX12Source = { interchange: TX12Interchange; group: TX12Group; transaction: TX12Transaction };

/** `{ISA13}-{ST02}-{n}`: the same interchange sent again has the same ids (DESIGN.md "EDI X12"). */
export function eventIdOf(src: TX12Source, n: number): string {
  return `${src.interchange.control}-${src.transaction.control}-${n}`;
}

/** Element `position` (1-based, as X12 counts) of a segment, trimmed; "" when absent. */
export function el(s: TX12Segment | undefined, position: number): string {
  return s?.elements[position - 1]?.trim() ?? "";
}

/**
 * An X12 date (CCYYMMDD, or YYMMDD) and time (HHMM, HHMMSS, HHMMSSDD) as an ISO instant in UTC. A
 * date or time that is not one comes back as it was written, so the event carrying it is rejected
 * (bad_timestamp) and kept, not silently dated.
 */
export function x12Instant(date: string, time: string, opts: { endOfDay?: boolean } = {}): string {
  const d = date.length === 6 ? `20${date}` : date;
  const t = time || (opts.endOfDay ? "235959" : "0000");
  const dm = /^(\d{4})(\d{2})(\d{2})$/.exec(d);
  const tm = /^(\d{2})(\d{2})(\d{2})?(\d{1,2})?$/.exec(t);
  if (!dm || !tm) return `${date}T${time}`;
  const iso = `${dm[1]}-${dm[2]}-${dm[3]}T${tm[1]}:${tm[2]}:${tm[3] ?? "00"}Z`;
  const parsed = new Date(iso);
  // 20260230 parses as 2 March: only a real calendar date round-trips
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 19) !== iso.slice(0, 19) ? `${date}T${time}` : iso;
}

/** Product id qualifiers read as a SKU code or alias, in the order they are tried. */
const SKU_QUALIFIERS = ["VN", "VP", "BP", "SK", "IN"];

/**
 * The item an LIN or PO1 names, from its qualifier/id pairs (from element `from` on): a UPC (`UP`)
 * when there is one, else the first of VN, VP, BP, SK, IN as a SKU code or alias. Decided from the
 * body alone, so the same file always maps to the same events.
 */
export function itemOf(s: TX12Segment, from: number): { upc: string } | { sku: string } | null {
  const pairs = new Map<string, string>();
  for (let i = from; i + 1 <= s.elements.length; i += 2) {
    const qualifier = el(s, i);
    const id = el(s, i + 1);
    if (qualifier && id && !pairs.has(qualifier)) pairs.set(qualifier, id);
  }
  const upc = pairs.get("UP");
  if (upc) return { upc };
  for (const q of SKU_QUALIFIERS) {
    const sku = pairs.get(q);
    if (sku) return { sku };
  }
  return null;
}

/** A quantity element as a number when it is one (validation judges it), else as written. */
export function quantityOf(raw: string): number | string | undefined {
  if (raw === "") return undefined;
  return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
}

export function noChannel(ctx: TX12Context, set: string): TReason {
  return {
    code: "invalid_field",
    field: "channel",
    message: `Connector ${ctx.connectorCode} names no channel, so its ${set} has no channel to report for; set the connector's channel in master data, then replay these events.`,
  };
}

export function noDefaultLocation(ctx: TX12Context): TReason {
  return {
    code: "invalid_field",
    field: "location",
    message: `Connector ${ctx.connectorCode} names no defaultLocation, so its purchase orders have no fulfilling location; set it in master data, then replay these events.`,
  };
}
