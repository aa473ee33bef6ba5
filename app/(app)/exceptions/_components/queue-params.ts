// The queue's filters live in the URL; this turns the query string into the list input and back,
// the same on the server (prefetch) and in the browser.
import { EXCEPTION_KINDS, SEVERITIES, type TExceptionKind, type TExceptionState, type TSeverity } from "@/server/exceptions/kinds";
import { SORTS, type TSort } from "@/server/exceptions/exceptions.types";

export const STATE_VIEWS = ["active", "open", "acknowledged", "snoozed", "resolved", "all"] as const;
export type TStateView = (typeof STATE_VIEWS)[number];
export const STATE_VIEW_LABEL: Record<TStateView, string> = {
  active: "Open + acknowledged",
  open: "Open",
  acknowledged: "Acknowledged",
  snoozed: "Snoozed",
  resolved: "Resolved",
  all: "All states",
};

export type TQueueFilters = {
  view: TStateView;
  kind: TExceptionKind | "";
  severity: TSeverity | "";
  channel: string;
  sku: string;
  /** "" anyone, "none" unassigned, "mine", or an email */
  assignee: string;
  breached: boolean;
  sort: TSort;
};

export const DEFAULT_FILTERS: TQueueFilters = { view: "active", kind: "", severity: "", channel: "", sku: "", assignee: "", breached: false, sort: "impact" };

type TParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export function filtersFromParams(params: TParams): TQueueFilters {
  const view = first(params.state) as TStateView;
  const kind = first(params.kind) as TExceptionKind;
  const severity = first(params.severity) as TSeverity;
  const sort = first(params.sort) as TSort;
  const assignee = first(params.assignee);
  return {
    view: STATE_VIEWS.includes(view) ? view : "active",
    kind: EXCEPTION_KINDS.includes(kind) ? kind : "",
    severity: SEVERITIES.includes(severity) ? severity : "",
    channel: first(params.channel).slice(0, 64),
    sku: first(params.sku).slice(0, 64),
    assignee: /^(none|mine|[^\s@]+@[^\s@]+)$/.test(assignee) ? assignee : "",
    breached: first(params.breached) === "1",
    sort: SORTS.includes(sort) ? sort : "impact",
  };
}

export function filtersToSearch(f: TQueueFilters): string {
  const p = new URLSearchParams();
  if (f.view !== "active") p.set("state", f.view);
  if (f.kind) p.set("kind", f.kind);
  if (f.severity) p.set("severity", f.severity);
  if (f.channel) p.set("channel", f.channel);
  if (f.sku) p.set("sku", f.sku);
  if (f.assignee) p.set("assignee", f.assignee);
  if (f.breached) p.set("breached", "1");
  if (f.sort !== "impact") p.set("sort", f.sort);
  const s = p.toString();
  return s ? `?${s}` : "";
}

const VIEW_STATES: Record<TStateView, TExceptionState[] | undefined> = {
  active: ["open", "acknowledged"],
  open: ["open"],
  acknowledged: ["acknowledged"],
  snoozed: ["snoozed"],
  resolved: ["resolved"],
  all: undefined,
};

/** The filter the server understands (ZExceptionFilter's shape). */
export function toServerFilter(f: TQueueFilters) {
  const codeOk = (s: string) => /^[A-Za-z0-9_.:/-]{1,64}$/.test(s);
  return {
    ...(VIEW_STATES[f.view] ? { state: VIEW_STATES[f.view] } : {}),
    ...(f.kind ? { kind: [f.kind] } : {}),
    ...(f.severity ? { severity: [f.severity] } : {}),
    ...(f.channel && codeOk(f.channel) ? { channel: f.channel } : {}),
    ...(f.sku && codeOk(f.sku) ? { sku: f.sku } : {}),
    ...(f.assignee === "mine" ? { mine: true } : f.assignee ? { assignee: f.assignee } : {}),
    ...(f.breached ? { breached: true } : {}),
  };
}

export const PAGE_SIZE = 50;

export function toListInput(f: TQueueFilters, cursor?: string) {
  return { ...toServerFilter(f), sort: f.sort, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
}
