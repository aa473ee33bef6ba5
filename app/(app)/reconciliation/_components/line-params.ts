import { ZLineFilters, type TLineFilters } from "@/server/reconciliation/reconciliation.types";

// The run page keeps its line filters in the URL (shareable, and the CSV link carries the same);
// the server component and the client component derive the same tRPC input from it.

export const LINES_PAGE = 50;
const KEYS = ["kind", "status", "sku", "location", "channel", "minRuns"] as const;

/** Reads the filters from search parameters; a value that would not validate is ignored. */
export function filtersFromSearch(get: (key: string) => string | null | undefined): TLineFilters {
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    const raw = get(key)?.trim();
    if (!raw) continue;
    const parsed = ZLineFilters.shape[key].safeParse(raw);
    if (parsed.success && parsed.data !== undefined && parsed.data !== 0) out[key] = parsed.data;
  }
  return out as TLineFilters;
}

export function searchOf(filters: TLineFilters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key] !== undefined) params.set(key, String(filters[key]));
  const qs = params.toString();
  return qs ? `?${qs}` : "";
}

export function searchRecordGetter(params: Record<string, string | string[] | undefined>) {
  return (key: string) => {
    const v = params[key];
    return Array.isArray(v) ? v[0] : v;
  };
}
