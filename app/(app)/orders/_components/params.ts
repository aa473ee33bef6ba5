// The orders list's filters live in the URL; this turns the query string into the list input and
// back, the same on the server (prefetch) and in the browser.
import { ORDER_STATES, type TOrderState } from "@/server/orders/state";

export type TOrderFilters = { channel: string; state: TOrderState | ""; orderRef: string; attention: boolean };
export const PAGE_SIZE = 50;

type TParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const isCode = (s: string) => /^[A-Za-z0-9_.:/-]{1,64}$/.test(s);

export function filtersFromParams(params: TParams): TOrderFilters {
  const state = first(params.state) as TOrderState;
  const channel = first(params.channel);
  return {
    channel: isCode(channel) ? channel : "",
    state: ORDER_STATES.includes(state) ? state : "",
    orderRef: first(params.orderRef).trim().slice(0, 200),
    attention: first(params.attention) === "1",
  };
}

export function filtersToSearch(f: TOrderFilters): string {
  const p = new URLSearchParams();
  if (f.attention) p.set("attention", "1");
  if (f.state) p.set("state", f.state);
  if (f.channel) p.set("channel", f.channel);
  if (f.orderRef) p.set("orderRef", f.orderRef);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function toListInput(f: TOrderFilters, cursor?: string) {
  return {
    limit: PAGE_SIZE,
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.state ? { state: f.state } : {}),
    ...(f.orderRef ? { orderRef: f.orderRef } : {}),
    ...(f.attention ? { attention: true } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** The order's page: channel and orderRef percent-encoded (a Shopify ref starts with #). */
export function orderHref(channel: string, orderRef: string) {
  return `/orders/${encodeURIComponent(channel)}/${encodeURIComponent(orderRef)}`;
}
