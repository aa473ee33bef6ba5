import { DRIFT_KINDS, DRIFT_SIGNS, DRIFT_SORTS, ZDriftQuery, type TDriftKind } from "@/server/drift/drift.types";

// The drift page keeps its whole state in the URL (shareable links); the server component
// and the client component derive the same tRPC input from it, so the prefetch is reused.

export const PAGE_SIZE = 50;

/** URL parameter → drift query field. */
const PARAMS = { q: "q", location: "location", channel: "channel", category: "category", sign: "sign", min: "minDrift", sort: "sort", cursor: "cursor" } as const;

export type TDriftPageInput = {
  kind: TDriftKind;
  limit: number;
  q?: string;
  location?: string;
  channel?: string;
  category?: string;
  sign?: (typeof DRIFT_SIGNS)[number];
  minDrift?: number;
  sort?: (typeof DRIFT_SORTS)[number];
  cursor?: string;
};

/** Reads the page's input from search parameters; a value that would not validate is ignored. */
export function driftInputFromSearch(get: (key: string) => string | null | undefined): TDriftPageInput {
  const view = get("view");
  const input: TDriftPageInput = { kind: DRIFT_KINDS.includes(view as TDriftKind) ? (view as TDriftKind) : "channel", limit: PAGE_SIZE };
  for (const [param, field] of Object.entries(PARAMS)) {
    const raw = get(param)?.trim();
    if (!raw) continue;
    const parsed = ZDriftQuery.shape[field].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) (input as Record<string, unknown>)[field] = parsed.data;
  }
  if (input.sort === "drift") delete input.sort;
  return input;
}

export function searchRecordGetter(params: Record<string, string | string[] | undefined>) {
  return (key: string) => {
    const v = params[key];
    return Array.isArray(v) ? v[0] : v;
  };
}
