import { z } from "zod";
import type { TExceptionState } from "./kinds";

// DESIGN.md: open → acknowledged | snoozed | resolved; acknowledged → snoozed | resolved;
// snoozed → open (until passes) | acknowledged | resolved; resolved → open (reopen or a new occurrence).
const TRANSITIONS: Record<TExceptionState, readonly TExceptionState[]> = {
  open: ["acknowledged", "snoozed", "resolved"],
  acknowledged: ["snoozed", "resolved"],
  snoozed: ["open", "acknowledged", "resolved"],
  resolved: ["open"],
};

export function canTransition(from: TExceptionState, to: TExceptionState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The states a group may be in for a person to move it to `to` (what bulk actions select on). */
export function statesThatMayBecome(to: TExceptionState): TExceptionState[] {
  return (Object.keys(TRANSITIONS) as TExceptionState[]).filter((from) => canTransition(from, to));
}

export const ZEmailOrNull = z.union([z.email().max(254).transform((e) => e.toLowerCase()), z.null()]);

/** One schema for the REST body and the tRPC input of POST /exceptions/{id}/actions. */
export const ZExceptionAction = z.discriminatedUnion("action", [
  z.object({ action: z.literal("acknowledge") }),
  z.object({ action: z.literal("snooze"), until: z.iso.datetime({ offset: true }) }),
  z.object({ action: z.literal("resolve"), note: z.string().trim().max(2000).optional() }),
  z.object({ action: z.literal("reopen") }),
  z.object({ action: z.literal("assign"), assignee: ZEmailOrNull }),
  z.object({ action: z.literal("note"), text: z.string().trim().min(1, "A note needs some text").max(2000) }),
]);
export type TExceptionAction = z.infer<typeof ZExceptionAction>;
export const ACTION_NAMES = ["acknowledge", "snooze", "resolve", "reopen", "assign", "note"] as const;

/** The state an action moves a group to, or null when it leaves the state alone (assign, note). */
export function targetState(action: TExceptionAction["action"]): TExceptionState | null {
  switch (action) {
    case "acknowledge":
      return "acknowledged";
    case "snooze":
      return "snoozed";
    case "resolve":
      return "resolved";
    case "reopen":
      return "open";
    default:
      return null;
  }
}

/** Parses an action body: an unknown `action` is its own 400 (`unknown_action`), a bad field `invalid_field`. */
export function parseAction(raw: unknown): { ok: true; action: TExceptionAction } | { ok: false; code: "unknown_action" | "invalid_field"; issues?: z.ZodError } {
  const name = typeof raw === "object" && raw !== null ? (raw as { action?: unknown }).action : undefined;
  if (typeof name !== "string" || !(ACTION_NAMES as readonly string[]).includes(name)) return { ok: false, code: "unknown_action" };
  const parsed = ZExceptionAction.safeParse(raw);
  return parsed.success ? { ok: true, action: parsed.data } : { ok: false, code: "invalid_field", issues: parsed.error };
}
