import type { z } from "zod";
import type { TReason, TReasonCode } from "./event-log";
import { FUTURE_TOLERANCE_MS, ZEvent, type TEvent } from "./event.types";
import { findUnstorableField } from "./sanitize";

export type TValidated =
  | { ok: true; eventId: string; event: TEvent; occurredAt: Date }
  | { ok: false; eventId: string | null; reasons: TReason[] };

const FIELD_REASON: Record<string, TReasonCode> = {
  occurredAt: "bad_timestamp",
  quantity: "bad_quantity",
  delta: "bad_quantity",
  balances: "bad_quantity",
  type: "unknown_type",
};

function reasonFor(issue: z.core.$ZodIssue, raw: Record<string, unknown>): TReason {
  const field = String(issue.path[0] ?? "(event)");
  const params = (issue as { params?: { reason?: TReasonCode } }).params;
  if (params?.reason) return { code: params.reason, field, message: issue.message };
  const isMissing = issue.path.length === 1 && !(field in raw);
  if (isMissing) return { code: "missing_field", field, message: `${field} is required` };
  const code = FIELD_REASON[field] ?? "invalid_field";
  const path = issue.path.map(String).join(".");
  const message = code === "unknown_type" ? `unknown event type ${JSON.stringify(raw.type)}` : `${path}: ${issue.message}`;
  return { code, field, message, ...(code === "unknown_type" && typeof raw.type === "string" ? { value: raw.type.slice(0, 100) } : {}) };
}

/** Checks one event against the contract; every problem becomes a machine-readable reason. */
export function validateEvent(raw: unknown, now: Date): TValidated {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, eventId: null, reasons: [{ code: "invalid_field", field: "(event)", message: "each event must be a JSON object" }] };
  }
  const record = raw as Record<string, unknown>;
  const eventId = typeof record.eventId === "string" && record.eventId.length > 0 && record.eventId.length <= 200 ? record.eventId : null;
  const unstorable = findUnstorableField(raw);
  if (unstorable) {
    const message = `${unstorable} contains a NUL character or an unpaired surrogate, which cannot be stored; the kept copy has U+FFFD in its place`;
    return { ok: false, eventId, reasons: [{ code: "invalid_field", field: unstorable, message }] };
  }
  const parsed = ZEvent.safeParse(raw);
  if (!parsed.success) {
    const seen = new Set<string>();
    const reasons = parsed.error.issues
      .map((i) => reasonFor(i, record))
      .filter((r) => (seen.has(r.field + r.code) ? false : (seen.add(r.field + r.code), true)));
    return { ok: false, eventId, reasons };
  }
  const occurredAt = new Date(parsed.data.occurredAt);
  if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    return { ok: false, eventId, reasons: [{ code: "future_timestamp", field: "occurredAt", message: `occurredAt ${parsed.data.occurredAt} is more than 5 minutes in the future` }] };
  }
  return { ok: true, eventId: parsed.data.eventId, event: parsed.data, occurredAt };
}
