// The delivery log's filters live in the URL (?endpoint=&type=&status=&message=), read the same on
// the server (prefetch) and in the browser.
import { MESSAGE_STATUSES, MESSAGE_TYPES, type TMessageStatus, type TMessageType } from "@/server/notifications/notifications.types";

export type TLogFilters = { endpoint: string; type: TMessageType | ""; status: TMessageStatus | ""; message: string };

type TParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export function logFiltersFromParams(params: TParams): TLogFilters {
  const type = first(params.type) as TMessageType;
  const status = first(params.status) as TMessageStatus;
  const endpoint = first(params.endpoint);
  const message = first(params.message);
  return {
    endpoint: /^ep_[A-Za-z0-9_-]{6,40}$/.test(endpoint) ? endpoint : "",
    type: MESSAGE_TYPES.includes(type) ? type : "",
    status: MESSAGE_STATUSES.includes(status) ? status : "",
    message: /^msg_[A-Za-z0-9_-]{6,60}$/.test(message) ? message : "",
  };
}

export function toMessagesInput(f: TLogFilters, cursor?: string) {
  return { limit: 25, ...(f.endpoint ? { endpoint: f.endpoint } : {}), ...(f.type ? { type: f.type } : {}), ...(f.status ? { status: f.status } : {}), ...(cursor ? { cursor } : {}) };
}

export function toQueryString(f: TLogFilters): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}
