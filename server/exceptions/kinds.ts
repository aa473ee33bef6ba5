// The exception vocabulary (DESIGN.md "Drift and exceptions", "Contract details → Exception kinds"):
// kinds, states, severities, fingerprints and how severity follows units at risk and channel priority.
import { z } from "zod";

export const EXCEPTION_KINDS = [
  "negative_atp",
  "oversell_risk",
  "stale_feed",
  "system_drift",
  "conflicting_duplicate",
  "rejected_event",
  "sequence_gap",
  "reservation_conflict",
  "push_failed",
  "silent_connector",
  "order_unallocated",
  "order_late",
  "ack_overdue",
  "ack_rejected",
  "notification_failing",
] as const;
export const ZExceptionKind = z.enum(EXCEPTION_KINDS);
export type TExceptionKind = z.infer<typeof ZExceptionKind>;

export const EXCEPTION_STATES = ["open", "acknowledged", "snoozed", "resolved"] as const;
export const ZExceptionState = z.enum(EXCEPTION_STATES);
export type TExceptionState = z.infer<typeof ZExceptionState>;

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export const ZSeverity = z.enum(SEVERITIES);
export type TSeverity = z.infer<typeof ZSeverity>;
export const SEVERITY_RANK: Record<TSeverity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

/**
 * Condition kinds hold while the data shows them (the book, a feed's age) and clear when it heals;
 * the others are raised by an event and clear when a healing event or state arrives.
 */
export const CONDITION_KINDS = [
  "negative_atp",
  "oversell_risk",
  "system_drift",
  "stale_feed",
  "silent_connector",
  "order_unallocated",
  "order_late",
  "ack_overdue",
  "ack_rejected",
  "notification_failing",
] as const satisfies readonly TExceptionKind[];
export function isConditionKind(kind: TExceptionKind): boolean {
  return (CONDITION_KINDS as readonly string[]).includes(kind);
}

export const KIND_LABEL: Record<TExceptionKind, string> = {
  negative_atp: "Negative ATP",
  oversell_risk: "Oversell risk",
  stale_feed: "Stale feed",
  system_drift: "System drift (ERP ≠ WMS)",
  conflicting_duplicate: "Conflicting duplicate",
  rejected_event: "Rejected event",
  sequence_gap: "Sequence gap",
  reservation_conflict: "Reservation conflict",
  push_failed: "Push failed",
  silent_connector: "Silent connector",
  notification_failing: "Notification failing",
  order_unallocated: "Order stuck in pending allocation",
  order_late: "Order late to ship",
  ack_overdue: "Partner acknowledgement overdue",
  ack_rejected: "Partner rejected a message",
};

/** Default SLA per kind, in minutes from (re)opening; app_setting `exceptions.config` overrides. */
export const DEFAULT_SLA_MINUTES: Record<TExceptionKind, number> = {
  negative_atp: 60,
  oversell_risk: 30,
  stale_feed: 30,
  system_drift: 240,
  conflicting_duplicate: 1440,
  rejected_event: 240,
  sequence_gap: 60,
  reservation_conflict: 240,
  push_failed: 60,
  silent_connector: 30,
  notification_failing: 60,
  order_unallocated: 60,
  order_late: 120,
  ack_overdue: 120,
  ack_rejected: 240,
};

/** The least severity a kind ever gets, whatever its units: a silent source blinds every channel. */
const SEVERITY_FLOOR: Record<TExceptionKind, TSeverity> = {
  negative_atp: "medium",
  oversell_risk: "medium",
  stale_feed: "medium",
  system_drift: "low",
  conflicting_duplicate: "low",
  rejected_event: "low",
  sequence_gap: "high",
  reservation_conflict: "low",
  push_failed: "medium",
  silent_connector: "high",
  notification_failing: "high",
  order_unallocated: "medium",
  order_late: "medium",
  ack_overdue: "medium",
  ack_rejected: "low",
};

/**
 * Severity from units at risk weighted by channel priority (0–100: priority 100 doubles the
 * weight), never below the kind's floor. A high-priority channel's stale feed is high on its own.
 */
export function severityFor(kind: TExceptionKind, unitsAtRisk: number, channelPriority: number | null, atLeast?: TSeverity): TSeverity {
  const weight = Math.max(0, unitsAtRisk) * (1 + Math.max(0, channelPriority ?? 0) / 100);
  let severity: TSeverity = weight >= 100 ? "critical" : weight >= 20 ? "high" : weight >= 5 ? "medium" : "low";
  if (kind === "stale_feed" && (channelPriority ?? 0) >= 70 && SEVERITY_RANK[severity] < SEVERITY_RANK.high) severity = "high";
  const floor = atLeast && SEVERITY_RANK[atLeast] > SEVERITY_RANK[SEVERITY_FLOOR[kind]] ? atLeast : SEVERITY_FLOOR[kind];
  return SEVERITY_RANK[severity] < SEVERITY_RANK[floor] ? floor : severity;
}

/** What a group is about, by ids (codes are joined for display); `value` is a rejected event's failing value. */
export type TScopeIds = {
  skuId?: number | null;
  locationId?: number | null;
  channelId?: number | null;
  connectorId?: number | null;
  /** rejected_event: the reason code and the value that failed; notification_failing: the endpoint's id */
  reasonCode?: string | null;
  value?: string | null;
  /** order_unallocated, order_late (with channelId) */
  orderRef?: string | null;
  /** ack_overdue, ack_rejected (with connectorId) */
  messageRef?: string | null;
};

/** kind + scope, stable and unique: the group key. */
export function fingerprint(kind: TExceptionKind, scope: TScopeIds): string {
  const parts: string[] = [kind];
  if (scope.connectorId != null) parts.push(`c${scope.connectorId}`);
  if (scope.skuId != null) parts.push(`s${scope.skuId}`);
  if (scope.locationId != null) parts.push(`l${scope.locationId}`);
  if (scope.channelId != null) parts.push(`ch${scope.channelId}`);
  if (scope.reasonCode != null) parts.push(`r:${scope.reasonCode}`);
  if (scope.value != null) parts.push(`v:${scope.value}`);
  if (scope.orderRef != null) parts.push(`o:${scope.orderRef}`);
  if (scope.messageRef != null) parts.push(`m:${scope.messageRef}`);
  return parts.join("|");
}

/** For rejected_event groups: which scope field the failing value names (an unknown SKU is the scope's sku). */
export function scopeFieldForReason(code: string | null | undefined): "sku" | "location" | "channel" | null {
  if (code === "unknown_sku") return "sku";
  if (code === "unknown_location") return "location";
  if (code === "unknown_channel") return "channel";
  return null;
}
