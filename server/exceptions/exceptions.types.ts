// The exception contracts: one zod schema per contract, shared by REST, tRPC and the tests.
import { z } from "zod";
import { AppError } from "@/server/lib/errors";
import { ZCode } from "@/server/master-data/master-data.types";
import { EXCEPTION_KINDS, EXCEPTION_STATES, SEVERITIES, ZExceptionKind, ZExceptionState, ZSeverity } from "./kinds";
import { ZEmailOrNull, ZExceptionAction } from "./state-machine";

export { ZExceptionAction };

/** "open,acknowledged" → ["open", "acknowledged"] (a query string carries lists comma-separated). */
function csvOf<const T extends readonly [string, ...string[]]>(values: T) {
  const item = z.enum(values);
  return z.union([
    z.array(item).min(1),
    z
      .string()
      .transform((s) => s.split(",").map((v) => v.trim()).filter(Boolean))
      .pipe(z.array(item, { error: `must be one or more of ${values.join(", ")}, comma-separated` }).min(1)),
  ]);
}

const ZFlag = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")]);

export const SORTS = ["impact", "age", "sla"] as const;
export const ZSort = z.enum(SORTS);
export type TSort = z.infer<typeof ZSort>;

/** What selects groups: the list's filters, also used by bulk actions over "everything the filter matches". */
export const ZExceptionFilter = z.object({
  state: csvOf(EXCEPTION_STATES).optional(),
  kind: csvOf(EXCEPTION_KINDS).optional(),
  severity: csvOf(SEVERITIES).optional(),
  sku: ZCode.optional(),
  channel: ZCode.optional(),
  location: ZCode.optional(),
  connector: ZCode.optional(),
  /** an email, or `none` for unassigned groups */
  assignee: z.union([z.literal("none"), z.email().max(254).transform((e) => e.toLowerCase())]).optional(),
  /** only groups past their SLA due time that are still open or acknowledged */
  breached: ZFlag.optional(),
  /** only groups assigned to whoever asks */
  mine: ZFlag.optional(),
});
export type TExceptionFilter = z.infer<typeof ZExceptionFilter>;

export const ZExceptionListQuery = ZExceptionFilter.extend({
  sort: ZSort.default("impact"),
  limit: z.coerce
    .number()
    .int()
    .default(50)
    .transform((n) => Math.min(Math.max(n, 1), 500)),
  cursor: z.string().max(200).optional(),
});
export type TExceptionListQuery = z.infer<typeof ZExceptionListQuery>;

export const ZExceptionId = z.coerce.number().int().positive().max(2_147_483_647);

/** GET /api/v1/exceptions items, exactly DESIGN.md's shape (codes, not ids, in scope). */
export const ZExceptionGroup = z.object({
  id: z.number().int(),
  kind: ZExceptionKind,
  scope: z.object({
    sku: z.string().optional(),
    location: z.string().optional(),
    channel: z.string().optional(),
    connector: z.string().optional(),
    orderRef: z.string().optional(),
    messageRef: z.string().optional(),
    endpoint: z.string().optional(),
  }),
  severity: ZSeverity,
  state: ZExceptionState,
  count: z.number().int(),
  firstSeenAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  slaDueAt: z.iso.datetime().nullable(),
  assignee: z.string().nullable(),
  unitsAtRisk: z.number().int(),
  resolution: z.enum(["auto", "user"]).optional(),
});
export type TExceptionGroupContract = z.infer<typeof ZExceptionGroup>;

export const ZExceptionList = z.object({ items: z.array(ZExceptionGroup), nextCursor: z.string().nullable() });

/** Bulk actions (UI): over chosen ids, or over everything a filter matches (the count was confirmed). */
export const BULK_ACTIONS = ["acknowledge", "snooze", "resolve", "assign"] as const;
export const ZBulkAction = z
  .object({
    action: z.enum(BULK_ACTIONS),
    ids: z.array(ZExceptionId).min(1).max(100_000).optional(),
    filter: ZExceptionFilter.optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    assignee: ZEmailOrNull.optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .refine((b) => (b.ids ? !b.filter : !!b.filter), { message: "Send either ids or filter", path: ["ids"] })
  .refine((b) => b.action !== "snooze" || !!b.until, { message: "A snooze needs `until`", path: ["until"] })
  .refine((b) => b.action !== "assign" || b.assignee !== undefined, { message: "An assignment needs `assignee` (an email or null)", path: ["assignee"] });
export type TBulkAction = z.infer<typeof ZBulkAction>;

export const ACTION_BODY_MAX_BYTES = 64 * 1024;

/** A path id: anything but a positive integer names no group (404). */
export function parseExceptionId(raw: string | undefined): number {
  const parsed = ZExceptionId.safeParse(raw);
  if (!raw || !/^\d+$/.test(raw) || !parsed.success) throw new AppError("not_found", `No exception group ${raw ?? ""}.`);
  return parsed.data;
}
