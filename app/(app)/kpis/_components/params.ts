// The dashboard's range and channel live in the URL (?range=7d&channel=shopify, or
// ?range=custom&from=…&to=…), the same on the server (prefetch) and in the browser.
import type { TDashboardInput } from "@/server/kpis/kpis.types";

export const RANGE_OPTIONS = [
  { value: "24h", label: "24 h" },
  { value: "7d", label: "7 d" },
  { value: "30d", label: "30 d" },
  { value: "90d", label: "90 d" },
  { value: "custom", label: "Custom" },
] as const;
export type TRange = (typeof RANGE_OPTIONS)[number]["value"];

export type TKpiParams = { range: TRange; from: string; to: string; channel: string };
export const DEFAULT_PARAMS: TKpiParams = { range: "24h", from: "", to: "", channel: "" };

type TSearch = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export function paramsFromSearch(search: TSearch): TKpiParams {
  const range = first(search.range) as TRange;
  const isCustom = range === "custom";
  return {
    range: RANGE_OPTIONS.some((o) => o.value === range) ? range : "24h",
    from: isCustom ? first(search.from).slice(0, 40) : "",
    to: isCustom ? first(search.to).slice(0, 40) : "",
    channel: first(search.channel).slice(0, 64),
  };
}

export function toInput(p: TKpiParams): TDashboardInput {
  return {
    range: p.range,
    ...(p.channel ? { channel: p.channel } : {}),
    ...(p.range === "custom" && p.from ? { from: p.from } : {}),
    ...(p.range === "custom" && p.to ? { to: p.to } : {}),
  };
}

export function toSearch(p: TKpiParams): string {
  const q = new URLSearchParams();
  if (p.range !== "24h") q.set("range", p.range);
  if (p.range === "custom") {
    if (p.from) q.set("from", p.from);
    if (p.to) q.set("to", p.to);
  }
  if (p.channel) q.set("channel", p.channel);
  const s = q.toString();
  return s ? `?${s}` : "";
}
